"""The SI Scolarité steps without a database: declarations, dependencies, shared rules, the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dev import referential
from dev.fakes.pegase import FakePegase

from ecandidat_batches.clock import PARIS
from ecandidat_batches.db.connection import DatabaseError
from ecandidat_batches.db.dialect import MARIADB
from ecandidat_batches.db.preflight import ecandidat_columns
from ecandidat_batches.jobs.synchro_siscol import SiscolFailedError, report
from ecandidat_batches.siscol import merge
from ecandidat_batches.siscol.sources import flag, normalised
from ecandidat_batches.siscol.steps import STEPS, Skip, Step, get_step, upstream
from ecandidat_batches.summary import Summary

NOW = dt.datetime(2026, 11, 30, 21, 0, tzinfo=PARIS)


def test_the_23_steps_in_ecandidat_order() -> None:
    assert [s.label for s in STEPS] == [
        "Regime", "Statut", "CatExoExt", "BacOuEqu", "OptionBac", "BacOptBac", "SpecialiteBac", "BacSpeBac",
        "Mention", "CGE", "Utilisateurs", "Departement", "Commune", "Commune Naissance", "DipAutCur", "Pays",
        "Etablissement", "TypDiplome", "TypResultat", "MentionNivBac", "ComBdi", "AnneeUni", "Version",
    ]  # fmt: skip


def test_the_17_caches_ecandidat_reloads_after_its_steps() -> None:
    """SiScolController calls cacheController.reloadListe*(true) after these steps; the names are
    ConstanteUtils.CACHE_TABLE_REF_*, what its candidat nodes read in load_balancing_reload."""
    assert {s.name: s.cache for s in STEPS if s.cache} == {
        "regime": "tr_regime", "statut": "tr_statut", "cat_exo_ext": "tr_cat_exo_ext",
        "bac_oux_equ": "tr_bac", "option_bac": "tr_opt_bac", "bac_opt_bac": "tr_bac_opt_bac",
        "specialite_bac": "tr_spe_bac", "bac_spe_bac": "tr_bac_spe_bac", "mention": "tr_mention",
        "centre_gestion": "tr_cge", "departement": "tr_dpt", "dip_aut_cur": "tr_dip", "pays": "tr_pays",
        "typ_diplome": "tr_typ_dip", "typ_resultat": "tr_typ_res", "mention_niv_bac": "tr_mention_bac",
        "annee_uni": "tr_annee_uni",
    }  # fmt: skip


def test_every_step_names_ecandidat_tables_and_columns_only() -> None:
    schema = ecandidat_columns()
    for step in STEPS:
        assert set(step.all_columns) <= set(schema[step.table]), step.name
        assert set(step.all_key) <= set(step.all_columns)
        for ref in step.references:
            assert set(ref.to) <= set(schema[ref.table])


def test_dependencies_follow_the_references_and_come_earlier() -> None:
    assert upstream(get_step("etablissement")) == ("departement", "commune")
    assert upstream(get_step("bac_opt_bac")) == ("bac_oux_equ", "option_bac")
    assert upstream(get_step("utilisateur")) == ("centre_gestion",)
    assert upstream(get_step("regime")) == ()
    assert set(upstream(get_step("version"))) == {s.name for s in STEPS} - {"version"}
    order = [s.name for s in STEPS]
    for step in STEPS:
        assert all(order.index(u) < order.index(step.name) for u in upstream(step)), step.name


def test_a_declaration_naming_anything_else_is_refused_before_any_sql() -> None:
    bad = Step("x", "X", "siscol_pays", ("cod_pay", "lib_pay; DROP TABLE candidat"), ("cod_pay",), None, None)
    with pytest.raises(DatabaseError, match="n'est pas une colonne d'eCandidat"):
        merge.identifiers(bad, MARIADB)
    with pytest.raises(KeyError, match="étape SI Scolarité inconnue"):
        get_step("pays; --")


FLAGS = [(None, False), ("N", False), ("n", False), ("", False), ("O", True), ("F", True), (True, True),
         (False, False)]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), FLAGS)
def test_flags(value: Any, expected: bool) -> None:
    assert flag(value) is expected


def test_the_shared_rules() -> None:
    step = get_step("pays")
    rows = [
        {"cod_pay": "100", "lib_pay": "France métropolitaine", "lic_pay": "France", "lib_nat": "française",
         "tem_en_sve_pay": "O"},
        {"cod_pay": "101", "lib_pay": None, "lic_pay": "X", "lib_nat": "x", "tem_en_sve_pay": "O"},
        {"cod_pay": "102", "lib_pay": "P" * 501, "lic_pay": "X", "lib_nat": "x", "tem_en_sve_pay": None},
        Skip("déjà écarté"),
    ]  # fmt: skip
    out = list(normalised(step, rows, "A"))
    assert out[0] == {"cod_pay": "100", "lib_pay": "FRANCE MÉTROPOLITAINE", "lic_pay": "FRANCE",
                      "lib_nat": "FRANÇAISE", "tem_en_sve_pay": True, "typ_siscol": "A"}  # fmt: skip
    assert out[1:] == [Skip("lib_pay manquant"), Skip("lib_pay trop long (plus de 500 caractères)"),
                       Skip("déjà écarté")]  # fmt: skip


def test_the_version_row() -> None:
    out = list(normalised(get_step("version"), iter([{"val_version": "6.00"}, {"val_version": "5.80"}]), "A",
                          lambda: NOW))  # fmt: skip
    assert out == [{"cod_version": "VERSION_SI_SCOL", "val_version": "Apogée - 6.00",
                    "dat_version": dt.datetime(2026, 11, 30, 21, 0)}]  # fmt: skip


def test_pegase_communes_one_per_insee_code_old_codes_out_of_service(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from ecandidat_batches.hooks.pegase import PegaseHook

    with FakePegase() as server:
        server.nomenclatures["Commune"] = [
            referential._item("A", "Nancy", "Nancy", "O", codeInsee="54395", codePostal="54000"),
            referential._item("B", "Nancy Ville", "Nancy", "N", codeInsee="54395", codePostal="54100"),
            referential._item("C", "Val de Briey", "Briey", "O", codeInsee="54099", codePostal="54150",
                              codeInseeAncien="54075"),
            referential._item("D", "Ancienne", "Anc", "N", codeInsee="54075", codePostal="54150"),
            referential._item("E", "Sans code", "?", "O", codeInsee=None, codePostal="54999",
                              codeInseeAncien="54001"),
        ]  # fmt: skip
        monkeypatch.setenv("AIRFLOW_CONN_PEGASE_DEFAULT", json.dumps(
            {"conn_type": "http", "login": "ecandidat", "password": "secret", "extra": server.extras()}
        ))  # fmt: skip
        hook = PegaseHook()
        communes = list(get_step("commune").pegase(hook))  # type: ignore[misc]
        bdi = list(get_step("com_bdi").pegase(hook))  # type: ignore[misc]
    assert communes == [
        Skip("code INSEE manquant"),
        {"cod_com": "54395", "lib_com": "Nancy Ville", "tem_en_sve_com": False},
        {"cod_com": "54099", "lib_com": "Val de Briey", "tem_en_sve_com": True},
        {"cod_com": "54075", "lib_com": "Ancienne", "tem_en_sve_com": False},
        {"cod_com": "54001", "lib_com": "Sans code", "tem_en_sve_com": False},
    ], "each INSEE code once, the last item's (as eCandidat's map); a current code wins over an old one"
    assert bdi[:2] == [{"cod_com": "54395", "cod_bdi": "54000"}, {"cod_com": "54395", "cod_bdi": "54100"}]
    assert bdi[-1] == Skip("code INSEE ou code postal manquant")


def outcome(name: str, *, ignoree: str | None = None, **counts: int) -> Summary:
    """A step's summary, as its task leaves it."""
    label = get_step(name).label
    summary = Summary("BATCH_SYNCHRO_SISCOL", lambda: NOW)
    if ignoree:
        summary.add(f"Synchronisation {label} : {ignoree}, table inchangée")
        return summary
    summary.add(f"Synchronisation {label} : {counts.get('lus', 0)} lu(s)")
    for key in ("lus", "inseres", "mis_a_jour", "inchanges", "ignores"):
        summary.count(key, counts.get(key, 0))
    return summary


def test_the_report_names_the_failed_step_its_cause_and_what_did_not_run() -> None:
    outcomes: dict[str, Any] = {s.name: outcome(s.name, lus=2, inseres=1, inchanges=1) for s in STEPS}
    outcomes.update(departement=None, commune_naiss=None, etablissement=None, version=None,
                    regime=outcome("regime", ignoree="non fournie par Pégase"))  # fmt: skip
    errors = {"departement": "Pégase répond en erreur (HTTP 503) après 2 essais"}
    with pytest.raises(SiscolFailedError) as failed:
        report(outcomes, errors, typ_siscol="P", clock=lambda: NOW)
    message = str(failed.value)
    assert message.startswith(
        "Synchronisation SI Scolarité incomplète : 1 étape(s) en échec (Departement : Pégase répond en "
        "erreur (HTTP 503) après 2 essais), 3 non exécutée(s) (Commune Naissance, Etablissement, Version)."
    )
    assert (
        "30/11/2026 21:00:00 - Synchronisation Etablissement : non exécutée (dépend de Departement)"
        in message
    )
    assert "Synchronisation Regime : non fournie par Pégase, table inchangée" in message


def test_the_report_of_a_complete_run() -> None:
    outcomes = {s.name: outcome(s.name, lus=3, inseres=1, mis_a_jour=1, inchanges=0, ignores=1)
                for s in STEPS}  # fmt: skip
    summary = report(outcomes, {}, typ_siscol="A", clock=lambda: NOW)
    assert summary.lignes[0] == "30/11/2026 21:00:00 - Lancement du batch siScol (Apogée)"
    assert summary.lignes[-1] == "30/11/2026 21:00:00 - Fin du batch siScol"
    assert summary.compteurs == {"lus": 69, "inseres": 23, "mis_a_jour": 23, "inchanges": 0, "ignores": 23,
                                 "etapes_en_echec": 0}  # fmt: skip
