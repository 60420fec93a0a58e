"""BATCH_DESTRUCT_DOSSIER on files where eCandidat keeps them: candidate and gestionnaire roots, CMIS
documents (present, gone, repository down), campaign folders on disk or in CMIS, and eCandidat's two
options; on both database engines, with real files and a CMIS repository speaking AtomPub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dev.fakes.cmis import FakeCmis

from ecandidat_batches.files.stores import CmisStore, FileSystemStore, MissingStore, Stores
from ecandidat_batches.hooks.cmis import CmisHook
from ecandidat_batches.jobs import demo, destruct_dossier

CODE = "BATCH_DESTRUCT_DOSSIER"
OLD = "2000-01-01 00:00:00"  # before the campaign's archiving: an orphan of it


@pytest.fixture
def demo_files(app_db: Any, tmp_path: Path) -> tuple[Any, FileSystemStore, FileSystemStore]:
    """The demo dataset, its candidate files on disk, and an empty gestionnaire root."""
    candidat, gestionnaire = (
        FileSystemStore(tmp_path / "candidat"),
        FileSystemStore(tmp_path / "gestionnaire"),
    )
    gestionnaire.root.mkdir()
    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=candidat)
    app_db.autocommit = True
    return app_db, candidat, gestionnaire


def run(conn: Any, stores: Stores, **kwargs: Any) -> Any:
    conn.autocommit = False
    try:
        return destruct_dossier.run(conn, stores, code=CODE, **kwargs)
    finally:
        conn.rollback()
        conn.autocommit = True


def cmis_connection(monkeypatch: pytest.MonkeyPatch, url: str, candidat_folder: str = "") -> None:
    extra = {"repository": "ecandidat", "timeout": 2, "retries": 1, "candidat_folder_id": candidat_folder}
    conn = {"conn_type": "http", "host": url, "login": "ecandidat", "password": "secret", "extra": extra}
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_CMIS", json.dumps(conn))


def campaign_files(conn: Any, cod_camp: str, n: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT id_fichier FROM fichier WHERE file_fichier LIKE %s ORDER BY id_fichier", (cod_camp + "/%",)
    ).fetchall()][:n]  # fmt: skip


def stamped(conn: Any) -> bool:
    return bool(conn.execute(
        "SELECT dat_destruct_effec_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2025'").fetchone()[0])  # fmt: skip


def records(conn: Any) -> list[str]:
    return sorted(r[0] for r in conn.execute("SELECT file_fichier FROM fichier_fiabilisation").fetchall())


def test_a_gestionnaire_file_is_removed_from_the_gestionnaire_root(demo_files: tuple) -> None:
    conn, candidat, gestionnaire = demo_files
    conn.execute(
        "INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,"
        " auteur_fichier, dat_cre_fichier) VALUES ('MODELE', 'modeles/modele.pdf', 'modele.pdf', 'G', 'F',"
        " 'gest', %s)",
        (OLD,),
    )
    gestionnaire.write("modeles/modele.pdf", b"gestionnaire")
    candidat.write("modeles/modele.pdf", b"a candidate file of the same name")

    summary = run(conn, Stores(candidat, gestionnaire, MissingStore("pas de CMIS"), candidat))
    assert not (gestionnaire.root / "modeles/modele.pdf").exists(), "the G orphan went from the G root"
    assert (candidat.root / "modeles/modele.pdf").exists(), "not from the candidate root"
    assert not (candidat.root / "CAMP2025").exists()
    assert summary.compteurs["erreurs_fichiers"] == 0
    assert records(conn) == []
    assert stamped(conn)


def test_cmis_documents_gone_present_and_a_repository_down(
    demo_files: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fixtures.airflow import free_port

    conn, candidat, gestionnaire = demo_files
    with FakeCmis() as repo:
        folder = repo.folder("/eCandidat/candidat/CAMP2025/DOSSIER")
        docs = [repo.add(folder, f"pj{i}.pdf") for i in range(3)]
        for id_fichier, doc in zip(campaign_files(conn, "CAMP2025", 3), docs, strict=True):
            conn.execute(
                "UPDATE fichier SET typ_stockage_fichier = 'C', file_fichier = %s WHERE id_fichier = %s",
                (doc, id_fichier),
            )
        repo.nodes[folder].children.remove(docs[0])
        del repo.nodes[docs[0]]  # already gone from the repository

        # The repository is down: its files keep their records, the others go, the run fails at the end.
        cmis_connection(monkeypatch, f"http://127.0.0.1:{free_port()}/cmis/atom11")
        with pytest.raises(destruct_dossier.FilesNotRemovedError, match="3 fichier\\(s\\)") as failed:
            run(conn, Stores(candidat, gestionnaire, CmisStore(CmisHook()), candidat))
        assert "dépôt CMIS injoignable" in str(failed.value)
        assert records(conn) == sorted(docs)
        assert conn.execute("SELECT count(*) FROM compte_minima c JOIN campagne p ON p.id_camp = c.id_camp"
                            " WHERE p.cod_camp = 'CAMP2025'").fetchone()[0] == 0  # fmt: skip
        assert not (candidat.root / "CAMP2025").exists(), "the file system's files and folder went"
        assert repo.exists(docs[1])
        assert repo.exists(docs[2])

        # The repository is back: the next run retries the records; a document already gone is fine.
        cmis_connection(monkeypatch, repo.url)
        summary = run(conn, Stores(candidat, gestionnaire, CmisStore(CmisHook()), candidat))
        assert summary.compteurs["erreurs_fichiers"] == 0
        assert records(conn) == []
        assert not repo.exists(docs[1])
        assert not repo.exists(docs[2])


def test_eCandidat_options_leave_files_and_folder_to_the_admin(  # noqa: N802 (eCandidat's name)
    demo_files: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, candidat, _gestionnaire = demo_files
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DESTRUCT_FILES_MANUALLY", "True")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DESTRUCT_ROOT_FOLDER_MANUALLY", "True")
    on_disk = sorted(p.relative_to(candidat.root) for p in (candidat.root / "CAMP2025").rglob("*.pdf"))
    orphan = Path("CAMP2025/orphelin.pdf")
    assert orphan in on_disk

    summary = run(conn, Stores.single(candidat))
    left = sorted(p.relative_to(candidat.root) for p in (candidat.root / "CAMP2025").rglob("*.pdf"))
    assert left == [p for p in on_disk if p != orphan], "the accounts' files stay; orphans still go"
    assert summary.compteurs["fichiers_laisses"] == len(left)
    assert records(conn) == [], "rows only: nothing is pending"
    assert (
        conn.execute("SELECT count(*) FROM fichier WHERE file_fichier LIKE 'CAMP2025/%%'").fetchone()[0] == 0
    )
    assert any("conservé" in line for line in summary.lignes)
    assert stamped(conn)


def test_a_campaign_folder_in_cmis_that_cannot_go_is_tried_again(
    demo_files: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, candidat, gestionnaire = demo_files
    with FakeCmis() as repo:
        root = repo.folder("/eCandidat/candidat")
        stuck = repo.add(repo.folder("/eCandidat/candidat/CAMP2025/DOSSIER"), "verrou.pdf")
        repo.locked.add(stuck)
        cmis_connection(monkeypatch, repo.url, root)
        cmis = CmisStore(CmisHook())
        with pytest.raises(destruct_dossier.FilesNotRemovedError, match="1 dossier\\(s\\)"):
            run(conn, Stores(candidat, gestionnaire, cmis, cmis))
        assert not stamped(conn), "not destroyed while its folder stays"

        repo.locked.clear()
        cmis = CmisStore(CmisHook())
        dry = run(conn, Stores(candidat, gestionnaire, cmis, cmis), dry_run=True)
        assert "Dossier CAMP2025 supprimé" in " ".join(dry.lignes), "the dry run finds the CMIS folder"
        assert repo.exists(stuck)
        summary = run(conn, Stores(candidat, gestionnaire, CmisStore(CmisHook()), CmisStore(CmisHook())))
        assert "Dossier CAMP2025 supprimé" in " ".join(summary.lignes)
        assert not repo.exists(stuck)
        assert stamped(conn)


def test_files_left_to_the_admin_are_never_deleted_by_a_run_after_a_crash(
    demo_files: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """destruct_files_manually: the accounts' records are forgotten in the transaction that deletes the
    accounts, so a run killed right after it leaves no record for the next run to delete the files."""
    conn, candidat, _gestionnaire = demo_files
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DESTRUCT_FILES_MANUALLY", "True")
    on_disk = sorted(p for p in (candidat.root / "CAMP2025").rglob("*.pdf") if p.name != "orphelin.pdf")

    def crash(step: str) -> None:
        if step == "comptes_supprimes":
            raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        run(conn, Stores.single(candidat), checkpoint=crash)
    assert records(conn) == []
    monkeypatch.delenv("AIRFLOW__ECANDIDAT__DESTRUCT_FILES_MANUALLY")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__DESTRUCT_ROOT_FOLDER_MANUALLY", "True")
    run(conn, Stores.single(candidat))  # the next run, without the option
    assert all(p.exists() for p in on_disk), "the admin's files stay"


def test_a_record_through_a_link_leading_out_of_the_store_is_refused_named_and_kept(
    demo_files: tuple, tmp_path: Path
) -> None:
    """A symbolic link in the store to a folder outside it: a file recorded through it used to be
    deleted outside the root (the containment was lexical). Now it is refused, named, its record kept,
    the run failed; nothing outside is touched, the other files go."""
    conn, candidat, gestionnaire = demo_files
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.pdf").write_bytes(b"keep")
    (candidat.root / "CAMP2025" / "lien").symlink_to(outside, target_is_directory=True)
    (id_fichier,) = campaign_files(conn, "CAMP2025", 1)
    conn.execute(
        "UPDATE fichier SET file_fichier = 'CAMP2025/lien/precious.pdf' WHERE id_fichier = %s", (id_fichier,)
    )
    stores = Stores(candidat, gestionnaire, MissingStore("pas de CMIS"), candidat)
    with pytest.raises(destruct_dossier.FilesNotRemovedError, match=r"1 fichier\(s\)") as failed:
        run(conn, stores)
    assert (outside / "precious.pdf").read_bytes() == b"keep"
    assert records(conn) == ["CAMP2025/lien/precious.pdf"], "its record kept"
    assert any(
        "Fichier non supprimé : CAMP2025/lien/precious.pdf (système de fichiers) : chemin de fichier hors du "
        f"dossier des fichiers eCandidat : 'CAMP2025/lien/precious.pdf' passe par le lien symbolique "
        f"{candidat.root / 'CAMP2025' / 'lien'} qui mène à {outside}" in line
        for line in failed.value.summary.lignes
    )
    assert failed.value.summary.compteurs["fichiers_retires"] > 0, "the other files went"
    assert not (candidat.root / "CAMP2025").exists(), "the campaign folder went, its link unfollowed"
    # The link gone with the campaign folder, the next run forgets the record; outside stays.
    summary = run(conn, stores)
    assert records(conn) == []
    assert summary.compteurs["erreurs_fichiers"] == 0
    assert (outside / "precious.pdf").read_bytes() == b"keep"


def test_batch_demo_empties_a_store_holding_links_without_following_them(app_db: Any, tmp_path: Path) -> None:
    """BATCH_DEMO empties the store before writing its files: a campaign folder that is a link to a
    folder outside loses its link, not what it points to; the demo's files are written inside."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.pdf").write_bytes(b"keep")
    store = FileSystemStore(tmp_path / "files")
    store.root.mkdir()
    (store.root / "CAMP2026").symlink_to(outside, target_is_directory=True)
    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    app_db.autocommit = True
    assert sorted(p.name for p in outside.iterdir()) == ["precious.pdf"]
    assert (store.root / "CAMP2026").is_dir()
    assert not (store.root / "CAMP2026").is_symlink()
    assert any((store.root / "CAMP2026").rglob("*.pdf"))
