"""The candidature batches' mails, as eCandidat's ``MailController`` builds them.

BATCH_DESIST_AUTO and BATCH_RELANCE_FAVO announce their mails as ``(kind, id_cand)`` pairs (see
:mod:`ecandidat_batches.mails.outbox`); :func:`build` turns them into mails from the database as it is when
they are sent: the candidature's variables (``getCandidatureMailBean``), the template in the
recipient's language, the centre's BCC rule (``CentreCandidature.getMailBcc``). A pair whose change is
not in the database (the run that announced it did not commit) or whose template is out of service
gives a reason instead of a mail: nothing is sent for it, as eCandidat sends nothing for a mail out of
service or an invalid address.

Addresses: as eCandidat's ``MailController``, a mail goes only to the addresses its ``REGEX_MAIL``
accepts (the regular expression its forms validate addresses with: ASCII, no space, a top-level
domain of 2 to 6 letters); the others are left out, and where eCandidat said nothing, each is named
in the summary (:attr:`Builder.rejected`). Why follow it rather than send: an address eCandidat
neither accepts in its forms nor mails comes from an import or an older version; sending to it here
would mail candidates eCandidat never mailed, and an address with accents needs an SMTP relay that
speaks SMTPUTF8 (most refuse it, which would count as refusals); named in the summary, it can be
corrected in eCandidat.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ecandidat_batches.db import parametre, sqlfiles
from ecandidat_batches.db.connection import Connection
from ecandidat_batches.db.transactions import transaction
from ecandidat_batches.letters.admission import (
    AFTER_ANSWER,
    BLOC,
    LetterMaker,
    PendingLetter,
    Rules,
    letter_type,
)
from ecandidat_batches.mails import templates
from ecandidat_batches.mails.formats import adresse, confirm_deadline, return_date
from ecandidat_batches.mails.formats import amount as _amount
from ecandidat_batches.mails.formats import date as _date
from ecandidat_batches.mails.templates import (
    Html,
    Mail,
    MailError,
    Template,
    read_templates,
    render,
    template_for,
)

DESIST = "CANDIDATURE_DESIST_AUTO"
RELANCE = "CANDIDATURE_RELANCE_FAVO"
ALERT = "COMMISSION_ALERT_LISTE_PRINC"
#: BATCH_ASYNC_OPI: Apogée kept another OPI code (announced with one of the candidate's OPIs).
MODIF_COD_OPI = "CANDIDATURE_MODIF_COD_OPI"
#: The promoted candidature's mail: the one of the formation's decision type for the complementary
#: list (``type_decision.id_mail``), known only from the data.
PROMOTION = "promotion"
#: eCandidat's users for its automatic changes (``ConstanteUtils``).
AUTO_DESIST, AUTO_LISTE_COMP = "autoDesist", "autoListComp"

#: eCandidat's ConstanteUtils.REGEX_MAIL, matched on the whole value (Java's ``matches``); Java's ``\w``
#: is ASCII, hence ``re.ASCII``.
_ADDRESS = re.compile(
    r"[\w!#$%&'*+/=?`{|}~^-]+(?:\.[\w!#$%&'*+/=?`{|}~^-]+)*@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,6}", re.ASCII
)
_CIVILITES = {"fr": ("Madame", "Monsieur"), "en": ("Ms/Mrs", "Mr")}
_CHUNK = 500  # candidatures read per query

#: The SQL files this module runs, the templates' included (a job that uses it declares them too).
SQL = (
    "mails/bcc_gestionnaires.sql",
    "mails/candidatures.sql",
    "mails/chunk_add.sql",
    "mails/chunk_analyze.sql",
    "mails/chunk_clear.sql",
    "mails/chunk_table.sql",
    "mails/commission_membres.sql",
    "mails/opi_codes.sql",
    "mails/letters.sql",
    *templates.SQL,
    *parametre.SQL,
)


def values(row: Mapping[str, Any], langue: str, *, own_language: bool) -> dict[str, Any]:
    """The variables of a candidature mail in ``langue`` (eCandidat's ``CandidatureMailBean``).

    :param own_language: the mail goes to the candidate (texts in their language, else the default
        one); else to the commission (the default language's texts).
    """
    madame, monsieur = _CIVILITES.get(langue, _CIVILITES["fr"])
    pick = ("langue", "defaut") if own_language else ("defaut",)
    libelle = next((row[f"lib_camp_{p}"] for p in pick if row[f"lib_camp_{p}"]), row["lib_camp"])
    retour = next((row[f"comment_retour_{p}"] for p in pick if row[f"comment_retour_{p}"]), None)
    return {
        "libelleCampagne": libelle,
        "candidat.civilite": madame if row["cod_civ"] == "Mme" else monsieur,
        "candidat.numDossierOpi": row["num_dossier_opi_cpt_min"],
        "candidat.nomPat": row["nom_pat_candidat"],
        "candidat.nomUsu": row["nom_usu_candidat"],
        "candidat.prenom": row["prenom_candidat"],
        "candidat.autrePrenom": row["autre_pren_candidat"],
        "candidat.ine": row["ine_candidat"],
        "candidat.cleIne": row["cle_ine_candidat"],
        "candidat.datNaiss": _date(row["dat_naiss_candidat"]),
        "candidat.libVilleNaiss": row["lib_ville_naiss_candidat"],
        "candidat.libLangue": row["lib_langue"],
        "candidat.tel": row["tel_candidat"],
        "candidat.telPort": row["tel_port_candidat"],
        "formation.code": row["cod_form"],
        "formation.libelle": row["lib_form"],
        "formation.codEtpVetApo": row["cod_etp_vet_apo_form"],
        "formation.codVrsVetApo": row["cod_vrs_vet_apo_form"],
        "formation.libApo": row["lib_apo_form"],
        "formation.motCle": row["mot_cle_form"],
        "formation.datDebDepot": _date(row["dat_deb_depot_form"]),
        "formation.datFinDepot": _date(row["dat_fin_depot_form"]),
        "formation.datPreAnalyse": _date(row["dat_analyse_form"]),
        "formation.datRetour": _date(return_date(row)),
        "formation.datJury": _date(row["dat_jury_form"]),
        "formation.datPubli": _date(row["dat_publi_form"]),
        "formation.datConfirm": _date(confirm_deadline(row)),
        "commission.libelle": row["lib_comm"],
        "commission.mail": row["mail_comm"],
        "commission.adresse": adresse(row),
        "commission.tel": row["tel_comm"],
        "commission.url": row["url_comm"],
        "commission.fax": row["fax_comm"],
        "commission.commentaireRetour": retour,
        "commission.signataire": row["signataire_comm"],
        "dossier.dateReception": _date(row["dat_recept_dossier_cand"]),
        "dossier.montantFraisIns": _amount(row["mnt_charge_cand"]),
        "dossier.complementExo": row["comp_exo_ext_cand"],
    }


def valid_addresses(addresses: Iterable[str | None], rejected: list[str] | None = None) -> tuple[str, ...]:
    """The addresses eCandidat sends to (its ``REGEX_MAIL``, the whole value as stored); the others,
    when not empty, are appended to ``rejected`` (eCandidat dropped them without a word)."""
    out = []
    for address in addresses:
        if not address:
            continue
        if _ADDRESS.fullmatch(address):
            out.append(address)
        elif rejected is not None:
            rejected.append(address)
    return tuple(out)


def _not_announced(kind: str, row: Mapping[str, Any], stamp: dt.datetime) -> str | None:
    """Why the change that announced this mail is not in the database, or None when it is."""
    if kind == DESIST:
        done = (
            row["tem_accept_cand"] is False
            and row["user_accept_cand"] == AUTO_DESIST
            and row["dat_accept_cand"] == stamp
        )
        return None if done else "désistement non enregistré ou modifié depuis"
    if kind == RELANCE:
        return None if row["tem_relance_cand"] else "relance non enregistrée"
    if kind == MODIF_COD_OPI:
        done = row.get("opi_dat_passage") == stamp
        return None if done else "OPI non marquée passée par ce lancement ou renvoyée depuis"
    done = row["user_cre_type_dec_cand"] == AUTO_LISTE_COMP and row["dat_cre_type_dec_cand"] == stamp
    return None if done else "passage en liste principale non enregistré ou décision changée depuis"


def _by_id(rows: Iterable[Sequence[Any]]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for key, address in rows:
        found.setdefault(int(key), []).append(address)
    return {k: tuple(v) for k, v in found.items()}


class Builder:
    """Builds the mails of announced pairs, reading the database once per chunk of candidatures.

    :param conn: the eCandidat database, read in short transactions of its own;
    :param cur: or a cursor in an open transaction (a dry run's, which must see its own changes and
        commit nothing).
    :param letters: makes the admission letters the promotions' mails carry (made when each mail is
        sent); None: the mails say which letter they would carry (a dry run) and carry none.
    """

    def __init__(
        self, conn: Connection | None = None, *, cur: Any = None, letters: LetterMaker | None = None
    ) -> None:
        self.conn, self.cur = conn, cur
        self.letters = letters
        self._rules: Rules | None = None
        self._templates: dict[tuple[str, str], Template] = {}
        self._codes: set[str] = set()  # the mail codes whose templates were read (found or not)
        self._bcc: dict[int, tuple[str, ...]] | None = None
        self._members: dict[int, tuple[str, ...]] = {}
        self._chunk_table = False
        #: The addresses left out (eCandidat's REGEX_MAIL rejects them), each with the first mail it
        #: was for, to name in the summary.
        self.rejected: dict[str, str] = {}

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        if self.cur is not None:
            yield self.cur
        else:
            assert self.conn is not None
            with transaction(self.conn) as cur:
                yield cur

    def _rows(
        self, ids: Sequence[int], *, with_opis: bool, with_letters: bool = False
    ) -> dict[int, dict[str, Any]]:
        """The candidatures' mail data by id; ``with_opis``: their candidates' OPIs too
        (CANDIDATURE_MODIF_COD_OPI); ``with_letters``: what their admission letter needs."""
        out: dict[int, dict[str, Any]] = {}
        with self._cursor() as cur:
            if not self._chunk_table:  # the ids go through a temporary table: one query for both dialects
                sqlfiles.execute(cur, "mails/chunk_table.sql")
                self._chunk_table = True
            for start in range(0, len(ids), _CHUNK):
                sqlfiles.execute(cur, "mails/chunk_clear.sql")
                sqlfiles.execute_many(
                    cur, "mails/chunk_add.sql", [{"id_cand": i} for i in ids[start : start + _CHUNK]]
                )
                sqlfiles.execute(cur, "mails/chunk_analyze.sql")  # PostgreSQL's statistics of the chunk
                out.update(
                    {row["id_cand"]: row for row in sqlfiles.execute_dicts(cur, "mails/candidatures.sql")}
                )
                if with_opis:
                    _add_opis(out, sqlfiles.execute(cur, "mails/opi_codes.sql").fetchall())
                if with_letters:
                    for row in sqlfiles.execute_dicts(cur, "mails/letters.sql"):
                        out[row["id_cand"]].update(row)
            if with_letters and self._rules is None:  # eCandidat's parametres, read once
                self._rules = Rules(parametre.get_flag(cur, BLOC), parametre.get_flag(cur, AFTER_ANSWER))
            if self._bcc is None:  # the centres' gestionnaires, the commissions' members: read once
                self._bcc = _by_id(sqlfiles.execute(cur, "mails/bcc_gestionnaires.sql").fetchall())
                self._members = _by_id(sqlfiles.execute(cur, "mails/commission_membres.sql").fetchall())
        return out

    def _addresses(self, addresses: Iterable[str | None], where: str) -> tuple[str, ...]:
        """The addresses a mail goes to; those eCandidat rejects are recorded in :attr:`rejected`."""
        left_out: list[str] = []
        kept = valid_addresses(addresses, left_out)
        for address in left_out:
            self.rejected.setdefault(address, where)
        return kept

    def rejected_lines(self) -> list[str]:
        """The summary's lines for the addresses left out."""
        return [
            f"Adresse non utilisée, refusée par eCandidat (REGEX_MAIL) : « {address} » ({where})"
            for address, where in self.rejected.items()
        ]

    def _bcc_of(self, row: Mapping[str, Any], where: str) -> tuple[str, ...]:
        rule = row["typ_send_mail_ctr_cand"]
        if rule == "M":
            return self._addresses([row["mail_contact_ctr_cand"]], f"copie cachée, {where}")
        if rule == "L":
            return self._addresses(
                (self._bcc or {}).get(int(row["id_ctr_cand"]), ()), f"copie cachée, {where}"
            )
        return ()

    def letter_row(self, id_cand: int) -> tuple[dict[str, Any] | None, Rules]:
        """What a candidature's admission letter is made of, and eCandidat's rules (the CLI's)."""
        row = self._rows([int(id_cand)], with_opis=False, with_letters=True).get(int(id_cand))
        return row, self._rules or Rules()

    def build(self, pairs: Sequence[tuple[str, int]], stamp: dt.datetime) -> list[Mail | str]:
        """The mail of each pair, or the reason it is not sent (in French, for the report)."""
        rows = self._rows(
            sorted({int(i) for _, i in pairs}),
            with_opis=any(k == MODIF_COD_OPI for k, _ in pairs),
            with_letters=any(k == PROMOTION for k, _ in pairs),
        )
        codes = {DESIST, RELANCE, ALERT, MODIF_COD_OPI} | {
            r["cod_mail_list_comp"] for r in rows.values() if r["cod_mail_list_comp"]
        }
        if not codes <= self._codes:  # read once per code: a mail out of service is not read again
            self._codes |= codes
            with self._cursor() as cur:
                self._templates = read_templates(cur, sorted(self._codes))
        out: list[Mail | str] = []
        for kind, id_cand in pairs:
            row = rows.get(int(id_cand))
            if row is None:
                out.append(f"candidature {id_cand} introuvable")
                continue
            reason = _not_announced(kind, row, stamp)
            out.append(reason if reason else self._mail(kind, row, stamp))
        return out

    def _mail(self, kind: str, row: Mapping[str, Any], stamp: dt.datetime) -> Mail | str:
        about = f"candidature {row['id_cand']}, dossier {row['num_dossier_opi_cpt_min']}"
        if kind == ALERT:  # eCandidat's Commission.getMailAlert: its address ('M') or its members ('L')
            rule = row["typ_alert_comm"]
            alert = [row["mail_alert_comm"]] if rule == "M" else self._members.get(int(row["id_comm"]), ())
            to = self._addresses(alert if rule in ("M", "L") else [], f"{kind}, {about}")
            langue, own = "", False
        else:
            cod = row["cod_mail_list_comp"] if kind == PROMOTION else kind
            to = self._addresses([row["mail_perso_cpt_min"]], f"{cod}, {about}")
            langue, own = row["cod_langue"], True
        cod_mail = row["cod_mail_list_comp"] if kind == PROMOTION else kind
        if not cod_mail:
            return f"{about} : la formation n'a pas de mail de décision pour la liste complémentaire"
        if not to:
            return f"{about} : pas d'adresse valide pour {cod_mail}"
        try:
            template = template_for(self._templates, cod_mail, langue or None)
        except MailError as exc:  # eCandidat sends nothing for a mail out of service either
            return f"{about} : {exc}"
        found = values(row, row["cod_langue"] if own else template.langue, own_language=own)
        deferred = None
        if kind == PROMOTION:  # the decision mail's own variables (MAIL_DEC_VAR), and its letter
            found |= {"commentaire": row["comment_type_dec_cand"], "complementAppel": None}
            deferred = self._letter(row)
        bcc = () if kind == MODIF_COD_OPI else self._bcc_of(row, f"{cod_mail}, {about}")
        if kind == MODIF_COD_OPI:  # eCandidat's ChangeCodOpiMailBean; sent without BCC
            formations = [
                f for code, passed, f in row["opi_all"] if code == row["opi_cod_opi"] and passed == stamp
            ]
            items = "".join(f"<li>{html.escape(str(f))}</li>" for f in formations)
            found |= {"newCodeOpi": row["opi_cod_opi"], "formationsOpi": Html(f"<ul>{items}</ul>")}
            bcc = ()
        subject, body = render(template, found)
        return Mail(cod_mail, to, subject, body, bcc=bcc, about=about, deferred=deferred)

    def _letter(self, row: Mapping[str, Any]) -> PendingLetter | None:
        """The admission letter the promotion's mail carries (eCandidat's ``getTypeLettre``), or None."""
        kind = letter_type(row, self._rules or Rules())
        if kind is None:
            return None
        return PendingLetter(self.letters, row, kind)


def _add_opis(rows: dict[int, dict[str, Any]], opis: Iterable[Sequence[Any]]) -> None:
    """Each announced candidature's OPI (code, stamp) and all its candidate's OPIs with their formation."""
    for id_cand, id_cand_opi, cod_opi, passed, lib_form in opis:
        row = rows.get(int(id_cand))
        if row is None:
            continue
        row.setdefault("opi_all", []).append((cod_opi, passed, lib_form))
        if int(id_cand_opi) == int(id_cand):
            row["opi_cod_opi"], row["opi_dat_passage"] = cod_opi, passed
