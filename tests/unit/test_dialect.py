"""The dialect layer: a SQL file shared by both engines is written in MariaDB's words for the few
constructs that differ, and read for PostgreSQL in PostgreSQL's (the e2e tests run every file on both
servers; these say what each rule writes)."""

from __future__ import annotations

import pytest

from ecandidat_batches.db.dialect import MARIADB, POSTGRESQL, translate
from ecandidat_batches.db.sqlfiles import split


def test_a_list_bound_to_in_is_an_array_in_postgresql() -> None:
    sql = "UPDATE batch SET tes_batch = FALSE WHERE cod_batch IN %(codes)s AND tes_batch"
    assert (
        translate(sql, POSTGRESQL)
        == "UPDATE batch SET tes_batch = FALSE WHERE cod_batch = ANY(%(codes)s) AND tes_batch"
    )
    assert translate(sql, MARIADB) == sql


def test_only_the_sessions_temporary_tables_are_dropped_in_postgresql() -> None:
    sql = "DROP TEMPORARY TABLE IF EXISTS tmp_a, tmp_b"
    assert translate(sql, POSTGRESQL) == "DROP TABLE IF EXISTS pg_temp.tmp_a, pg_temp.tmp_b"
    assert translate(sql, MARIADB) == sql


def test_the_connections_database_and_a_date_plus_days() -> None:
    assert translate("WHERE table_schema = DATABASE()", POSTGRESQL) == "WHERE table_schema = current_schema()"
    sql = "THEN DATE_ADD(CAST(tdc.dat_valid AS DATE), INTERVAL f.delai_confirm_form DAY) ELSE"
    assert translate(sql, POSTGRESQL) == "THEN (CAST(tdc.dat_valid AS DATE) + f.delai_confirm_form) ELSE"
    assert translate(sql, MARIADB) == sql


def test_an_insert_that_keeps_existing_rows() -> None:
    (statement,) = split("-- keep existing rows\nINSERT INTO langue (cod_langue) VALUES\n    ('fr');\n")
    assert statement.keep_existing
    assert translate(statement.sql, MARIADB, keep_existing=True).startswith("INSERT IGNORE INTO langue")
    assert translate(statement.sql, POSTGRESQL, keep_existing=True).endswith("('fr')\nON CONFLICT DO NOTHING")
    with pytest.raises(ValueError, match="keep existing rows"):
        translate("UPDATE langue SET tes_langue = TRUE", POSTGRESQL, keep_existing=True)


def test_the_directive_holds_for_its_statement_only() -> None:
    first, second = split(
        "-- keep existing rows\nINSERT INTO a (x) VALUES (1);\nINSERT INTO b (x) VALUES (2);\n"
    )
    assert (first.keep_existing, second.keep_existing) == (True, False)
