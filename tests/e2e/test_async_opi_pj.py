"""BATCH_ASYNC_OPI_PJ on the demo data, on both engines: documents read from the file system and from a
CMIS repository, sent to a local PjOpiMetier SOAP server that stores them as Apogée does, looked for on
the SI, rows whose file is gone deleted, a document the SI does not show removed there and left, a
fault named, a dry run, then a rerun."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dev.fakes.cmis import FakeCmis
from dev.fakes.opi_metier import FakeOpiMetier

from ecandidat_batches.clock import paris_now, wall_clock
from ecandidat_batches.files.stores import CmisStore, FileSystemStore, Stores
from ecandidat_batches.hooks.cmis import CmisHook
from ecandidat_batches.hooks.opi_metier import PjOpiMetierHook
from ecandidat_batches.jobs import async_opi_pj

NOW = paris_now().replace(hour=22, minute=45, second=0, microsecond=0)
CODE = "BATCH_ASYNC_OPI_PJ"


@pytest.fixture(scope="module")
def apogee_dsn(pgdata: Path) -> str:
    """An Apogée-shaped database with IND_OPI, VOEUX_INS and OPI_PJ, beside the eCandidat databases."""
    from tests.fixtures.postgres import apogee_opi_database

    return apogee_opi_database(pgdata, "apogee_pj")


@pytest.fixture
def apogee(apogee_dsn: str) -> Iterator[Any]:
    with psycopg.connect(apogee_dsn, autocommit=True) as conn:
        conn.execute("TRUNCATE IND_OPI, VOEUX_INS, OPI_PJ")
        yield conn


@pytest.fixture
def service(apogee_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpiMetier]:
    (tmp_path / "apogee").mkdir()  # Apogée's document folder, as mounted on the workers
    with FakeOpiMetier(lambda: psycopg.connect(apogee_dsn), pj_folder=tmp_path / "apogee") as fake:
        monkeypatch.setenv(
            "AIRFLOW_CONN_PJ_OPI_METIER_DEFAULT", json.dumps(fake.connection(pj=True, retries=1))
        )
        yield fake


def scenario(db: Any, apogee: Any, store: FileSystemStore) -> dict[str, dict[str, Any]]:
    """The demo's active campaign made an Apogée one; five PJ OPI of candidats 2, 4 and 6, known to
    Apogée (IND_OPI 702, 704, 706): "ok" (its file on disk), "renamed" (its file gone from the disk),
    "no_row" (its fichier row gone), "unstored" (Apogée answers but keeps nothing), "refused" (a fault)."""
    db.execute("UPDATE campagne SET typ_siscol = 'A' WHERE id_camp = 2")
    db.execute("DELETE FROM pj_opi")
    db.execute(
        "UPDATE candidat SET nom_pat_candidat = 'Lefèvre', prenom_candidat = 'Zoé' WHERE id_candidat = 2"
    )
    rows: dict[str, dict[str, Any]] = {}
    plan = {"ok": (2, "CNI"), "renamed": (2, "REL"), "no_row": (4, "CNI"), "unstored": (4, "REL"),
            "refused": (6, "CNI")}  # fmt: skip
    for name, (n, piece) in plan.items():
        id_fichier, path, file_name = db.execute(
            "SELECT f.id_fichier, f.file_fichier, f.nom_fichier FROM fichier f WHERE f.auteur_fichier = %s"
            " ORDER BY f.id_fichier LIMIT 1 OFFSET %s", (f"DEMO000{n}", 0 if piece == "CNI" else 1)).fetchone()  # fmt: skip
        store.write(path, f"%PDF {name}".encode())
        rows[name] = {"cod_opi": f"ECDEMO000{n}", "cod_apo_pj": piece, "cod_ind_opi": f"70{n}",
                      "id_fichier": id_fichier, "path": path, "nom": file_name}  # fmt: skip
        db.execute("INSERT INTO pj_opi (cod_apo_pj, cod_opi, cod_ind_opi, id_candidat, id_fichier)"
                   " VALUES (%s, %s, %s, %s, %s)", (piece, f"ECDEMO000{n}", f"70{n}", n, id_fichier))  # fmt: skip
    for n in (2, 4, 6):
        apogee.execute(
            "INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO) VALUES (%s, %s)", (700 + n, f"ECDEMO000{n}")
        )
    store.delete(rows["renamed"]["path"])
    db.execute("UPDATE pj_opi SET id_fichier = 999999 WHERE cod_opi = 'ECDEMO0004' AND cod_apo_pj = 'CNI'")
    return rows


def pj_rows(db: Any) -> dict[tuple[str, str], Any]:
    return {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT cod_opi, cod_apo_pj, dat_deversement FROM pj_opi").fetchall()}  # fmt: skip


def run(db: Any, store: Any, apogee_dsn: str, root: Path | None, **kwargs: Any) -> Any:
    db.autocommit = False
    try:
        return async_opi_pj.run(
            db, code=CODE, stores=Stores.single(store), typ_siscol="A", clock=lambda: NOW,
            apogee=lambda: psycopg.connect(apogee_dsn), apogee_pj_root=root, concurrency=3, **kwargs,
        )  # fmt: skip
    finally:
        db.autocommit = True


def test_documents_sent_checked_on_the_si_gone_rows_deleted(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path
) -> None:
    db = demo_db
    store = FileSystemStore(tmp_path / "files")
    rows = scenario(db, apogee, store)
    service.pj_unstored.add(("ECDEMO0004", "REL"))
    service.pj_faults[("ECDEMO0006", "CNI")] = "technical.data.nullretrieve.tpj"
    apogee.execute("INSERT INTO OPI_PJ (COD_IND_OPI, COD_TPJ) VALUES (704, 'REL')")  # an earlier attempt's
    with pytest.raises(async_opi_pj.PjOpiFailedError) as failed:
        run(db, store, apogee_dsn, tmp_path / "apogee", pj_service=PjOpiMetierHook(pool_size=3))
    message = str(failed.value)
    assert "2 PJ OPI non déversée(s)" in message
    assert "Fin batch, déversement de 5 PJ OPI, dont 2 erreur(s)" in message
    assert "Erreur PJ OPI ECDEMO0004/REL (candidat 4) : absente du SI après l'envoi" in message
    assert (
        "Erreur PJ OPI ECDEMO0006/CNI (candidat 6) : refusée par Apogée : technical.data.nullretrieve.tpj"
        in message
    )
    # The document as Apogée received it: the OPI code, the names cleaned as eCandidat, the bytes.
    sent = {(d[0], d[1]): d[2:] for d in service.documents}
    assert sent[("ECDEMO0002", "CNI")] == ("LEFEVRE", "ZOE", rows["ok"]["nom"], b"%PDF ok")
    assert set(sent) == {("ECDEMO0002", "CNI"), ("ECDEMO0004", "REL"), ("ECDEMO0006", "CNI")}
    assert (tmp_path / "apogee" / "702_OPI" / "PJ_CNI_702.pdf").read_bytes() == b"%PDF ok"
    after = pj_rows(db)
    assert after == {("ECDEMO0002", "CNI"): wall_clock(NOW), ("ECDEMO0004", "REL"): None,
                     ("ECDEMO0006", "CNI"): None}  # fmt: skip
    # The document the SI does not show: its OPI_PJ row removed in Apogée, for the next run.
    assert apogee.execute("SELECT COD_IND_OPI, COD_TPJ FROM OPI_PJ ORDER BY 1").fetchall() == [(702, "CNI")]
    # Fixed on Apogée's side: the next run sends only what is left.
    service.pj_unstored.clear()
    service.pj_faults.clear()
    service.documents.clear()
    summary = run(db, store, apogee_dsn, tmp_path / "apogee", pj_service=PjOpiMetierHook(pool_size=3))
    assert {(d[0], d[1]) for d in service.documents} == {("ECDEMO0004", "REL"), ("ECDEMO0006", "CNI")}
    assert all(v is not None for v in pj_rows(db).values())
    assert summary.compteurs == {
        "pj_opi": 2,
        "pj_opi_envoyees": 2,
        "pj_opi_supprimees": 0,
        "pj_opi_en_erreur": 0,
    }
    assert "Fin batch, déversement de 2 PJ OPI, dont 0 erreur(s)" in summary.lignes[-1]


def test_without_the_si_folder_no_check_and_dry_run(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path
) -> None:
    db = demo_db
    store = FileSystemStore(tmp_path / "files")
    scenario(db, apogee, store)
    before = pj_rows(db)
    summary = run(db, store, apogee_dsn, None, dry_run=True)
    assert pj_rows(db) == before
    assert service.documents == []
    assert summary.compteurs["pj_opi_supprimees"] == 2  # would be: their file is gone
    service.pj_unstored.add(("ECDEMO0004", "REL"))
    run(db, store, apogee_dsn, None, pj_service=PjOpiMetierHook())  # no folder: sent is done (eCandidat)
    assert sorted(pj_rows(db)) == [("ECDEMO0002", "CNI"), ("ECDEMO0004", "REL"), ("ECDEMO0006", "CNI")]
    assert all(v is not None for v in pj_rows(db).values())


def test_documents_read_from_cmis(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    db = demo_db
    scenario(db, apogee, FileSystemStore(tmp_path / "files"))
    db.execute("DELETE FROM pj_opi WHERE cod_opi <> 'ECDEMO0002' OR cod_apo_pj <> 'CNI'")
    with FakeCmis() as repo:
        folder = repo.folder("/eCandidat/candidat/CAMP2026/DEMO0002")
        doc = repo.add(folder, "CNI.pdf", content=b"%PDF from cmis")
        db.execute("UPDATE fichier SET typ_stockage_fichier = 'C', file_fichier = %s WHERE id_fichier ="
                   " (SELECT id_fichier FROM pj_opi WHERE cod_opi = 'ECDEMO0002')", (doc,))  # fmt: skip
        conn = {"conn_type": "http", "host": repo.url, "login": "ecandidat", "password": "secret",
                "extra": {"repository": "ecandidat", "timeout": 2, "retries": 1}}  # fmt: skip
        monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_CMIS", json.dumps(conn))
        cmis = CmisStore(CmisHook())
        db.autocommit = False
        async_opi_pj.run(db, code=CODE, stores=Stores(cmis, cmis, cmis, cmis), typ_siscol="A", clock=lambda: NOW,
                         pj_service=PjOpiMetierHook(), apogee_pj_root=tmp_path / "apogee",
                         apogee=lambda: psycopg.connect(apogee_dsn))  # fmt: skip
        db.autocommit = True
    assert [d[5] for d in service.documents] == [b"%PDF from cmis"]
    assert pj_rows(db) == {("ECDEMO0002", "CNI"): wall_clock(NOW)}


def test_not_apogee_or_no_active_campaign(demo_db: Any, tmp_path: Path) -> None:
    store = FileSystemStore(tmp_path)
    assert (
        "qu'Apogée"
        in async_opi_pj.run(demo_db, code=CODE, stores=Stores.single(store), typ_siscol="P").lignes[-1]
    )
    summary = async_opi_pj.run(demo_db, code=CODE, stores=Stores.single(store), typ_siscol="A", dry_run=True)
    assert "Aucune campagne active" in summary.lignes[-1]  # the demo's campaign is of typ_siscol D


def test_an_unmounted_folder_stops_the_run_before_any_change(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path
) -> None:
    """Every file would look gone (rows deleted) or absent from the SI (removed in Apogée)."""
    db = demo_db
    scenario(db, apogee, FileSystemStore(tmp_path / "files"))
    before = pj_rows(db)
    with pytest.raises(FileNotFoundError, match="dossier des fichiers eCandidat introuvable"):
        run(db, FileSystemStore(tmp_path / "not-mounted"), apogee_dsn, None, pj_service=PjOpiMetierHook())
    with pytest.raises(FileNotFoundError, match="apogee_pj_root : dossier des PJ d'Apogée introuvable"):
        run(
            db,
            FileSystemStore(tmp_path / "files"),
            apogee_dsn,
            tmp_path / "nowhere",
            pj_service=PjOpiMetierHook(),
        )
    assert pj_rows(db) == before
    assert service.documents == []


def test_the_dag(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, pgdata: Path, tmp_path: Path,
    deployed_dag: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Through dag.test(): the file store, Apogée's folder and connections from Airflow's configuration."""
    db = demo_db
    scenario(db, apogee, FileSystemStore(tmp_path / "files"))
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__SISCOL_TYPE", "A")
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(tmp_path / "files"))
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__APOGEE_PJ_ROOT", str(tmp_path / "apogee"))
    monkeypatch.setenv("AIRFLOW_CONN_APOGEE_DEFAULT", json.dumps(
        {"conn_type": "postgres", "host": str(pgdata), "login": "postgres", "schema": "apogee_pj"}))  # fmt: skip
    dag = deployed_dag(CODE)
    result = dag.test(logical_date=None)
    assert str(getattr(result.state, "value", result.state)) == "success"
    assert len(service.documents) == 3
    assert sorted(pj_rows(db)) == [("ECDEMO0002", "CNI"), ("ECDEMO0004", "REL"), ("ECDEMO0006", "CNI")]
    assert all(v is not None for v in pj_rows(db).values())


def test_a_document_through_a_link_leading_out_of_the_store_is_not_sent(
    demo_db: Any, apogee: Any, service: FakeOpiMetier, apogee_dsn: str, tmp_path: Path
) -> None:
    """A file of the store that is a symbolic link to a file outside it, or under a link to a folder
    outside: never read (it would go to Apogée), named, its row kept, the run failed; the others go."""
    db = demo_db
    store = FileSystemStore(tmp_path / "files")
    rows = scenario(db, apogee, store)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not for Apogee")
    unstored = store.root / rows["unstored"]["path"]
    unstored.unlink()
    unstored.symlink_to(secret)
    refused = Path(rows["refused"]["path"])
    (store.root / refused.parent).rename(tmp_path / "moved")
    (store.root / refused.parent).symlink_to(tmp_path / "moved", target_is_directory=True)
    with pytest.raises(async_opi_pj.PjOpiFailedError) as failed:
        run(db, store, apogee_dsn, tmp_path / "apogee", pj_service=PjOpiMetierHook(pool_size=3))
    message = str(failed.value)
    assert "Erreur PJ OPI ECDEMO0004/REL (candidat 4) : " in message
    assert "Erreur PJ OPI ECDEMO0006/CNI (candidat 6) : " in message
    assert message.count("hors du dossier des fichiers eCandidat") == 2
    assert {(d[0], d[1]) for d in service.documents} == {("ECDEMO0002", "CNI")}
    assert all(b"not for Apogee" not in d[-1] for d in service.documents)
    after = pj_rows(db)
    assert after[("ECDEMO0004", "REL")] is None
    assert after[("ECDEMO0006", "CNI")] is None, "kept for the next run, not deleted as gone"
