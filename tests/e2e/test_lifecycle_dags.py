"""BATCH_ARCHIVAGE, BATCH_NETTOYAGE_CPT and BATCH_DESTRUCT_DOSSIER on the real PostgreSQL and real files."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.airflow import DAGS

from ecandidat_batches.files.stores import FileSystemStore
from ecandidat_batches.jobs import demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_db(app_db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, FileSystemStore]:
    """The demo dataset with its attachment files in a temporary file store."""
    store = FileSystemStore(tmp_path / "files")
    app_db.autocommit = False
    demo.run(app_db, code="BATCH_DEMO", demo_mode=True, store=store)
    app_db.autocommit = True
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT", str(store.root))
    return app_db, store


@pytest.fixture(scope="module")
def dags(airflow_db: None) -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    return bag.dags


def launch(dag: Any, **conf: Any) -> tuple[str, dict[str, Any] | None]:
    # dag.test() keeps the last run's conf in the DAG object's params: always pass dry_run.
    run = dag.test(logical_date=None, run_conf={"dry_run": False, **conf})
    state = str(getattr(run.state, "value", run.state))
    work = next(iter(run.get_task_instances()))
    return state, (work.xcom_pull(task_ids=work.task_id) if state == "success" else None)


def q(conn: Any, sql: str, *params: Any) -> Any:
    return conn.execute(sql, params).fetchall()


def one(conn: Any, sql: str, *params: Any) -> Any:
    return conn.execute(sql, params).fetchone()[0]


TABLES = [
    "compte_minima", "histo_num_dossier", "candidat", "candidature", "opi", "pj_cand", "fichier",
    "fichier_fiabilisation", "type_decision_candidature", "formulaire_cand", "pj_opi", "adresse",
    "candidat_bac_ou_equ", "candidat_cursus_post_bac", "campagne", "load_balancing_reload",
]  # fmt: skip


def snapshot(conn: Any) -> dict[str, Any]:
    """Every row of the tables the batches touch (dates included)."""
    return {t: sorted(map(repr, q(conn, f"SELECT * FROM {t}"))) for t in TABLES}


def files_on_disk(store: FileSystemStore) -> set[str]:
    return {str(p.relative_to(store.root)) for p in store.root.rglob("*") if p.is_file()}


def camp_rows(conn: Any, cod_camp: str) -> dict[str, Any]:
    """The rows of one campaign, to check nothing outside the target is touched."""
    accounts = (
        "(SELECT id_cpt_min FROM compte_minima m JOIN campagne c USING (id_camp) WHERE c.cod_camp = %s)"
    )
    return {
        "comptes": q(
            conn, f"SELECT * FROM compte_minima WHERE id_cpt_min IN {accounts} ORDER BY 1", cod_camp
        ),
        "candidatures": q(
            conn,
            f"SELECT cd.* FROM candidature cd JOIN candidat ca USING (id_candidat) WHERE ca.id_cpt_min IN {accounts}"
            " ORDER BY 1",
            cod_camp,
        ),
        "fichiers": q(conn, "SELECT * FROM fichier WHERE file_fichier LIKE %s ORDER BY 1", cod_camp + "/%"),
    }


# -- BATCH_ARCHIVAGE -------------------------------------------------------------------------------


def test_archivage(dags: dict, demo_db: tuple) -> None:
    conn, _store = demo_db
    before = snapshot(conn)
    state, dry = launch(dags["BATCH_ARCHIVAGE"], dry_run=True)
    assert state == "success"
    assert snapshot(conn) == before
    assert dry["compteurs"]["campagnes"] == 1

    state, summary = launch(dags["BATCH_ARCHIVAGE"])
    assert state == "success"
    assert q(conn, "SELECT cod_camp FROM campagne WHERE tes_camp AND dat_archiv_camp IS NULL") == [
        ("CAMP2027",)
    ]
    row = q(conn, "SELECT tes_camp, dat_archiv_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2026'")
    assert row == [(False, True)]
    assert one(conn, "SELECT dat_activat_effec_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2027'")
    # the 8 formation dates were frozen into CAMP2026's candidatures, and only those
    dates = "dat_analyse_form, dat_confirm_form, delai_confirm_form, dat_deb_depot_form, dat_fin_depot_form,"
    dates += " dat_retour_form, dat_publi_form, dat_jury_form"
    pairs = q(
        conn,
        f"""SELECT {", ".join("cd." + d.strip() for d in dates.split(","))},
                   {", ".join("f." + d.strip() for d in dates.split(","))}
           FROM candidature cd JOIN formation f USING (id_form)
           JOIN candidat ca USING (id_candidat) JOIN compte_minima m USING (id_cpt_min)
           JOIN campagne c USING (id_camp)
           WHERE c.cod_camp = 'CAMP2026'""",
    )
    assert pairs
    assert [row[:8] for row in pairs] == [row[8:] for row in pairs]
    assert summary["compteurs"]["candidatures"] == dry["compteurs"]["candidatures"] > 0
    assert (
        one(conn, "SELECT count(*) FROM candidature WHERE dat_analyse_form IS NOT NULL")
        == summary["compteurs"]["candidatures"]
    )
    assert ("campagne",) in q(conn, "SELECT cod_data_lb_reload FROM load_balancing_reload")
    # eCandidat's @PreUpdate: the changed candidatures carry the run's time, the others keep theirs.
    activated = one(conn, "SELECT dat_activat_effec_camp FROM campagne WHERE cod_camp = 'CAMP2027'")
    modified = q(
        conn,
        "SELECT c.cod_camp, cd.dat_mod_cand = %s FROM candidature cd JOIN candidat ca USING (id_candidat)"
        " JOIN compte_minima m USING (id_cpt_min) JOIN campagne c USING (id_camp) GROUP BY 1, 2 ORDER BY 1",
        activated,
    )
    assert [(camp, bool(now)) for camp, now in modified] == [("CAMP2025", False), ("CAMP2026", True)]

    after = snapshot(conn)
    state, again = launch(dags["BATCH_ARCHIVAGE"])
    assert state == "success"
    assert again["lignes"][0].endswith("Aucune campagne à archiver")
    assert snapshot(conn) == after


def test_archivage_without_campaign_to_archive_fails_naming_it(dags: dict, demo_db: tuple) -> None:
    conn, _store = demo_db
    conn.execute("UPDATE campagne SET archiv_id_camp = NULL WHERE cod_camp = 'CAMP2027'")
    before = snapshot(conn)
    state, _ = launch(dags["BATCH_ARCHIVAGE"])
    assert state == "failed"
    assert snapshot(conn) == before


# -- BATCH_NETTOYAGE_CPT ---------------------------------------------------------------------------


def test_nettoyage_cpt(dags: dict, demo_db: tuple) -> None:
    conn, _store = demo_db
    before = snapshot(conn)
    state, dry = launch(dags["BATCH_NETTOYAGE_CPT"], dry_run=True)
    assert state == "success"
    assert dry["compteurs"] == {"comptes": 3, "numeros_dossier": 3, "conserves": 1}
    assert snapshot(conn) == before

    state, summary = launch(dags["BATCH_NETTOYAGE_CPT"])
    assert state == "success"
    assert summary["compteurs"] == {"comptes": 3, "numeros_dossier": 3, "conserves": 1}
    remaining = {r[0] for r in q(conn, "SELECT num_dossier_opi_cpt_min FROM compte_minima")}
    assert not remaining & {"DEMO0007", "DEMO0008", "DEMO0009"}
    assert {"DEMO0010", "DEMO0011", "DEMO0012"} <= remaining  # a candidat; still valid
    numbers = {r[0] for r in q(conn, "SELECT num_dossier FROM histo_num_dossier")}
    assert numbers == remaining

    state, again = launch(dags["BATCH_NETTOYAGE_CPT"])
    assert state == "success"
    assert again["compteurs"]["comptes"] == 0


def test_chunk_follows_the_setting_times_the_jobs_factor(
    demo_db: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecandidat_batches.jobs import nettoyage_cpt

    conn, _store = demo_db
    chunks: list[str] = []
    monkeypatch.setattr(nettoyage_cpt, "CHUNK_FACTOR", 2)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", "1")
    conn.autocommit = False
    summary = nettoyage_cpt.run(conn, code="BATCH_NETTOYAGE_CPT", checkpoint=chunks.append)
    conn.autocommit = True
    assert summary.compteurs["comptes"] == 3
    # 3 accounts by chunks of 1 x 2: one full chunk, then the last one (1 alone: 3; 500 x 2: none)
    assert chunks == ["lot_supprime"]


def test_archivage_and_nettoyage_cpt_with_the_largest_chunk_size(
    dags: dict, demo_db: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The largest chunk_size an admin may set (4 times that for these two batches): one chunk, whose
    ids MariaDB passes as two bounds (archiving) or through a temporary table (clean-up), never as a
    list; the same result as by default."""
    from ecandidat_batches import settings

    conn, _store = demo_db
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", str(settings.CHUNK_SIZE_MAX))
    state, summary = launch(dags["BATCH_NETTOYAGE_CPT"])
    assert state == "success"
    assert summary is not None
    assert summary["compteurs"] == {"comptes": 3, "numeros_dossier": 3, "conserves": 1}

    state, summary = launch(dags["BATCH_ARCHIVAGE"])
    assert state == "success"
    assert summary is not None
    frozen = one(
        conn,
        "SELECT count(*) FROM candidature cd JOIN formation f USING (id_form) JOIN candidat ca USING (id_candidat)"
        " JOIN compte_minima m USING (id_cpt_min) JOIN campagne c USING (id_camp)"
        " WHERE c.cod_camp = 'CAMP2026' AND cd.dat_analyse_form = f.dat_analyse_form"
        " AND cd.dat_jury_form = f.dat_jury_form",
    )
    assert summary["compteurs"]["candidatures"] == frozen > 0


# -- BATCH_DESTRUCT_DOSSIER ------------------------------------------------------------------------


def expected_after_destruction(conn: Any, store: FileSystemStore) -> tuple[dict, set[str]]:
    """What the other campaigns look like, and the files that must remain."""
    keep = {c: camp_rows(conn, c) for c in ("CAMP2026", "CAMP2027")}
    files = {f for f in files_on_disk(store) if not f.startswith("CAMP2025/")}
    return keep, files


def check_destroyed(conn: Any, store: FileSystemStore, keep: dict, files: set[str]) -> None:
    assert one(conn, "SELECT dat_destruct_effec_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2025'")
    assert camp_rows(conn, "CAMP2025") == {"comptes": [], "candidatures": [], "fichiers": []}
    assert {c: camp_rows(conn, c) for c in keep} == keep, "rows outside the target campaign changed"
    assert files_on_disk(store) == files
    assert not (store.root / "CAMP2025").exists()
    assert one(conn, "SELECT count(*) FROM fichier_fiabilisation") == 0
    # no orphan rows: every candidat has its account, every adresse its candidat (or commission)
    assert (
        one(
            conn,
            "SELECT count(*) FROM adresse a WHERE NOT EXISTS (SELECT 1 FROM candidat c WHERE c.id_adr = a.id_adr)"
            " AND NOT EXISTS (SELECT 1 FROM commission co WHERE co.id_adr = a.id_adr)",
        )
        == 0
    )
    # the dossier numbers are kept, as eCandidat does
    assert one(conn, "SELECT count(*) FROM histo_num_dossier WHERE cod_camp = 'CAMP2025'") == 4


def test_destruct_dossier(dags: dict, demo_db: tuple) -> None:
    conn, store = demo_db
    keep, files = expected_after_destruction(conn, store)
    assert any(f.startswith("CAMP2025/") for f in files_on_disk(store))
    before, disk_before = snapshot(conn), files_on_disk(store)

    state, dry = launch(dags["BATCH_DESTRUCT_DOSSIER"], dry_run=True)
    assert state == "success"
    assert snapshot(conn) == before
    assert files_on_disk(store) == disk_before
    assert dry["compteurs"]["compte_minima"] == 4
    assert dry["compteurs"]["candidature"] == 8
    assert dry["compteurs"]["fichier"] == 16 + 1  # two pieces per candidature, plus the orphan

    state, summary = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    check_destroyed(conn, store, keep, files)
    for key in ("compte_minima", "candidature", "fichier"):
        assert summary["compteurs"][key] == dry["compteurs"][key]
    assert summary["compteurs"]["fichiers_retires"] == 17

    state, again = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    assert again["compteurs"]["campagnes"] == 0


def test_destruct_dossier_missing_folder_is_not_an_error(dags: dict, demo_db: tuple) -> None:
    conn, store = demo_db
    keep, files = expected_after_destruction(conn, store)
    store.delete_folder("CAMP2025")
    state, summary = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    assert any("Dossier CAMP2025 absent" in line for line in summary["lignes"])
    check_destroyed(conn, store, keep, files)


def test_destruct_dossier_retries_a_file_it_could_not_remove(dags: dict, demo_db: tuple) -> None:
    conn, store = demo_db
    # A file of the campaign stored outside its folder (the folder removal would not reach it),
    # with a directory in its place: the store cannot unlink it.
    stuck = "partage/pj_bloquee.pdf"
    conn.execute(
        "UPDATE fichier SET file_fichier = %s WHERE id_fichier = (SELECT min(id_fichier) FROM fichier"
        " WHERE file_fichier LIKE 'CAMP2025/%%')",
        (stuck,),
    )
    (store.root / stuck).mkdir(parents=True)
    (store.root / stuck / "x").write_text("x")

    state, _ = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "failed", "a file left in the store fails the run at the end"
    assert q(conn, "SELECT file_fichier FROM fichier_fiabilisation") == [(stuck,)]
    assert one(conn, "SELECT dat_destruct_effec_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2025'")

    # The admin repairs the file system; the next run retries the recorded file.
    import shutil

    shutil.rmtree(store.root / stuck)
    (store.root / stuck).write_text("a real file again")
    state, _ = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    assert not (store.root / stuck).exists()
    assert one(conn, "SELECT count(*) FROM fichier_fiabilisation") == 0


def test_destruct_dossier_keeps_a_stored_file_another_row_still_uses(dags: dict, demo_db: tuple) -> None:
    conn, store = demo_db
    # One file of the destroyed campaign and one of a kept campaign point at the same stored file.
    common = "partage/commun.pdf"
    for cod_camp in ("CAMP2025", "CAMP2026"):
        conn.execute(
            "UPDATE fichier SET file_fichier = %s WHERE id_fichier = (SELECT min(id_fichier) FROM fichier"
            " WHERE file_fichier LIKE %s)",
            (common, cod_camp + "/%"),
        )
    store.write(common, b"%PDF-1.4\n")
    keep, files = expected_after_destruction(conn, store)

    state, summary = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    check_destroyed(conn, store, keep, files)  # the shared file is still on disk, its record gone
    assert (store.root / common).is_file()
    assert summary["compteurs"]["fichiers_retires"] == summary["compteurs"]["fichier"] - 1


def test_destruct_dossier_records_more_than_a_mebibyte_of_files_in_one_chunk(
    dags: dict, demo_db: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk's file records longer than 1 MiB (where MariaDB cut a JSON_ARRAYAGG, with a mere
    warning) come back whole, every file removed."""
    conn, store = demo_db
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", "5000")
    folder = "CAMP2025/" + "/".join(["d" * 200] * 4)  # paths of about 820 characters
    paths = [f"{folder}/orphelin_{n:04d}.pdf" for n in range(1400)]
    created = one(conn, "SELECT dat_cre_fichier FROM fichier WHERE cod_fichier = 'ORPHELIN_1'")
    for path in paths:
        store.write(path, b"%PDF-1.4\n")
    conn.raw.cursor().executemany(
        "INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,"
        " auteur_fichier, dat_cre_fichier) VALUES (%s, %s, 'o.pdf', 'C', 'F', 'test', %s)",
        [(f"LONG_{n}", path, created) for n, path in enumerate(paths)],
    )
    assert sum(map(len, paths)) > 1024 * 1024

    state, summary = launch(dags["BATCH_DESTRUCT_DOSSIER"])

    assert state == "success"
    assert not any((store.root / path).exists() for path in paths)
    assert one(conn, "SELECT count(*) FROM fichier WHERE cod_fichier LIKE 'LONG%%'") == 0
    assert one(conn, "SELECT count(*) FROM fichier_fiabilisation") == 0
    assert summary["compteurs"]["erreurs_fichiers"] == 0


def test_destruct_dossier_with_a_very_large_chunk_size(
    dags: dict, demo_db: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The largest chunk_size an admin may set: the campaign in one chunk, whose file records (more
    than MariaDB's 16 MiB max_allowed_packet of paths, which one JSON value of them exceeded) come
    back by pages; the dry run reports exactly what the run does."""
    from ecandidat_batches import settings

    conn, store = demo_db
    keep, files = expected_after_destruction(conn, store)
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", str(settings.CHUNK_SIZE_MAX))
    folder = "CAMP2025/" + "/".join(["d" * 200] * 4)  # paths of about 820 characters
    paths = [f"{folder}/orphelin_{n:05d}.pdf" for n in range(21_000)]
    assert sum(map(len, paths)) > 16 * 1024 * 1024
    created = one(conn, "SELECT dat_cre_fichier FROM fichier WHERE cod_fichier = 'ORPHELIN_1'")
    (store.root / folder).mkdir(parents=True)
    for path in paths:
        (store.root / path).write_bytes(b"%PDF-1.4\n")
    cur = conn.raw.cursor()
    cur.executemany(
        "INSERT INTO fichier (cod_fichier, file_fichier, nom_fichier, typ_fichier, typ_stockage_fichier,"
        " auteur_fichier, dat_cre_fichier) VALUES (%s, %s, 'o.pdf', 'C', 'F', 'test', %s)",
        [(f"LONG_{n}", path, created) for n, path in enumerate(paths)],
    )
    cur.close()
    before = snapshot(conn)

    state, dry = launch(dags["BATCH_DESTRUCT_DOSSIER"], dry_run=True)
    assert state == "success"
    assert dry is not None
    assert snapshot(conn) == before
    assert dry["compteurs"]["fichier"] == 16 + 1 + len(paths)

    state, summary = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    assert summary is not None
    check_destroyed(conn, store, keep, files)
    assert summary["compteurs"] == dry["compteurs"]
    assert summary["compteurs"]["fichiers_retires"] == 16 + 1 + len(paths)


@pytest.mark.parametrize("value", ["0", "-3", "cinq cents", "2147483648"])
def test_a_chunk_size_out_of_range_is_refused_naming_the_setting(
    demo_db: tuple, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from ecandidat_batches.jobs import destruct_dossier

    conn, store = demo_db
    monkeypatch.setenv("AIRFLOW__ECANDIDAT__CHUNK_SIZE", value)
    before, disk = snapshot(conn), files_on_disk(store)
    conn.autocommit = False
    with pytest.raises(ValueError, match=r"\[ecandidat\] chunk_size = .* refusé, un nombre entier"):
        destruct_dossier.run(conn, store, code="BATCH_DESTRUCT_DOSSIER")
    conn.autocommit = True
    assert snapshot(conn) == before
    assert files_on_disk(store) == disk


def rows_read(conn: Any, tables: list[str], job_conn: Any) -> int:
    """Rows of eCandidat's ``tables`` read so far: PostgreSQL, by the job's open transaction (its
    statistics of the transaction); MariaDB, by the server (its user statistics)."""
    if conn.engine == "mariadb":
        marks = ", ".join(["%s"] * len(tables))
        return int(one(conn, "SELECT coalesce(sum(rows_read), 0) FROM information_schema.table_statistics"
                             f" WHERE table_schema = 'ecandidat' AND table_name IN ({marks})", *tables))  # fmt: skip
    cur = job_conn.cursor()
    cur.execute(
        "SELECT coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)"
        " FROM pg_stat_xact_user_tables WHERE schemaname = 'public' AND relname = ANY(%s)",
        (tables,),
    )
    (n,) = cur.fetchone()
    cur.close()
    return int(n)


def test_destruct_dossier_chunks_read_no_row_of_the_other_campaigns(demo_db: tuple) -> None:
    """Each chunk reads its accounts' rows through the indexes: the rows it reads do not change when
    the campaign in service has three times more accounts, candidatures and files (eCandidat does not
    index fichier.file_fichier; a chunk used to read all of fichier to find the paths still in use)."""
    import datetime as dt

    from bench.engines import BENCH_SQL
    from tests.fixtures.appdb import connect_app_db

    from ecandidat_batches.db import sqlfiles
    from ecandidat_batches.db.preflight import ecandidat_columns
    from ecandidat_batches.db.transactions import transaction
    from ecandidat_batches.jobs import destruct_dossier

    conn, store = demo_db
    tables = sorted(ecandidat_columns())
    now = dt.datetime(2026, 1, 15, 10, 0)
    if conn.engine == "mariadb":
        conn.execute("SET GLOBAL userstat = 1")

    def add_accounts(first: int, prefix: str) -> None:
        """1,000 accounts in the campaign in service (2,500 candidatures, 5,000 files), statistics
        updated: the planner then probes indexes, as at a university's scale."""
        params = {
            "id_camp": 2, "cod_camp": "CAMP2026", "prefix": prefix, "first": first, "accounts": 1000,
            "invalid": 0, "born": dt.date(2005, 5, 5), "created": now, "expired": now, "filed": now,
        }  # fmt: skip
        conn.autocommit = False
        with transaction(conn) as cur:
            sqlfiles.execute(cur, BENCH_SQL / "generate.sql", params)
        conn.autocommit = True
        if conn.engine == "mariadb":
            conn.execute(f"ANALYZE TABLE {', '.join(tables)}").fetchall()
        else:
            conn.execute("ANALYZE")

    def per_chunk() -> list[int]:
        """Rows read by each chunk of one account (a dry run: one transaction, nothing changes)."""
        job_conn = connect_app_db(conn.engine)
        job_conn.autocommit = False
        marks: list[int] = []

        def checkpoint(point: str) -> None:
            if point == "comptes_supprimes":
                marks.append(rows_read(conn, tables, job_conn.raw))

        try:
            summary = destruct_dossier.run(
                job_conn, store, code="BATCH_DESTRUCT_DOSSIER", dry_run=True, chunk=1, checkpoint=checkpoint
            )
        finally:
            job_conn.close()
        assert summary.compteurs["compte_minima"] == 4
        return [after - before for before, after in itertools.pairwise(marks)]

    try:
        add_accounts(2_000_000, "L")
        small = per_chunk()
        add_accounts(2_100_000, "M")  # three times as many
        add_accounts(2_200_000, "N")
        large = per_chunk()
    finally:
        if conn.engine == "mariadb":
            conn.execute("SET GLOBAL userstat = 0")
    assert len(small) == len(large) == 4
    assert all(0 < n < 1000 for n in small), small
    # The campaign in service gained 2,000 accounts, 5,000 candidatures and 10,000 files: a chunk that
    # read any of its tables would read thousands of rows more. A few rows either way are the planner's
    # choices on the demo's small tables and what the previous dry run left (dead rows).
    assert all(abs(b - a) <= 20 for a, b in zip(small, large, strict=True)), (small, large)


def test_destruct_dossier_reads_committed_rows_then_puts_the_session_level_back(demo_db: tuple) -> None:
    """On MariaDB the run reads in READ COMMITTED (filling its work tables from fichier in InnoDB's
    REPEATABLE READ would lock every file row for the transaction), and the session's own level (here
    SERIALIZABLE) comes back after it; PostgreSQL's session keeps its level throughout."""
    from tests.fixtures.appdb import connect_app_db

    from ecandidat_batches.jobs import destruct_dossier

    conn, store = demo_db
    job_conn = connect_app_db(conn.engine)
    read = "SELECT @@SESSION.tx_isolation" if conn.engine == "mariadb" else "SHOW transaction_isolation"
    seen: list[str] = []

    def level() -> str:
        cur = job_conn.raw.cursor()
        cur.execute(read)
        (value,) = cur.fetchone()
        cur.close()
        return str(value).upper().replace(" ", "-")

    def checkpoint(point: str) -> None:
        if point == "comptes_supprimes":
            seen.append(level())

    try:
        if conn.engine == "mariadb":
            job_conn.raw.cursor().execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE")
        before = level()
        job_conn.autocommit = False
        summary = destruct_dossier.run(job_conn, store, code="BATCH_DESTRUCT_DOSSIER", checkpoint=checkpoint)
        after = level()
    finally:
        job_conn.close()
    assert summary.compteurs["compte_minima"] == 4
    assert seen
    assert set(seen) == {"READ-COMMITTED"}
    assert after == before == ("SERIALIZABLE" if conn.engine == "mariadb" else "READ-COMMITTED")


def test_destruct_dossier_without_file_store_is_a_clear_error(
    dags: dict, demo_db: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIRFLOW__ECANDIDAT__FILE_STORE_ROOT")
    before = snapshot(demo_db[0])
    state, _ = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "failed"
    assert snapshot(demo_db[0]) == before


# -- killed half way, then run again -----------------------------------------------------------------


def run_killed(job: str, point: str, nth: int, store: FileSystemStore, chunk: int = 2) -> int:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent / "kill_runner.py"),
            job,
            point,
            str(nth),
            str(chunk),
            str(store.root),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, -signal.SIGKILL), done.stderr[-2000:]
    return done.returncode


@pytest.mark.parametrize(
    ("point", "nth"),
    [
        ("comptes_supprimes", 1),  # accounts committed, their files not yet removed
        ("fichier_supprime", 3),  # in the middle of removing files
        ("comptes_supprimes", 2),
        ("orphelins_enregistres", 1),
        ("dossier_supprime", 1),  # folder gone, campaign not yet stamped
    ],
)
def test_destruct_dossier_killed_then_rerun(dags: dict, demo_db: tuple, point: str, nth: int) -> None:
    conn, store = demo_db
    keep, files = expected_after_destruction(conn, store)
    assert run_killed("destruct_dossier", point, nth, store) == -signal.SIGKILL
    # Consistent after the kill: every file on disk has a fichier row or a fiabilisation row.
    known = {
        r[0]
        for r in q(
            conn, "SELECT file_fichier FROM fichier UNION SELECT file_fichier FROM fichier_fiabilisation"
        )
    }
    assert files_on_disk(store) <= known
    assert {c: camp_rows(conn, c) for c in keep} == keep
    state, _ = launch(dags["BATCH_DESTRUCT_DOSSIER"])
    assert state == "success"
    check_destroyed(conn, store, keep, files)


@pytest.mark.parametrize(
    ("point", "nth"), [("dates_copiees", 1), ("dates_copiees", 3), ("campagnes_basculees", 1)]
)
def test_archivage_killed_then_rerun(dags: dict, demo_db: tuple, point: str, nth: int) -> None:
    conn, _store = demo_db
    assert run_killed("archivage", point, nth, demo_db[1]) == -signal.SIGKILL
    in_service = q(conn, "SELECT cod_camp FROM campagne WHERE tes_camp AND dat_archiv_camp IS NULL")
    assert len(in_service) == 1  # never two, never none
    state, _ = launch(dags["BATCH_ARCHIVAGE"])
    assert state == "success"
    assert q(conn, "SELECT cod_camp FROM campagne WHERE tes_camp AND dat_archiv_camp IS NULL") == [
        ("CAMP2027",)
    ]
    assert one(conn, "SELECT count(*) FROM candidature WHERE dat_analyse_form IS NULL AND id_candidat IN "
               "(SELECT id_candidat FROM candidat JOIN compte_minima USING (id_cpt_min) JOIN campagne USING (id_camp) "
               "WHERE cod_camp = 'CAMP2026')") == 0  # fmt: skip


def test_nettoyage_cpt_killed_then_rerun(dags: dict, demo_db: tuple) -> None:
    conn, store = demo_db
    assert run_killed("nettoyage_cpt", "lot_supprime", 1, store, chunk=1) == -signal.SIGKILL
    assert one(conn, "SELECT count(*) FROM compte_minima m LEFT JOIN histo_num_dossier h "
               "ON h.num_dossier = m.num_dossier_opi_cpt_min WHERE h.num_dossier IS NULL") == 0  # fmt: skip
    state, _ = launch(dags["BATCH_NETTOYAGE_CPT"])
    assert state == "success"
    assert (
        one(
            conn,
            "SELECT count(*) FROM compte_minima WHERE num_dossier_opi_cpt_min IN ('DEMO0007','DEMO0008','DEMO0009')",
        )
        == 0
    )


def test_destruct_dossier_does_not_block_other_campaigns(demo_db: tuple) -> None:
    """Application traffic on other campaigns goes on while a destruction runs (short transactions)."""
    import threading
    import time

    from tests.fixtures.appdb import connect_app_db

    from ecandidat_batches.jobs import destruct_dossier

    conn, store = demo_db
    engine = conn.engine
    waits: list[float] = []
    inside = threading.Event()
    kept = one(
        conn,
        "SELECT min(id_cand) FROM candidature WHERE id_form = (SELECT id_form FROM formation WHERE cod_form = 'M1-MIAGE') AND id_candidat < 13",
    )

    def slow_checkpoint(point: str) -> None:
        if point == "comptes_supprimes":
            inside.set()
            time.sleep(0.3)  # between chunks: the application must get through

    job_conn = connect_app_db(engine)
    job_conn.autocommit = False
    worker = threading.Thread(
        target=destruct_dossier.run,
        args=(job_conn, store),
        kwargs={"code": "BATCH_DESTRUCT_DOSSIER", "chunk": 1, "checkpoint": slow_checkpoint},
    )
    worker.start()
    assert inside.wait(30)
    app = connect_app_db(engine)
    try:
        app.execute("SET innodb_lock_wait_timeout = 2" if engine == "mariadb" else "SET lock_timeout = '2s'")
        for n in range(5):
            started = time.perf_counter()
            app.execute(
                "INSERT INTO compte_minima (id_camp, num_dossier_opi_cpt_min, nom_cpt_min, prenom_cpt_min,"
                " mail_perso_cpt_min, pwd_cpt_min, valid_key_cpt_min, tem_valid_cpt_min, tem_valid_mail_cpt_min,"
                " tem_fc_cpt_min, dat_fin_valid_cpt_min, dat_cre_cpt_min)"
                " SELECT id_camp, %s, 'N', 'P', 'x@example.org', 'x', %s, FALSE, FALSE, FALSE, dat_deb_camp,"
                " dat_deb_camp FROM campagne WHERE cod_camp = 'CAMP2026'",
                (f"CONC{n:04d}", f"conc{n}"),
            )
            app.execute("UPDATE candidature SET dat_mod_cand = localtimestamp WHERE id_cand = %s", (kept,))
            waits.append(time.perf_counter() - started)
    finally:
        app.close()
    worker.join(120)
    job_conn.close()
    assert not worker.is_alive()
    assert max(waits) < 1.0, waits
    assert one(conn, "SELECT count(*) FROM compte_minima WHERE num_dossier_opi_cpt_min LIKE 'CONC%%'") == 5
    assert one(conn, "SELECT dat_destruct_effec_camp IS NOT NULL FROM campagne WHERE cod_camp = 'CAMP2025'")
