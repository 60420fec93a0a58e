"""A French SI Scolarité referential for the tests, the demo and the bench, as Apogée and Pégase give it.

Deterministic (no randomness): ``scale=1.0`` is the size of the real one (40,000 communes, 50,000
commune/postcode pairs, 15,000 establishments, a few thousand rows elsewhere). The same referential
feeds an Apogée-shaped database (:func:`load_apogee`: its tables and columns, ``'O'``/``'N'`` flags)
and the local Pégase server (:func:`pegase_nomenclatures`: its items), with the quirks the batch must
handle: mixed-case labels, communes with several postcodes and old INSEE codes, establishments whose
commune lost its leading zero, lacks, or is unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dev import SQL


@dataclass
class Referential:
    """Apogée's rows, table by table (upper-case column names, as Oracle gives them)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Pégase-only data: communes' old codes and the establishments' quirks.
    old_codes: dict[str, str] = field(default_factory=dict)

    def rows(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def _on(i: int, every: int = 17) -> str:
    return "N" if i % every == 0 else "O"


def build(scale: float = 0.01) -> Referential:
    """The referential at ``scale`` (0.01: 400 communes, 150 establishments...)."""
    ref = Referential()
    t = ref.tables
    n_communes = max(20, int(40_000 * scale))
    n_etab = max(10, int(15_000 * scale))
    deps = [f"{d:03d}" for d in range(1, 96)] + ["971", "972", "973", "974", "976", "099"]
    t["DEPARTEMENT"] = [{"COD_DEP": d, "LIB_DEP": f"Département {d}", "LIC_DEP": f"Dép {d}",
                         "TEM_EN_SVE_DEP": _on(i, 50)} for i, d in enumerate(deps)]  # fmt: skip
    communes, bdi = [], []
    for i in range(n_communes):
        dep = deps[i % 95]
        code = f"{dep[1:]}{i // 95:03d}"
        communes.append({"COD_COM": code, "LIB_COM": f"Commune {code} d'Île", "TEM_EN_SVE_COM": _on(i, 40),
                         "COD_DEP": dep})  # fmt: skip
        bdi.append({"COD_COM": code, "COD_BDI": f"{dep[1:]}{(i * 7) % 1000:03d}"})
        if i % 4 == 0:  # a quarter of the communes have a second postcode: 50,000 pairs in all
            bdi.append({"COD_COM": code, "COD_BDI": f"{dep[1:]}{(i * 7 + 500) % 1000:03d}"})
        if i % 50 == 7:  # merged communes keep their old INSEE code in Pégase
            ref.old_codes[code] = f"9{code[1:]}"
    t["COMMUNE"], t["COM_BDI"] = communes, bdi
    etabs = []
    for i in range(n_etab):
        commune = communes[(i * 13) % n_communes]
        etabs.append({
            "COD_ETB": f"{i:07d}{chr(65 + i % 26)}", "COD_TPE": f"{i % 30:02d}",
            "COD_DEP": commune["COD_DEP"],
            "COD_COM_ADR_ETB": commune["COD_COM"], "LIB_ETB": f"Lycée n°{i}", "LIC_ETB": f"LYC {i}"[:10],
            "LIB_WEB_ETB": f"Lycée numéro {i}", "TEM_EN_SVE_ETB": _on(i),
        })  # fmt: skip
    t["ETABLISSEMENT"] = etabs
    t["BAC_OUX_EQU"] = [{"COD_BAC": f"B{i:03d}", "LIB_BAC": f"Bac série {i}", "LIC_BAC": f"Bac {i}",
                         "DAA_DEB_VLD_BAC": str(1990 + i % 30), "DAA_FIN_VLD_BAC": None if i % 3 else "2020",
                         "TEM_EN_SVE_BAC": _on(i, 5), "TEM_CTRL_INE": "O" if i % 2 else None,
                         "ANN_CTRL_INE": "2015" if i % 2 else None} for i in range(120)]  # fmt: skip
    t["OPTION_BAC"] = [{"COD_OPT_BAC": f"O{i:02d}", "LIB_OPT_BAC": f"Option {i}", "LIC_OPT_BAC": f"Opt {i}",
                        "DAA_DEB_VAL_OPT_BAC": "2000", "DAA_FIN_VAL_OPT_BAC": None,
                        "TEM_EN_SVE_OPT_BAC": _on(i)} for i in range(50)]  # fmt: skip
    t["SPECIALITE_BAC"] = [{"COD_SPE_BAC": f"S{i:02d}", "LIB_SPE_BAC": f"Spécialité {i}",
                            "LIC_SPE_BAC": f"Spé {i}", "DAA_DEB_VAL_SPE_BAC": "2021",
                            "DAA_FIN_VAL_SPE_BAC": None,
                            "TEM_EN_SVE_SPE_BAC": _on(i)} for i in range(40)]  # fmt: skip
    t["BAC_REGROUPE_OPT_BAC"] = [{"COD_BAC": f"B{i:03d}", "COD_OPT_BAC": f"O{(i * 3 + k) % 50:02d}"}
                                 for i in range(120) for k in range(2)]  # fmt: skip
    t["BAC_REGROUPE_SPE_BAC"] = [{"COD_BAC": f"B{i:03d}", "COD_SPE_BAC": f"S{(i + k) % 40:02d}"}
                                 for i in range(0, 120, 2) for k in range(3)]  # fmt: skip
    simple = {
        "REGIME_INS": ("RGI", 10, "Régime"), "STATUT_ETU": ("STU", 12, "Statut"),
        "CAT_EXO_EXT": ("CAT_EXO_EXT", 20, "Exonération"), "MENTION": ("MEN", 6, "Mention"),
        "CENTRE_GESTION": ("CGE", 20, "Centre"), "DIP_AUT_CUR": ("DAC", 60, "Diplôme"),
        "TYP_RESULTAT": ("TRE", 10, "Résultat"), "MENTION_NIV_BAC": ("MNB", 6, "Mention bac"),
        "TYP_DIPLOME": ("TPD", 60, "Type de diplôme"),
    }  # fmt: skip
    for table, (suffix, count, label) in simple.items():
        code = "COD_TPD_ETB" if suffix == "TPD" else f"COD_{suffix}"
        width = 3 if suffix == "CGE" else 2
        t[table] = [{code: f"{i:0{width}d}", f"LIB_{suffix}": f"{label} {i}",
                     f"LIC_{suffix}": f"{label[:4]} {i}",
                     f"TEM_EN_SVE_{suffix}": _on(i, 7)} for i in range(count)]  # fmt: skip
    t["PAYS"] = [{"COD_PAY": f"{100 + i}", "LIB_PAY": f"Pays {i}", "LIC_PAY": f"P{i}",
                  "LIB_NAT": f"Nationalité {i}", "TEM_EN_SVE_PAY": _on(i)} for i in range(250)]  # fmt: skip
    t["UTILISATEUR"] = [{"COD_UTI": f"user{i:04d}", "COD_CGE": f"{i % 20:03d}", "LIB_CMT_UTI": f"Agent {i}",
                         "TEM_EN_SVE_UTI": _on(i), "ADR_MAIL_UTI": f"user{i}@univ.fr"}
                        for i in range(max(20, int(3000 * scale)))]  # fmt: skip
    t["UTILISATEUR"][-1]["COD_CGE"] = "999"  # a centre Apogée no longer has: skipped
    t["ANNEE_UNI"] = [{"COD_ANU": str(2015 + i), "ETA_ANU_IAE": "O" if i >= 9 else "F",
                       "LIB_ANU": f"Année universitaire {2015 + i}/{2016 + i}",
                       "LIC_ANU": f"{2015 + i}/{str(2016 + i)[2:]}"} for i in range(11)]  # fmt: skip
    t["VERSION_APO"] = [
        {"COD_VER": "5.80", "COD_PATCH": "1", "COD_PERSO": "0", "DAT_CRE": "2024-01-10"},
        {"COD_VER": "6.00", "COD_PATCH": "2", "COD_PERSO": "0", "DAT_CRE": "2025-06-01"},
        {"COD_VER": "9.99", "COD_PATCH": "0", "COD_PERSO": "0", "DAT_CRE": None},  # undated: not the version
    ]
    return ref


# -- Apogée ------------------------------------------------------------------------------------------


def load_apogee(conn: Any, ref: Referential) -> None:
    """Create Apogée's tables (``dev/sql/apogee/schema.sql``) in a PostgreSQL database (psycopg 3)
    and load the referential with COPY."""
    schema = (SQL / "apogee" / "schema.sql").read_text(encoding="utf-8")
    with conn.cursor() as cur:
        cur.execute(schema)
        for table, rows in ref.tables.items():
            if not rows:
                continue
            columns = list(rows[0])
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
    conn.commit()


# -- Pégase ------------------------------------------------------------------------------------------


def _item(code: str, lib: str, lic: str, on: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "libelleCourt": lic, "libelleLong": lib, "libelleAffichage": lib,
            "prioriteAffichage": 1, "dateDebutValidite": None, "dateFinValidite": None,
            "temoinVisible": on == "O", "temoinLivre": True, **extra}  # fmt: skip


def _simple(rows: list[dict[str, Any]], suffix: str) -> list[dict[str, Any]]:
    code = "COD_TPD_ETB" if suffix == "TPD" else f"COD_{suffix}"
    return [_item(r[code], r[f"LIB_{suffix}"], r[f"LIC_{suffix}"], r[f"TEM_EN_SVE_{suffix}"]) for r in rows]


def pegase_nomenclatures(ref: Referential) -> dict[str, list[dict[str, Any]]]:
    """The Pégase nomenclatures of the referential (what ``nomenclatures/{Type}`` pages hold)."""
    t = ref.tables
    labels = {c["COD_COM"]: c for c in t["COMMUNE"]}
    communes = [
        _item(p["COD_COM"], labels[p["COD_COM"]]["LIB_COM"], labels[p["COD_COM"]]["LIB_COM"][:10],
              labels[p["COD_COM"]]["TEM_EN_SVE_COM"], codeInsee=p["COD_COM"], codePostal=p["COD_BDI"],
              codeInseeAncien=ref.old_codes.get(p["COD_COM"]))
        for p in t["COM_BDI"]
    ]  # fmt: skip
    etabs = []
    for i, e in enumerate(t["ETABLISSEMENT"]):
        commune = e["COD_COM_ADR_ETB"]
        if commune.startswith("0") and i % 3 == 0:
            commune = commune[1:]  # Pégase drops the leading zero of some communes
        if i % 97 == 5:
            commune = None  # no commune: skipped
        elif i % 89 == 3:
            commune = "99999"  # a commune eCandidat does not know: skipped
        etabs.append(_item(e["COD_ETB"], e["LIB_ETB"], e["LIC_ETB"], e["TEM_EN_SVE_ETB"],
                           numeroUai=e["COD_ETB"],
                           typeUai={"typeUai": e["COD_TPE"]}, commune=commune,
                           departement={"code": e["COD_DEP"]}))  # fmt: skip
    bacs = [
        _item(b["COD_BAC"], b["LIB_BAC"], b["LIC_BAC"], b["TEM_EN_SVE_BAC"],
              dateDebutValidite=f"{b['DAA_DEB_VLD_BAC']}-09-01",
              dateFinValidite=f"{b['DAA_FIN_VLD_BAC']}-08-31" if b["DAA_FIN_VLD_BAC"] else None)
        for b in t["BAC_OUX_EQU"]
    ]  # fmt: skip
    spe = [_item(s["COD_SPE_BAC"], s["LIB_SPE_BAC"], s["LIC_SPE_BAC"], s["TEM_EN_SVE_SPE_BAC"],
                 dateDebutValidite="2021-09-01") for s in t["SPECIALITE_BAC"]]  # fmt: skip
    pays = [_item(p["COD_PAY"], p["LIB_PAY"], p["LIC_PAY"], p["TEM_EN_SVE_PAY"],
                  libelleNationalite=p["LIB_NAT"] if int(p["COD_PAY"]) % 10 else None)
            for p in t["PAYS"]]  # fmt: skip
    naiss = [_item(f"N{c['COD_COM']}", c["LIB_COM"], c["LIB_COM"][:10], c["TEM_EN_SVE_COM"],
                   departement=c["COD_DEP"]) for c in t["COMMUNE"][:2000]]  # fmt: skip
    return {
        "Departement": [
            _item(d["COD_DEP"], d["LIB_DEP"], d["LIC_DEP"], d["TEM_EN_SVE_DEP"]) for d in t["DEPARTEMENT"]
        ],
        "Commune": communes,
        "CommuneNaissance": naiss,
        "EtablissementFrancais": etabs,
        "SerieBac": bacs,
        "SpecialitesBacGeneral": spe,
        "MentionHonorifique": _simple(t["MENTION"], "MEN"),
        "MentionBac": _simple(t["MENTION_NIV_BAC"], "MNB"),
        "TypeDiplome": _simple(t["TYP_DIPLOME"], "TPD"),
        "TypeResultat": _simple(t["TYP_RESULTAT"], "TRE"),
        "PaysNationalite": pays,
    }


def pegase_periodes(ref: Referential) -> Iterator[dict[str, Any]]:
    for a in ref.tables["ANNEE_UNI"]:
        yield {"code": a["COD_ANU"], "libelle": a["LIC_ANU"], "libelleLong": a["LIB_ANU"], "type": "PERIODE"}


def serve(fake: Any, ref: Referential, etablissement: str = "ETAB1") -> None:
    """Put the referential on a :class:`~dev.fakes.pegase.FakePegase`."""
    fake.nomenclatures.update(pegase_nomenclatures(ref))
    fake.periodes[etablissement] = list(pegase_periodes(ref))
