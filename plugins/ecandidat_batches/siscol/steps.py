"""The 23 steps of eCandidat's ``SiScolController.syncSiScol``, each declared once.

A step is (source, source object, target table, mapping): the Apogée SQL file that reads its table,
the Pégase function that reads its nomenclature, the ``siscol_*`` table it writes and the rules that
apply to both (labels upper-cased where eCandidat's entities upper-case them, "O"/"N" flags, the
references a row needs). The order is eCandidat's; the dependencies between steps come from the
references (a step waits for the steps that write the tables its rows point to), so a failed step
stops only the steps that depend on it.

A source that has no list for a step (Pégase: utilisateurs, options, régimes…; Apogée: communes de
naissance) leaves the step skipped: its table is never emptied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecandidat_batches.hooks.pegase import PegaseHook

Row = dict[str, Any]


@dataclass(frozen=True)
class Skip:
    """A source row that cannot be written, and why (in French, counted in the step's summary)."""

    reason: str


@dataclass(frozen=True)
class Ref:
    """A reference of the target table: rows whose ``columns`` name no row of ``table`` are skipped."""

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...]
    reason: str


PegaseReader = Callable[["PegaseHook"], Iterable[Row | Skip]]


@dataclass(frozen=True)
class Step:
    """One step.

    :param name: the task id.
    :param label: eCandidat's name of the step ("Lancement synchronisation <label>").
    :param table: the eCandidat table written.
    :param columns: the columns the source fills (``typ_siscol`` excepted), in the Apogée file's order.
    :param key: the key columns (``typ_siscol`` excepted).
    :param apogee: the file of ``include/sql/siscol/apogee`` that reads it from Apogée; None when Apogée
        has no such list.
    :param pegase: reads it from Pégase; None when Pégase has no such list (eCandidat's ``null``).
    :param upper: labels upper-cased (eCandidat's entity constructors do it, whatever the source).
    :param flags: "in service" flags: NULL and ``'N'`` are false, anything else true (a boolean as is).
    :param references: the rows these rows point to (eCandidat's foreign keys).
    :param compare: the columns whose change rewrites a row; all but the key by default.
    :param renumber: the surrogate key numbered 1..n by ``cod_uti`` (``siscol_utilisateur`` is rebuilt).
    :param typed: the table has ``typ_siscol`` (all but ``version``).
    :param cache: eCandidat's cache of the table (``CacheController``), which its nodes are asked to
        reload when the step changed a row (``SiScolController`` reloads these 17 after each step);
        None for the tables eCandidat reads without a cache.
    """

    name: str
    label: str
    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    apogee: str | None
    pegase: PegaseReader | None
    upper: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    references: tuple[Ref, ...] = ()
    compare: tuple[str, ...] | None = None
    renumber: str | None = None
    typed: bool = True
    cache: str | None = None

    @property
    def all_columns(self) -> tuple[str, ...]:
        """The columns written, ``typ_siscol`` last."""
        return (*self.columns, "typ_siscol") if self.typed else self.columns

    @property
    def all_key(self) -> tuple[str, ...]:
        return (*self.key, "typ_siscol") if self.typed else self.key

    @property
    def compared(self) -> tuple[str, ...]:
        if self.compare is not None:
            return self.compare
        return tuple(c for c in self.columns if c not in self.key)


# -- Pégase: its nomenclatures as eCandidat maps them (external-interfaces.md §2.3) --------------------


def _year(date: str | None) -> str | None:
    """``yyyy-MM-dd`` (Pégase's validity dates) as the year eCandidat keeps (``varchar(4)``)."""
    return date[:4] if date else None


def _nomenclature(
    kind: str, code: str, lib: str, lic: str, tem: str, *, lib_field: str = "libelleAffichage"
) -> PegaseReader:
    """The default mapping: lib = ``libelleAffichage`` (or ``lib_field``), lic = ``libelleCourt``,
    tem = ``temoinVisible``."""

    def read(hook: PegaseHook) -> Iterator[Row]:
        for item in hook.nomenclature(kind):
            yield {code: item.get("code"), lib: item.get(lib_field), lic: item.get("libelleCourt"),
                   tem: item.get("temoinVisible")}  # fmt: skip

    return read


def _serie_bac(hook: PegaseHook) -> Iterator[Row]:
    for item in hook.nomenclature("SerieBac"):
        yield {
            "cod_bac": item.get("code"),
            "lib_bac": item.get("libelleAffichage"),
            "lic_bac": item.get("libelleCourt"),
            "daa_deb_vld_bac": _year(item.get("dateDebutValidite")),
            "daa_fin_vld_bac": _year(item.get("dateFinValidite")),
            "tem_en_sve_bac": item.get("temoinVisible"),
            "tem_ctrl_ine_bac": False,
            "ann_ctrl_ine_bac": None,
        }


def _specialite_bac(hook: PegaseHook) -> Iterator[Row]:
    for item in hook.nomenclature("SpecialitesBacGeneral"):
        yield {
            "cod_spe_bac": item.get("code"),
            "lib_spe_bac": item.get("libelleAffichage"),
            "lic_spe_bac": item.get("libelleCourt"),
            "daa_deb_val_spe_bac": _year(item.get("dateDebutValidite")),
            "daa_fin_val_spe_bac": _year(item.get("dateFinValidite")),
            "tem_en_sve_spe_bac": item.get("temoinVisible"),
        }


def _communes(hook: PegaseHook) -> Iterator[Row | Skip]:
    """One row per distinct INSEE code, the last item's (eCandidat fills a map with every item's old
    code, then every item's current code: the last put wins); an old code (``codeInseeAncien``) that no
    commune has as its current code is kept out of service. The map holds a code, a label and a flag
    per commune (a few MB for all of France), not the items."""
    current: dict[str, tuple[Any, Any]] = {}
    old: dict[str, Any] = {}
    for item in hook.nomenclature("Commune"):
        code, ancien = item.get("codeInsee"), item.get("codeInseeAncien")
        if ancien:
            old[ancien] = item.get("libelleAffichage")
        if not code:
            yield Skip("code INSEE manquant")
            continue
        current[code] = (item.get("libelleAffichage"), item.get("temoinVisible"))
    for code, (label, visible) in current.items():
        yield {"cod_com": code, "lib_com": label, "tem_en_sve_com": visible}
    for code, label in old.items():
        if code not in current:
            yield {"cod_com": code, "lib_com": label, "tem_en_sve_com": False}


def _com_bdi(hook: PegaseHook) -> Iterator[Row | Skip]:
    for item in hook.nomenclature("Commune"):
        if not item.get("codeInsee") or not item.get("codePostal"):
            yield Skip("code INSEE ou code postal manquant")
            continue
        yield {"cod_com": item["codeInsee"], "cod_bdi": item["codePostal"]}


def _communes_naissance(hook: PegaseHook) -> Iterator[Row]:
    for item in hook.nomenclature("CommuneNaissance"):
        yield {
            "cod_com_naiss": item.get("code"),
            "lib_com_naiss": item.get("libelleAffichage"),
            "cod_dep": item.get("departement"),
            "tem_en_sve_com_naiss": item.get("temoinVisible"),
        }


def _etablissements(hook: PegaseHook) -> Iterator[Row | Skip]:
    """``EtablissementFrancais``: rows without département, commune or label are skipped (eCandidat's
    rule); a 4-character commune is left-padded with 0; unknown communes are skipped by the merge."""
    for item in hook.nomenclature("EtablissementFrancais"):
        departement = (item.get("departement") or {}).get("code")
        commune, label = item.get("commune"), item.get("libelleAffichage")
        if not departement or not commune or not label:
            yield Skip("département, commune ou libellé manquant")
            continue
        commune = str(commune)
        yield {
            "cod_etb": item.get("numeroUai"),
            "cod_tpe_etb": (item.get("typeUai") or {}).get("typeUai"),
            "cod_dep": departement,
            "cod_com": "0" + commune if len(commune) == 4 else commune,
            "lib_etb": label,
            "lic_etb": label,
            "tem_en_sve_etb": item.get("temoinVisible"),
            "lib_web_etb": label,
        }


def _pays(hook: PegaseHook) -> Iterator[Row]:
    for item in hook.nomenclature("PaysNationalite"):
        yield {
            "cod_pay": item.get("code"),
            "lib_pay": item.get("libelleAffichage"),
            "lic_pay": item.get("libelleCourt"),
            "lib_nat": item.get("libelleNationalite") or item.get("libelleCourt"),
            "tem_en_sve_pay": item.get("temoinVisible"),
        }


def _annees(hook: PegaseHook) -> Iterator[Row]:
    """The establishment's ``PERIODE`` spaces of the offer (ODF API), all open (``'O'``)."""
    for item in hook.periodes():
        yield {"cod_anu": item.get("code"), "eta_anu_iae": "O", "lib_anu": item.get("libelleLong"),
               "lic_anu": item.get("libelle")}  # fmt: skip


def _centres_gestion(_hook: PegaseHook) -> Iterator[Row]:
    """Pégase has no management centres: an empty list (eCandidat's), so nothing changes."""
    return iter(())


def _version(_hook: PegaseHook) -> Iterator[Row]:
    yield {"val_version": "1.0.0"}  # eCandidat's hard-coded Pégase version


# -- the steps ---------------------------------------------------------------------------------------

DEP = Ref(("cod_dep",), "siscol_departement", ("cod_dep",), "département inconnu")


def _simple(name: str, label: str, table: str, suffix: str, kind: str | None, *, upper: bool = True,
            lib_field: str = "libelleAffichage", apogee: bool = True,
            cache: str | None = None) -> Step:  # fmt: skip
    """A code/lib/lic/in-service table (``cod_<suffix>``, ``lib_<suffix>``, ``lic_<suffix>``...)."""
    code, lib, lic, tem = f"cod_{suffix}", f"lib_{suffix}", f"lic_{suffix}", f"tem_en_sve_{suffix}"
    return Step(
        name, label, table, (code, lib, lic, tem), (code,),
        apogee=name if apogee else None,
        pegase=_nomenclature(kind, code, lib, lic, tem, lib_field=lib_field) if kind else None,
        upper=(lib, lic) if upper else (), flags=(tem,), cache=cache,
    )  # fmt: skip


# fmt: off
STEPS: tuple[Step, ...] = (
    _simple("regime", "Regime", "siscol_regime", "rgi", None, upper=False, cache="tr_regime"),
    _simple("statut", "Statut", "siscol_statut", "stu", None, upper=False, cache="tr_statut"),
    _simple("cat_exo_ext", "CatExoExt", "siscol_cat_exo_ext", "cat_exo_ext", None, upper=False,
            cache="tr_cat_exo_ext"),
    Step(
        "bac_oux_equ", "BacOuEqu", "siscol_bac_oux_equ",
        ("cod_bac", "lib_bac", "lic_bac", "daa_deb_vld_bac", "daa_fin_vld_bac", "tem_en_sve_bac",
         "tem_ctrl_ine_bac", "ann_ctrl_ine_bac"),
        ("cod_bac",), apogee="bac_oux_equ", pegase=_serie_bac,
        upper=("lib_bac", "lic_bac"), flags=("tem_en_sve_bac", "tem_ctrl_ine_bac"), cache="tr_bac",
    ),
    Step(
        "option_bac", "OptionBac", "siscol_option_bac",
        ("cod_opt_bac", "lib_opt_bac", "lic_opt_bac", "daa_deb_val_opt_bac", "daa_fin_val_opt_bac",
         "tem_en_sve_opt_bac"),
        ("cod_opt_bac",), apogee="option_bac", pegase=None, flags=("tem_en_sve_opt_bac",),
        cache="tr_opt_bac",
    ),
    Step(
        "bac_opt_bac", "BacOptBac", "siscol_bac_opt_bac",
        ("cod_bac", "cod_opt_bac"), ("cod_bac", "cod_opt_bac"),
        apogee="bac_opt_bac", pegase=None,
        references=(Ref(("cod_bac",), "siscol_bac_oux_equ", ("cod_bac",), "bac inconnu"),
                    Ref(("cod_opt_bac",), "siscol_option_bac", ("cod_opt_bac",), "option inconnue")),
        cache="tr_bac_opt_bac",
    ),
    Step(
        "specialite_bac", "SpecialiteBac", "siscol_specialite_bac",
        ("cod_spe_bac", "lib_spe_bac", "lic_spe_bac", "daa_deb_val_spe_bac", "daa_fin_val_spe_bac",
         "tem_en_sve_spe_bac"),
        ("cod_spe_bac",), apogee="specialite_bac", pegase=_specialite_bac, flags=("tem_en_sve_spe_bac",),
        cache="tr_spe_bac",
    ),
    Step(
        "bac_spe_bac", "BacSpeBac", "siscol_bac_spe_bac",
        ("cod_bac", "cod_spe_bac"), ("cod_bac", "cod_spe_bac"),
        apogee="bac_spe_bac", pegase=None,
        references=(Ref(("cod_bac",), "siscol_bac_oux_equ", ("cod_bac",), "bac inconnu"),
                    Ref(("cod_spe_bac",), "siscol_specialite_bac", ("cod_spe_bac",), "spécialité inconnue")),
        cache="tr_bac_spe_bac",
    ),
    _simple("mention", "Mention", "siscol_mention", "men", "MentionHonorifique", cache="tr_mention"),
    Step(
        "centre_gestion", "CGE", "siscol_centre_gestion", ("cod_cge", "lib_cge", "lic_cge", "tem_en_sve_cge"),
        ("cod_cge",), apogee="centre_gestion", pegase=_centres_gestion, flags=("tem_en_sve_cge",),
        cache="tr_cge",
    ),
    Step(
        "utilisateur", "Utilisateurs", "siscol_utilisateur",
        ("id_uti", "cod_uti", "cod_cge", "lib_cmt_uti", "tem_en_sve_uti", "adr_mail_uti"),
        ("id_uti",), apogee="utilisateur", pegase=None, flags=("tem_en_sve_uti",),
        references=(Ref(("cod_cge",), "siscol_centre_gestion", ("cod_cge",), "centre de gestion inconnu"),),
        renumber="id_uti",
    ),
    _simple("departement", "Departement", "siscol_departement", "dep", "Departement",
            lib_field="libelleLong", cache="tr_dpt"),
    Step(
        "commune", "Commune", "siscol_commune", ("cod_com", "lib_com", "tem_en_sve_com"), ("cod_com",),
        apogee="commune", pegase=_communes, upper=("lib_com",), flags=("tem_en_sve_com",),
    ),
    Step(
        "commune_naiss", "Commune Naissance", "siscol_commune_naiss",
        ("cod_com_naiss", "lib_com_naiss", "cod_dep", "tem_en_sve_com_naiss"), ("cod_com_naiss",),
        apogee=None, pegase=_communes_naissance, upper=("lib_com_naiss",), flags=("tem_en_sve_com_naiss",),
        references=(DEP,),
    ),
    _simple("dip_aut_cur", "DipAutCur", "siscol_dip_aut_cur", "dac", "TypeDiplome", cache="tr_dip"),
    Step(
        "pays", "Pays", "siscol_pays",
        ("cod_pay", "lib_pay", "lic_pay", "lib_nat", "tem_en_sve_pay"), ("cod_pay",),
        apogee="pays", pegase=_pays, upper=("lib_pay", "lic_pay", "lib_nat"), flags=("tem_en_sve_pay",),
        cache="tr_pays",
    ),
    Step(
        "etablissement", "Etablissement", "siscol_etablissement",
        ("cod_etb", "cod_tpe_etb", "cod_dep", "cod_com", "lib_etb", "lic_etb", "tem_en_sve_etb",
         "lib_web_etb"),
        ("cod_etb",), apogee="etablissement", pegase=_etablissements,
        upper=("lib_etb", "lic_etb", "lib_web_etb"), flags=("tem_en_sve_etb",),
        references=(DEP, Ref(("cod_com",), "siscol_commune", ("cod_com",), "commune inconnue")),
    ),
    Step(
        "typ_diplome", "TypDiplome", "siscol_typ_diplome",
        ("cod_tpd_etb", "lib_tpd", "lic_tpd", "tem_en_sve_tpd"),
        ("cod_tpd_etb",), apogee="typ_diplome",
        pegase=_nomenclature("TypeDiplome", "cod_tpd_etb", "lib_tpd", "lic_tpd", "tem_en_sve_tpd"),
        upper=("lib_tpd", "lic_tpd"), flags=("tem_en_sve_tpd",), cache="tr_typ_dip",
    ),
    _simple("typ_resultat", "TypResultat", "siscol_typ_resultat", "tre", "TypeResultat", cache="tr_typ_res"),
    _simple("mention_niv_bac", "MentionNivBac", "siscol_mention_niv_bac", "mnb", "MentionBac",
            cache="tr_mention_bac"),
    Step(
        "com_bdi", "ComBdi", "siscol_com_bdi", ("cod_com", "cod_bdi"), ("cod_com", "cod_bdi"),
        apogee="com_bdi", pegase=_com_bdi,
    ),
    Step(
        "annee_uni", "AnneeUni", "siscol_annee_uni",
        ("cod_anu", "eta_anu_iae", "lib_anu", "lic_anu"), ("cod_anu",),
        apogee="annee_uni", pegase=_annees, cache="tr_annee_uni",
    ),
    Step(
        "version", "Version", "version", ("cod_version", "val_version", "dat_version"), ("cod_version",),
        apogee="version", pegase=_version, compare=("val_version",), typed=False,
    ),
)
# fmt: on

BY_NAME: Mapping[str, Step] = {step.name: step for step in STEPS}

#: eCandidat's ``cod_version`` of the SI Scolarité's version row.
VERSION_SI_SCOL = "VERSION_SI_SCOL"


def get_step(name: str) -> Step:
    """The step ``name``; an unknown name is an error that lists the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"étape SI Scolarité inconnue : {name!r} (connues : {', '.join(BY_NAME)})") from None


def upstream(step: Step) -> tuple[str, ...]:
    """The steps this one waits for: those that write the tables its rows point to; the version, last,
    waits for every other step (eCandidat records it only after a complete synchronisation)."""
    if step.name == "version":
        return tuple(s.name for s in STEPS if s is not step)
    tables = {ref.table for ref in step.references}
    return tuple(s.name for s in STEPS if s.table in tables)
