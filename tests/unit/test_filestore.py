"""The filesystem file store: deletions are idempotent and never leave the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecandidat_batches.files.stores import FileSystemStore, configured_store


def test_write_delete_and_delete_again(tmp_path: Path) -> None:
    store = FileSystemStore(tmp_path)
    store.write("CAMP/123/pj.pdf", b"x")
    assert (tmp_path / "CAMP/123/pj.pdf").read_bytes() == b"x"
    store.delete("CAMP/123/pj.pdf")
    store.delete("CAMP/123/pj.pdf")  # a retry after a crash
    assert not (tmp_path / "CAMP/123/pj.pdf").exists()
    assert store.delete_folder("CAMP") is True
    assert store.delete_folder("CAMP") is False


@pytest.mark.parametrize("path", ["../outside.pdf", "CAMP/../../outside.pdf", "/etc/passwd", ".", ""])
def test_paths_outside_the_root_are_refused(tmp_path: Path, path: str) -> None:
    (tmp_path / "outside.pdf").write_bytes(b"keep")
    store = FileSystemStore(tmp_path / "root")
    with pytest.raises(ValueError, match="hors du dossier"):
        store.delete(path)
    assert (tmp_path / "outside.pdf").exists()


def test_a_symlink_is_removed_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "precious.pdf"
    target.write_bytes(b"keep")
    store = FileSystemStore(tmp_path / "root")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "link.pdf").symlink_to(target)
    store.delete("link.pdf")
    assert target.exists()
    assert not (tmp_path / "root" / "link.pdf").exists()


def test_unconfigured_store_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", raising=False)
    with pytest.raises(RuntimeError, match="file_store_root"):
        configured_store()


def test_delete_folder_removes_the_whole_tree_and_follows_no_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.pdf").write_bytes(b"keep")
    store = FileSystemStore(tmp_path / "root")
    for i in range(300):  # more entries than one directory read returns
        store.write(f"CAMP/{i}/pj_{i}.pdf", b"x")
    store.write("CAMP/deep/er/still.pdf", b"x")
    (store.root / "CAMP" / "link_dir").symlink_to(outside, target_is_directory=True)
    (store.root / "CAMP" / "7" / "link.pdf").symlink_to(outside / "precious.pdf")
    store.write("OTHER/kept.pdf", b"x")

    assert store.delete_folder("CAMP") is True
    assert not (store.root / "CAMP").exists()
    assert (outside / "precious.pdf").read_bytes() == b"keep"
    assert (store.root / "OTHER" / "kept.pdf").exists()
    assert store.delete_folder("CAMP") is False
