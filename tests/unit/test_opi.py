"""The OPI rules that need no server: eCandidat's cleaning of names, INE splitting, the wish of a
candidature, the choice of Apogée's individual, the match with VOEUX_INS, and opencsv's escaping."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ecandidat_batches.opi import apogee as opi_apogee
from ecandidat_batches.opi import pegase as opi_pegase


def test_names_cleaned_as_ecandidat_for_the_web_service() -> None:
    assert opi_apogee.clean_ws("Éloïse-Çà  ") == "ELOISE-CA"
    assert opi_apogee.clean("  Dupont \t") == "  DUPONT"  # only trailing blanks go
    assert opi_apogee.clean_ws(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567890A", ("1234567890", "A")), ("123456789AB", ("123456789", "AB")),  # an INES
     ("1234567890", (None, None)), (None, (None, None))],
)  # fmt: skip
def test_ine_and_key_split(value: str | None, expected: tuple[str | None, str | None]) -> None:
    assert opi_apogee.split_nne(value) == expected


def opi(**over: Any) -> dict[str, Any]:
    row = {"id_cand": 1, "dat_passage_opi": None, "cod_opi": None, "tem_accept_cand": True,
           "typ_siscol": "A", "lib_form": "L3", "cod_etp_vet_apo_form": "LINF3",
           "cod_vrs_vet_apo_form": "101",
           "cod_dip_apo_form": None, "cod_vrs_vdi_apo_form": "1", "cod_cge": "SCI", "cod_pegase_form": None,
           "cod_cat_exo_ext": "A1", "mnt_charge_cand": Decimal("12.50"), "cod_rgi": "1"}  # fmt: skip
    return {**row, **over}


def test_wish_of_a_candidature() -> None:
    assert opi_apogee.voeu(opi()) == {
        "numCls": 1, "codDecVeu": "F", "codDemDos": "C", "temValPsd": "N", "codCge": "SCI", "codEtp": "LINF3",
        "codVrsVet": 101, "codCatExoExt": "A1", "comExoExt": "12.50", "codRge": "1"}  # fmt: skip
    assert opi_apogee.voeu(opi(cod_dip_apo_form="LINFO"))["codVrsVdi"] == 1  # the diploma needs both
    assert opi_apogee.voeu(opi(cod_cge=None)) is None
    assert opi_apogee.voeu(opi(tem_accept_cand=False)) is None


def test_individual_chosen_as_ecandidat() -> None:
    assert opi_apogee.choose_individu([(7, "PSUP1")], "EC1") == (7, "PSUP1")  # the only one, another code
    assert opi_apogee.choose_individu([(7, "PSUP1"), (8, "ec1")], "EC1") == (8, "ec1")
    with pytest.raises(opi_apogee.OpiVerificationError, match="introuvable"):
        opi_apogee.choose_individu([], "EC1")
    with pytest.raises(opi_apogee.OpiVerificationError, match="aucun avec notre code"):
        opi_apogee.choose_individu([(7, "A"), (8, "B")], "EC1")
    with pytest.raises(opi_apogee.OpiVerificationError, match="plusieurs avec le code EC1"):
        opi_apogee.choose_individu([(7, "EC1"), (8, "EC1")], "EC1")


def test_verification_matches_centre_step_and_version() -> None:
    rows = [opi(id_cand=1), opi(id_cand=2, cod_etp_vet_apo_form="LMAT3"),
            opi(id_cand=3, tem_accept_cand=False),
            opi(id_cand=4, tem_accept_cand=False, cod_etp_vet_apo_form="LMAT3"),
            opi(id_cand=5, dat_passage_opi="passed")]  # fmt: skip
    rows.append(opi(id_cand=6, tem_accept_cand=None))
    checked = opi_apogee.verify(rows, [("SCI", "LMAT3", 101)])
    assert checked.passed == [2]
    assert checked.withdrawn == [3]  # 4 still has its wish in Apogée: not stamped, reported
    assert checked.missing == [
        "L3 (vœu absent d'Apogée après l'appel)",
        "L3 (désistement non pris en compte : vœu toujours dans Apogée)",
        "L3 (candidature non confirmée)",
    ]


def test_csv_line_escaped_as_opencsv_without_quote_character() -> None:
    assert opi_pegase.line(["a;b", 'say "hi"', None, "x\ny", 3]) == 'a";b;say ""hi"";;x"\ny;3\n'
    assert opi_pegase.line(["x\ry", "x\r\ny"]) == 'x"\ry;x"\r"\ny\n', (
        "a carriage return escaped as a line feed"
    )


def test_apogee_queries_use_the_drivers_paramstyle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Oracle's driver (oracledb) takes ``:name``; the files are written ``%(name)s``; values stay bound."""
    import sys
    import types

    from ecandidat_batches.hooks.apogee import ApogeeConnections

    seen: list[tuple[str, dict[str, Any]]] = []
    driver = types.ModuleType("fake_oracle_driver")
    driver.paramstyle = "named"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_oracle_driver", driver)

    class Cursor:
        description = (("COD_CGE",), ("COD_ETP",), ("COD_VRS_VET",))

        def execute(self, sql: str, params: dict[str, Any]) -> None:
            seen.append((sql, params))

        def fetchall(self) -> list[tuple[Any, ...]]:
            return [("SCI", "LINF3", 101)]

        def close(self) -> None:
            pass

    class Connection:
        def cursor(self) -> Cursor:
            return Cursor()

        def rollback(self) -> None:
            pass

        def close(self) -> None:
            pass

    Connection.__module__ = "fake_oracle_driver.connection"
    readers = ApogeeConnections(Connection)
    assert readers.query("opi/apogee/voeux_ins.sql", {"cod_ind_opi": 7}) == [("SCI", "LINF3", 101)]
    sql, params = seen[0]
    assert "WHERE COD_IND_OPI = :cod_ind_opi" in sql
    assert "%(" not in sql
    assert params == {"cod_ind_opi": 7}
