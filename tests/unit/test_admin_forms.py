"""The Éditer form's validation and the page's cross-site protection, without a server."""

from __future__ import annotations

import time

import pytest

from ecandidat_batches.admin import csrf, forms
from ecandidat_batches.schedule.programmation import Programmation
from ecandidat_batches.schedule.registry import get_batch


def test_a_fixed_hour_form_gives_the_programmation() -> None:
    edition = forms.parse({"mode": "heure", "heure": " 4 ", "minute": "15"}, ["mer", "lun"])
    assert edition == forms.Edition(Programmation(jours=("lun", "mer"), heure=4, minute=15))
    assert edition.programmation.libelle() == "Tous les lun, mer à 04h15"


def test_a_frequency_form_ignores_the_hour_fields() -> None:
    edition = forms.parse({"mode": "frequence", "frequence": "30", "heure": "zz"}, list(forms.DAYS))
    assert edition.programmation == Programmation(jours=forms.DAYS, frequence=30)


@pytest.mark.parametrize(
    ("sent", "en_service"),
    [
        (["non"], False),  # the box unticked: only the hidden field
        (["non", "oui"], True),  # ticked: the hidden field, then the box
        ([], None),  # an API client that says nothing: no change
    ],
)
def test_en_service_is_what_the_form_sends(sent: list[str], en_service: bool | None) -> None:
    assert forms.parse_en_service(sent) is en_service


@pytest.mark.parametrize("sent", [["0"], ["false"], ["1"], ["true"], ["on"], ["non", "peut-être"], [""]])
def test_any_other_en_service_value_is_refused(sent: list[str]) -> None:
    with pytest.raises(forms.FormError) as refused:
        forms.parse_en_service(sent)
    assert refused.value.errors["en_service"].startswith("valeur « ")


def test_a_fixed_date_form() -> None:
    form = {"heure": "22", "minute": "30", "jour_fixe": "15", "mois_fixe": "6", "annee_fixe": "2027"}
    assert forms.parse(form, []).programmation.libelle() == "Le 15/06/2027 à 22h30"


@pytest.mark.parametrize(
    ("form", "jours", "errors"),
    [
        ({"heure": "", "minute": ""}, [], {"heure": "valeur obligatoire", "minute": "valeur obligatoire"}),
        (
            {"heure": "-1", "minute": "1.5"},
            [],
            {
                "heure": "nombre entier attendu (reçu « -1 »)",
                "minute": "nombre entier attendu (reçu « 1.5 »)",
            },
        ),
        ({"heure": "24", "minute": "0"}, [], {"heure": "24 hors limites (de 0 à 23)"}),
        ({"mode": "frequence", "frequence": "0"}, [], {"frequence": "0 hors limites (de 1 à 1440)"}),
        (
            {"mode": "cron", "heure": "1", "minute": "0"},
            [],
            {"mode": "valeur inconnue « cron » (attendu : heure fixe ou fréquence)"},
        ),
        (
            {"heure": "1", "minute": "0"},
            ["lundi"],
            {"jours": "jour inconnu « lundi » (attendu : lun, mar, mer, jeu, ven, sam, dim)"},
        ),
        (
            {"heure": "1", "minute": "0", "jour_fixe": "30", "mois_fixe": "2"},
            [],
            {"jour_fixe": "le 30/02 n'existe pas"},
        ),
        (
            {"heure": "1", "minute": "0", "annee_fixe": "2027"},
            [],
            {"annee_fixe": "une année fixe demande aussi un jour et un mois fixes"},
        ),
        (
            {"mode": "frequence", "frequence": "7"},
            ["lun"],
            {
                "frequence": (
                    "7 min ne se répète pas à l'identique chaque jour : avec des jours ou une date choisis, "
                    "utiliser un diviseur de 60 min ou un nombre d'heures divisant 24"
                )
            },
        ),
    ],
)
def test_every_wrong_field_gets_a_french_message(
    form: dict, jours: list[str], errors: dict[str, str]
) -> None:
    with pytest.raises(forms.FormError) as caught:
        forms.parse(form, jours)
    assert caught.value.errors == errors
    for field in errors:
        assert forms.LABELS[field] in str(caught.value)


def test_the_form_starts_from_the_current_programmation() -> None:
    values = forms.values(get_batch("BATCH_DEMO").programmation, en_service=None)
    assert values == {
        "en_service": False,
        "mode": "heure",
        "jours": ["lun", "mar", "mer", "jeu", "ven"],
        "heure": 3,
        "minute": 50,
        "frequence": "",
        "jour_fixe": "",
        "mois_fixe": "",
        "annee_fixe": "",
    }
    again = forms.parse(
        {k: str(v) for k, v in values.items() if k not in ("jours", "en_service")}, values["jours"]
    )
    assert again.programmation == get_batch("BATCH_DEMO").programmation


def test_a_token_is_accepted_for_its_user_only() -> None:
    token = csrf.make_token("secret", "admin")
    csrf.check_token("secret", "admin", token)
    with pytest.raises(csrf.CsrfError, match="autre utilisateur"):
        csrf.check_token("secret", "lecteur", token)
    with pytest.raises(csrf.CsrfError, match="invalide"):
        csrf.check_token("another secret", "admin", token)
    with pytest.raises(csrf.CsrfError, match="absent"):
        csrf.check_token("secret", "admin", None)


def test_a_token_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = csrf.make_token("secret", "admin")
    later = time.time() + csrf.MAX_AGE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(csrf.CsrfError, match="expiré"):
        csrf.check_token("secret", "admin", token)


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"host": "airflow.univ.fr"}, False),  # no Origin: not a browser's cross-site form
        ({"host": "airflow.univ.fr", "origin": "https://airflow.univ.fr"}, False),  # TLS ended at a proxy
        (
            {
                "host": "10.0.0.5:8080",
                "x-forwarded-host": "airflow.univ.fr",
                "origin": "https://airflow.univ.fr",
            },
            False,
        ),
        ({"host": "airflow.univ.fr", "origin": "https://evil.example"}, True),
        ({"host": "airflow.univ.fr", "origin": "null"}, True),
        ({"host": "airflow.univ.fr", "sec-fetch-site": "cross-site"}, True),
    ],
)
def test_cross_site_origins_are_refused(headers: dict[str, str], refused: bool) -> None:
    if refused:
        with pytest.raises(csrf.CsrfError, match="refusée"):
            csrf.check_origin(headers)
    else:
        csrf.check_origin(headers)


def test_behind_a_proxy_that_rewrites_host_the_configured_base_url_is_our_origin() -> None:
    headers = {"host": "127.0.0.1:8080", "origin": "https://airflow.univ.fr"}
    with pytest.raises(csrf.CsrfError):
        csrf.check_origin(headers)
    csrf.check_origin(headers, "https://airflow.univ.fr/")
    with pytest.raises(csrf.CsrfError):
        csrf.check_origin({**headers, "origin": "https://evil.example"}, "https://airflow.univ.fr/")
