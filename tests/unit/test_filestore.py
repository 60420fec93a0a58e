"""The filesystem file store: deletions are idempotent and never leave the root."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ecandidat_batches.files.stores import FileSystemStore, OutsideStoreError, configured_store


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


# -- symbolic links: every path resolved against the real root ---------------------------------------


@pytest.fixture
def linked(tmp_path: Path) -> tuple[FileSystemStore, Path]:
    """A store whose campaign folder holds a link to a folder outside the store (``evil``), a link to a
    folder inside it (``alias`` -> ``OTHER``) and a link to a file outside (``passwd.pdf``)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.pdf").write_bytes(b"keep")
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.pdf").write_bytes(b"keep")
    store = FileSystemStore(tmp_path / "root")
    store.write("OTHER/inside.pdf", b"inside")
    store.write("CAMP/1/pj.pdf", b"x")
    (store.root / "CAMP" / "evil").symlink_to(outside, target_is_directory=True)
    (store.root / "CAMP" / "alias").symlink_to(store.root / "OTHER", target_is_directory=True)
    (store.root / "CAMP" / "1" / "passwd.pdf").symlink_to(outside / "precious.pdf")
    # a link in the store to a link that leads out
    (store.root / "CAMP" / "hop").symlink_to(store.root / "CAMP" / "evil", target_is_directory=True)
    return store, outside


@pytest.mark.parametrize(
    "path", ["CAMP/evil/precious.pdf", "CAMP/evil/sub/deep.pdf", "CAMP/hop/precious.pdf"]
)
def test_a_path_through_a_link_to_a_folder_outside_is_refused_and_nothing_is_touched(
    linked: tuple[FileSystemStore, Path], path: str
) -> None:
    store, outside = linked
    for use in (store.delete, store.exists, store.read, store.folder_exists, store.delete_folder):
        with pytest.raises(OutsideStoreError, match=r"passe par le lien symbolique .* qui mène à "):
            use(path)
    with pytest.raises(OutsideStoreError, match=re.escape(str(outside))):
        store.write(path, b"overwritten")
    with pytest.raises(OutsideStoreError):
        store.delete_folder("CAMP/evil/sub")
    assert (outside / "precious.pdf").read_bytes() == b"keep"
    assert (outside / "sub" / "deep.pdf").read_bytes() == b"keep"
    with pytest.raises(ValueError, match="hors du dossier"):  # still a ValueError for the batches
        store.delete(path)


def test_a_link_to_a_file_outside_is_never_read_and_deleting_it_removes_the_link(
    linked: tuple[FileSystemStore, Path],
) -> None:
    store, outside = linked
    with pytest.raises(OutsideStoreError, match=r"precious\.pdf"):
        store.read("CAMP/1/passwd.pdf")  # BATCH_ASYNC_OPI_PJ would have sent it to Apogée
    with pytest.raises(OutsideStoreError):
        store.write("CAMP/1/passwd.pdf", b"overwritten")
    assert store.exists("CAMP/1/passwd.pdf")
    store.delete("CAMP/1/passwd.pdf")
    assert not os.path.lexists(store.root / "CAMP" / "1" / "passwd.pdf")
    assert (outside / "precious.pdf").read_bytes() == b"keep"


def test_a_link_to_a_folder_inside_the_store_is_followed(linked: tuple[FileSystemStore, Path]) -> None:
    store, _outside = linked
    assert store.read("CAMP/alias/inside.pdf") == b"inside"
    store.write("CAMP/alias/new/written.pdf", b"new")
    assert (store.root / "OTHER" / "new" / "written.pdf").read_bytes() == b"new"
    store.delete("CAMP/alias/inside.pdf")
    assert not (store.root / "OTHER" / "inside.pdf").exists()


def test_a_campaign_folder_with_links_is_removed_without_following_them(
    linked: tuple[FileSystemStore, Path],
) -> None:
    store, outside = linked
    assert store.delete_folder("CAMP") is True
    assert not os.path.lexists(store.root / "CAMP")
    assert (outside / "precious.pdf").read_bytes() == b"keep"
    assert (outside / "sub" / "deep.pdf").read_bytes() == b"keep"
    assert (store.root / "OTHER" / "inside.pdf").exists()


def test_emptying_the_store_removes_its_links_not_what_they_point_to(
    linked: tuple[FileSystemStore, Path],
) -> None:
    store, outside = linked
    (store.root / "top_link").symlink_to(outside, target_is_directory=True)
    store.empty()
    assert list(store.root.iterdir()) == []
    assert sorted(p.name for p in outside.rglob("*")) == ["deep.pdf", "precious.pdf", "sub"]


def test_a_root_reached_through_a_link_is_its_real_folder(tmp_path: Path) -> None:
    real = tmp_path / "volume" / "files"
    real.mkdir(parents=True)
    (tmp_path / "mounted").symlink_to(real, target_is_directory=True)
    store = FileSystemStore(tmp_path / "mounted")
    store.write("CAMP/1/pj.pdf", b"x")
    assert store.read("CAMP/1/pj.pdf") == b"x"
    assert (real / "CAMP" / "1" / "pj.pdf").exists()
