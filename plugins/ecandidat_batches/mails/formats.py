"""eCandidat's ways of writing a candidature's dates, amounts and addresses, shared by the mails and
the admission letter."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ecandidat_batches.clock import DATE
from ecandidat_batches.mails.templates import Html


def date(value: dt.date | dt.datetime | None) -> str | None:
    """eCandidat's ``formatterDate``: dd/MM/yyyy."""
    return None if value is None else value.strftime(DATE)


def amount(value: Decimal | None) -> str | None:
    """eCandidat's ``parseBigDecimalAsString``: up to three decimals, a comma, no grouping."""
    if value is None:
        return None
    text = format(Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN), "f")
    return text.rstrip("0").rstrip(".").replace(".", ",")


def confirm_deadline(row: Mapping[str, Any]) -> dt.date | None:
    """eCandidat's ``getDateConfirmCandidat`` (the same rule as ``awaiting_confirmation.sql``)."""
    if row["dat_new_confirm_cand"] is not None:
        return row["dat_new_confirm_cand"]  # type: ignore[no-any-return]
    if row["delai_confirm_form"] is not None:
        valid = row["cod_typ_avis"] == "FA" and row["tem_valid_type_dec_cand"]
        if valid and row["dat_valid_type_dec_cand"] is not None:
            return _day(row["dat_valid_type_dec_cand"]) + dt.timedelta(days=int(row["delai_confirm_form"]))
        return None
    return row["dat_confirm_form"]  # type: ignore[no-any-return]


def return_date(row: Mapping[str, Any]) -> dt.date | None:
    """eCandidat's ``getDateRetourCandidat``: the candidature's own date when it is not earlier."""
    own, formation = row["dat_new_retour_cand"], row["dat_retour_form"]
    return own if own is not None and (formation is None or own >= formation) else formation  # type: ignore[no-any-return]


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def address_lines(row: Mapping[str, Any], prefix: str = "") -> list[str]:
    """An address's lines (eCandidat's ``getLibelleAdresse``), from the row's ``<prefix>adr1_adr``...
    columns: the street lines, the postcode with the town (and its cedex), the foreign town, the
    country unless France."""

    def get(name: str) -> Any:
        return row[prefix + name]

    lines = [str(get(k)) for k in ("adr1_adr", "adr2_adr", "adr3_adr") if get(k) is not None]
    bdi, commune, cedex = get("cod_bdi_adr"), get("lib_com"), get("cedex_adr")
    if bdi is not None and commune is not None:
        lines.append(" ".join(str(v) for v in (bdi, commune, cedex) if v is not None))
    else:
        lines += [str(v) for v in (bdi, commune) if v is not None]
    if get("lib_com_etr_adr") is not None:
        lines.append(str(get("lib_com_etr_adr")))
    if get("lib_pay") is not None and get("cod_pay") != "100":  # France (eCandidat's getPaysFrance)
        lines.append(str(get("lib_pay")))
    return lines


def adresse(row: Mapping[str, Any]) -> Html:
    """The commission's address for a mail, lines joined by ``<br>``, each line escaped."""
    return Html("<br>".join(html.escape(line) for line in address_lines(row)))
