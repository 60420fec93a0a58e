"""eCandidat's batch schedule ("Programmation"): validation, Airflow timetable, French wording.

eCandidat stores a schedule as day-of-week flags plus an hour and minute, or a frequency in minutes,
optionally restricted to a fixed date (a day of the month, a day and month every year, or one day).
We keep that model so that admins edit what they know, and translate it to an Airflow timetable
evaluated in Europe/Paris (03:50 stays 03:50 across daylight saving changes).

Differences from eCandidat, on purpose:

* eCandidat silently ignores a year without day and month, or a month without a day; we refuse them.
* eCandidat's poll loop misses an hour between the last poll before midnight and 00:00, and may run a
  batch twice after a long poll; Airflow's timetables have neither quirk.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from airflow.timetables.base import Timetable

TIMEZONE = "Europe/Paris"

#: eCandidat's day flags, in order, with the short French names its screen shows.
DAYS: tuple[str, ...] = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
_CRON_DOW = {"lun": 1, "mar": 2, "mer": 3, "jeu": 4, "ven": 5, "sam": 6, "dim": 0}
_MINUTES_PER_DAY = 24 * 60


class ProgrammationError(ValueError):
    """A programmation that cannot be stored or scheduled; the message names the field, in French."""

    def __init__(self, field_name: str, message: str, code: str | None = None) -> None:
        self.field_name = field_name
        self.code = code
        self.reason = message
        prefix = f"{code} : " if code else ""
        super().__init__(f"{prefix}{field_name} : {message}")

    def for_batch(self, code: str) -> ProgrammationError:
        """Return the same error naming the batch, so that a message always says which one."""
        return ProgrammationError(self.field_name, self.reason, code)


@dataclass(frozen=True)
class Programmation:
    """One batch schedule, eCandidat's fields with French names as in its ``batch`` table.

    :param jours: days of the week among :data:`DAYS`; empty means "Aucun jour" (launched by hand only).
    :param heure: hour of ``fixe_hour_batch`` (0-23), used when ``frequence`` is None.
    :param minute: minute of ``fixe_hour_batch`` (0-59).
    :param frequence: every N minutes instead of a fixed hour (``tem_frequence_batch``/``frequence_batch``).
    :param jour_fixe: ``fixe_day_batch``: a day of the month; it takes precedence over ``jours``.
    :param mois_fixe: ``fixe_month_batch``: with ``jour_fixe``, once a year.
    :param annee_fixe: ``fixe_year_batch``: with day and month, one day only.
    """

    jours: tuple[str, ...] = ()
    heure: int = 0
    minute: int = 0
    frequence: int | None = None
    jour_fixe: int | None = None
    mois_fixe: int | None = None
    annee_fixe: int | None = None

    def __post_init__(self) -> None:
        # Normalise the order of the days so that two equal schedules compare equal.
        order = {d: i for i, d in enumerate(DAYS)}
        days = tuple(self.jours)
        bad = [d for d in days if d not in order]
        if bad:
            raise ProgrammationError("jours", f"jour inconnu {bad[0]!r} (attendu : {', '.join(DAYS)})")
        object.__setattr__(self, "jours", tuple(sorted(set(days), key=order.__getitem__)))
        self._validate()

    # -- validation ---------------------------------------------------------------------------------

    def _validate(self) -> None:
        _check_int("heure", self.heure, 0, 23)
        _check_int("minute", self.minute, 0, 59)
        if self.frequence is not None:
            _check_int("frequence", self.frequence, 1, _MINUTES_PER_DAY)
        if self.jour_fixe is not None:
            _check_int("jour_fixe", self.jour_fixe, 1, 31)
        if self.mois_fixe is not None:
            _check_int("mois_fixe", self.mois_fixe, 1, 12)
            if self.jour_fixe is None:
                raise ProgrammationError("mois_fixe", "un mois fixe demande aussi un jour fixe")
            # 29/02 is a valid yearly date; 31/04 never happens.
            if self.jour_fixe > calendar.monthrange(2024, self.mois_fixe)[1]:
                raise ProgrammationError(
                    "jour_fixe", f"le {self.jour_fixe:02d}/{self.mois_fixe:02d} n'existe pas"
                )
        if self.annee_fixe is not None:
            _check_int("annee_fixe", self.annee_fixe, 2000, 2999)
            if self.jour_fixe is None or self.mois_fixe is None:
                raise ProgrammationError(
                    "annee_fixe", "une année fixe demande aussi un jour et un mois fixes"
                )
            try:
                dt.date(self.annee_fixe, self.mois_fixe, self.jour_fixe)
            except ValueError:
                raise ProgrammationError(
                    "jour_fixe",
                    f"le {self.jour_fixe:02d}/{self.mois_fixe:02d}/{self.annee_fixe} n'existe pas",
                ) from None
        uneven = self.frequence is not None and _frequency_cron(self.frequence) is None
        if uneven and (self.jour_fixe is not None or len(self.jours) not in (0, len(DAYS))):
            raise ProgrammationError(
                "frequence",
                f"{self.frequence} min ne se répète pas à l'identique chaque jour : avec des jours ou "
                "une date choisis, utiliser un diviseur de 60 min ou un nombre d'heures divisant 24",
            )

    # -- reading and writing ------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Programmation:
        """Build from the stored JSON form; unknown keys and wrong types are errors that name the field."""
        if not isinstance(data, Mapping):
            raise ProgrammationError("programmation", f"objet attendu, reçu {type(data).__name__}")
        known = {"jours", "heure", "minute", "frequence", "jour_fixe", "mois_fixe", "annee_fixe"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ProgrammationError(unknown[0], "champ inconnu")
        jours = data.get("jours", [])
        if isinstance(jours, str) or not isinstance(jours, Iterable):
            raise ProgrammationError("jours", "liste de jours attendue")
        return cls(
            jours=tuple(jours),
            heure=data.get("heure", 0),
            minute=data.get("minute", 0),
            frequence=data.get("frequence"),
            jour_fixe=data.get("jour_fixe"),
            mois_fixe=data.get("mois_fixe"),
            annee_fixe=data.get("annee_fixe"),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form stored in the override Variable."""
        return {
            "jours": list(self.jours),
            "heure": self.heure,
            "minute": self.minute,
            "frequence": self.frequence,
            "jour_fixe": self.jour_fixe,
            "mois_fixe": self.mois_fixe,
            "annee_fixe": self.annee_fixe,
        }

    # -- meaning ------------------------------------------------------------------------------------

    @property
    def runs_on_schedule(self) -> bool:
        """False for "Aucun jour": the batch only runs when launched."""
        return self.jour_fixe is not None or bool(self.jours)

    def libelle(self) -> str:
        """Return the French wording of eCandidat's screen, e.g. "Tous les lun, mar à 03h50"."""
        when = (
            f"toutes les {self.frequence} min"
            if self.frequence is not None
            else _hhmm(self.heure, self.minute)
        )
        if self.jour_fixe is not None:
            if self.annee_fixe is not None:
                date = f"Le {self.jour_fixe:02d}/{self.mois_fixe:02d}/{self.annee_fixe}"
            elif self.mois_fixe is not None:
                date = f"Le {self.jour_fixe:02d}/{self.mois_fixe:02d}"
            else:
                date = f"Le {self.jour_fixe:02d} de chaque mois"
            return f"{date} {when}"
        if not self.jours:
            return f"Aucun jour {when}"
        if self.frequence is not None and len(self.jours) == len(DAYS):
            return f"Toutes les {self.frequence} min"
        return f"Tous les {', '.join(self.jours)} {when}"

    @classmethod
    def from_libelle(cls, text: str) -> Programmation:
        """Parse the French wording produced by :meth:`libelle` (what an admin types in a terminal)."""
        s = " ".join(text.strip().split())
        m = re.fullmatch(r"(?i)toutes les (\d+) min", s)
        if m:
            return cls(jours=DAYS, frequence=_number(m[1], "frequence"))
        m = re.fullmatch(r"(?i)(?P<date>.+?) (?:à (?P<h>\d{1,2})h(?P<m>\d{2})|toutes les (?P<f>\d+) min)", s)
        if not m:
            raise ProgrammationError("programmation", f"libellé non reconnu : {_cut(text)}")
        timing: dict[str, Any] = (
            {"frequence": _number(m["f"], "frequence")}
            if m["f"]
            else {"heure": int(m["h"]), "minute": int(m["m"])}
        )
        date = m["date"]
        if re.fullmatch(r"(?i)aucun jour", date):
            return cls(**timing)
        days = re.fullmatch(r"(?i)tous les (.+)", date)
        if days:
            return cls(jours=tuple(d.strip().lower() for d in days[1].split(",")), **timing)
        fixed = re.fullmatch(r"(?i)le (\d{1,2})(?:/(\d{1,2})(?:/(\d{4}))?| de chaque mois)", date)
        if fixed:
            return cls(
                jour_fixe=int(fixed[1]),
                mois_fixe=int(fixed[2]) if fixed[2] else None,
                annee_fixe=int(fixed[3]) if fixed[3] else None,
                **timing,
            )
        raise ProgrammationError("programmation", f"jours non reconnus : {_cut(date)}")

    def cron(self) -> str | None:
        """Return the cron expression in Europe/Paris, or None when no cron expresses it.

        A one-day date ("Le 15/06/2027") gives the yearly cron; :meth:`end_date` stops it after that day.
        """
        if not self.runs_on_schedule:
            return None
        if self.frequence is None:
            minute_hour: str | None = f"{self.minute} {self.heure}"
        else:
            minute_hour = _frequency_cron(self.frequence)
        if minute_hour is None:
            return None
        if self.jour_fixe is not None:
            month = str(self.mois_fixe) if self.mois_fixe is not None else "*"
            return f"{minute_hour} {self.jour_fixe} {month} *"
        if len(self.jours) == len(DAYS):
            return f"{minute_hour} * * *"
        return f"{minute_hour} * * {','.join(str(_CRON_DOW[d]) for d in self.jours)}"

    def end_date(self) -> dt.datetime | None:
        """The DAG's ``end_date``: the end of the fixed day for a one-day programmation, else None.

        (Airflow 3.3.2's ``EventsTimetable`` cannot be deserialised by the scheduler, so a one-day
        date is the yearly cron bounded by the DAG's end date.)
        """
        if self.annee_fixe is None or self.mois_fixe is None or self.jour_fixe is None:
            return None
        return dt.datetime(
            self.annee_fixe, self.mois_fixe, self.jour_fixe, 23, 59, 59, tzinfo=ZoneInfo(TIMEZONE)
        )

    def timetable(self, tolerance: dt.timedelta = dt.timedelta(0)) -> Timetable:
        """Return the Airflow timetable, always in Europe/Paris, summarised in eCandidat's words.

        "Aucun jour" gives a timetable that never schedules (manual runs only). A slot missed by more
        than ``tolerance`` (the batch was out of service) is never run: see :mod:`timetables`.
        """
        from ecandidat_batches.schedule.timetables import (
            BatchCronTimetable,
            BatchDeltaTimetable,
            BatchManualTimetable,
        )

        libelle = self.libelle()
        if not self.runs_on_schedule:
            return BatchManualTimetable(libelle)
        cron = self.cron()
        if cron is not None:
            return BatchCronTimetable(cron, timezone=TIMEZONE, libelle=libelle, tolerance=tolerance)
        # A frequency that does not divide the day evenly, every day: a plain interval.
        assert self.frequence is not None
        return BatchDeltaTimetable(dt.timedelta(minutes=self.frequence), libelle=libelle, tolerance=tolerance)


def programmation_of(value: str | Mapping[str, Any] | None) -> Programmation | None:
    """A programmation as an admin gives it: eCandidat's words, its JSON form (text or object), or None.

    None means "back to the registry's default".

    :raises ProgrammationError: the value is not a valid programmation; the message names the field.
    """
    if value is None:
        return None
    if isinstance(value, Mapping):
        return Programmation.from_dict(value)
    text = value.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ProgrammationError("programmation", f"JSON invalide ({str(exc)[:100]})") from None
        return Programmation.from_dict(data)
    return Programmation.from_libelle(text)


#: The most digits a number of a programmation is written with here (its largest, a frequency of 1440).
_MAX_DIGITS = 9


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProgrammationError(name, f"nombre entier attendu, reçu {_cut(repr(value))}")
    if not low <= value <= high:
        shown = str(value) if abs(value) < 10**_MAX_DIGITS else f"un nombre de plus de {_MAX_DIGITS} chiffres"
        raise ProgrammationError(name, f"{shown} hors limites (de {low} à {high})")


def _number(digits: str, name: str) -> int:
    """A number of a libellé; one too long to be a programmation's is refused before ``int()``, which
    refuses more than 4,300 digits with a ValueError of its own (in English)."""
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise ProgrammationError(
            name,
            f"un nombre de {len(digits)} chiffres ({digits[:10]}…) hors limites (de 1 à {_MINUTES_PER_DAY})",
        )
    return int(digits)


def _cut(text: str, length: int = 60) -> str:
    """A value quoted in a message, cut to a readable length."""
    return repr(text) if len(text) <= length else repr(text[:length]) + f"… ({len(text)} caractères)"


def _hhmm(hour: int, minute: int) -> str:
    return f"à {hour:02d}h{minute:02d}"


def _frequency_cron(minutes: int) -> str | None:
    """Minute and hour cron fields for "every N minutes" restarting each midnight, when they exist."""
    if minutes < 60 and 60 % minutes == 0:
        return "* *" if minutes == 1 else f"*/{minutes} *"
    if minutes % 60 == 0 and _MINUTES_PER_DAY % minutes == 0:
        hours = minutes // 60
        return "0 *" if hours == 1 else f"0 */{hours}"
    return None
