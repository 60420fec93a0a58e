"""BATCH_DESIST_AUTO's admission letters: letters per second, with a warm LibreOffice and with one
process per letter, what they add to a night of promotions, and memory over a run.

``python -m bench.letters [N] [--per-process M] [--night P]`` (default 60 letters through the warm
converter, 6 through one ``soffice`` per letter, a night of 2,000 promotions). Each letter is made as the
mail task makes it: the test templates of ``dev/letter_templates.py`` (every field, the conditional
blocks, the table, the signature's frame) filled with a candidature's values and the commission's
signature image, converted to PDF, protected (owner password, two permissions refused) and signed
with a PKCS#12 keystore. Figures: the filling alone, each converter's letters per second and their
ratio, LibreOffice's start, the minutes a night's promotions spend on letters, and the resident memory
of this process and of LibreOffice after the first tenth of the letters and at the end (flat: the same).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]


def _row(n: int) -> dict[str, Any]:
    """A promoted candidature as the mail task reads it (the columns the letter uses)."""
    return {
        "id_cand": n,
        "num_dossier_opi_cpt_min": f"EC{n:06d}",
        "lib_civ": "Madame",
        "nom_pat_candidat": f"NOM{n}",
        "nom_usu_candidat": None,
        "prenom_candidat": "Léa",
        "dat_naiss_candidat": dt.date(2003, 5, 17),
        "cand_adr1_adr": f"{n} rue de la Paix",
        "cand_adr2_adr": None,
        "cand_adr3_adr": None,
        "cand_cod_bdi_adr": "54000",
        "cand_cedex_adr": None,
        "cand_lib_com_etr_adr": None,
        "cand_lib_com": "NANCY",
        "cand_cod_pay": "100",
        "cand_lib_pay": "FRANCE",
        "lib_camp": "Campagne 2026",
        "lib_camp_langue": None,
        "lib_camp_defaut": None,
        "lib_comm": "Commission des sciences",
        "adr1_adr": "1 place de l'Université",
        "adr2_adr": None,
        "adr3_adr": None,
        "cod_bdi_adr": "54000",
        "cedex_adr": None,
        "lib_com_etr_adr": None,
        "lib_com": "NANCY",
        "cod_pay": "100",
        "lib_pay": "FRANCE",
        "lib_form": "Master 1 Histoire",
        "cod_form": "M1-HIST",
        "dat_jury_form": dt.date(2026, 6, 20),
        "signataire_comm": "La présidente du jury",
        "lib_avis_seul": None,
        "lib_avis_langue": "Avis favorable",
        "comment_type_dec_cand": None,
        "tem_aff_comment_typ_dec": True,
        "dat_valid_type_dec_cand": dt.datetime(2026, 6, 25, 23, 15),
        "dat_new_confirm_cand": dt.date(2026, 7, 1),
        "delai_confirm_form": None,
        "dat_confirm_form": None,
        "cod_typ_avis": "FA",
        "tem_valid_type_dec_cand": True,
        "tem_appel_type_dec_cand": False,
        "mnt_charge_cand": 243.5 if n % 2 else None,
        "comp_exo_ext_cand": None,
        "cod_tpd_etb": None,
        "cod_langue": "fr",
        "langue_defaut": "fr",
        "signature_file": "signature.png",
        "signature_typ_fichier": "G",
        "signature_typ_stockage": "F",
    }


def _rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _office_rss_kb() -> int:
    """The resident memory of the LibreOffice processes (soffice.bin) this process started."""
    import os

    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if "soffice.bin" in text.split("\n", 1)[0]:
            parents = [line for line in text.splitlines() if line.startswith("PPid:")]
            if parents and _descends_from(int(parents[0].split()[1]), os.getpid()):
                total += _rss_kb(status.parent.name)
    return total


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            ppid = [
                ln for ln in Path(f"/proc/{pid}/status").read_text().splitlines() if ln.startswith("PPid:")
            ]
        except OSError:
            return False
        pid = int(ppid[0].split()[1]) if ppid else 0
    return False


def _maker(folder: Path, converter: Any, signature: bytes) -> Any:
    from tests.unit.test_letter_document import keystore

    from ecandidat_batches.letters.admission import LetterMaker
    from ecandidat_batches.letters.protection import Protection, Signature, forbidden

    keystore(folder / "keystore.p12", "bench")
    protection = Protection(
        "proprio",
        forbidden("Modify,AssembleDocument"),
        Signature(folder / "keystore.p12", "bench", "Université Esup", "Nancy"),
    )
    return LetterMaker(
        folder / "template",
        lambda: converter,
        protection=lambda: protection,
        signature_file=lambda *_: signature,
        clock=lambda: dt.datetime(2026, 6, 26, 0, 5),
    )


def _run(maker: Any, count: int) -> tuple[float, list[tuple[int, int]]]:
    """Seconds for ``count`` letters; (this process's, LibreOffice's) memory after a tenth and at the end."""
    memory = []
    start = time.perf_counter()
    for n in range(count):
        pdf = maker.pdf(_row(n))
        assert pdf.startswith(b"%PDF")
        if n + 1 in (max(1, count // 10), count):
            memory.append((_rss_kb(), _office_rss_kb()))
    return time.perf_counter() - start, memory


def main(argv: list[str]) -> None:
    from dev.letter_templates import png, write_templates

    from ecandidat_batches.letters.admission import values
    from ecandidat_batches.letters.converter import SofficeConverter, UnoConverter
    from ecandidat_batches.letters.document import Bean, Template

    parser = argparse.ArgumentParser(prog="bench.letters")
    parser.add_argument("letters", nargs="?", type=int, default=60)
    parser.add_argument("--per-process", type=int, default=6)
    parser.add_argument("--night", type=int, default=2000, help="promotions in a night")
    args = parser.parse_args(argv)
    signature = png(300, 100)
    with tempfile.TemporaryDirectory(prefix="bench-lettres-") as tmp:
        folder = Path(tmp)
        write_templates(folder / "template")
        template = Template((folder / "template" / "lettre_adm_export_template.docx").read_bytes(), "bench")
        start = time.perf_counter()
        for n in range(args.letters):
            template.fill(
                {"data": Bean(values(_row(n), dt.datetime(2026, 6, 26))), "showSignataire": True}, signature
            )
        fill = (time.perf_counter() - start) / args.letters
        print(f"Lettres : remplissage du modèle seul {fill * 1000:.1f} ms par lettre")

        warm = UnoConverter("/usr/bin/python3")
        started = time.perf_counter()
        warm.start()
        boot = time.perf_counter() - started
        maker = _maker(folder, warm, signature)
        try:
            maker.pdf(_row(0))  # LibreOffice's first document loads its filters
            seconds, memory = _run(maker, args.letters)
        finally:
            warm.close()
        rate = args.letters / seconds
        print(
            f"Lettres, LibreOffice gardé (unoserver) : démarrage {boot:.1f} s, {args.letters} lettres en "
            f"{seconds:.1f} s, {rate:.1f} lettres/s (remplies, converties, protégées, signées)"
        )
        print(
            f"  mémoire après {max(1, args.letters // 10)} lettres / après {args.letters} : ce processus "
            f"{memory[0][0] // 1024} Mo / {memory[-1][0] // 1024} Mo, "
            f"LibreOffice {memory[0][1] // 1024} Mo / {memory[-1][1] // 1024} Mo"
        )

        cold = SofficeConverter()
        maker = _maker(folder, cold, signature)
        try:
            seconds_cold, _ = _run(maker, args.per_process)
        finally:
            cold.close()
        rate_cold = args.per_process / seconds_cold
        print(
            f"Lettres, un soffice par lettre : {args.per_process} lettres en {seconds_cold:.1f} s, "
            f"{rate_cold:.2f} lettres/s ; LibreOffice gardé : {rate / rate_cold:.1f} fois plus rapide"
        )
        night = args.night
        print(
            f"Une nuit de {night} promotions : les lettres ajoutent {(boot + night / rate) / 60:.1f} min "
            f"(LibreOffice gardé, démarrage compris) contre {night / rate_cold / 60:.1f} min "
            "(un soffice par lettre) à l'envoi des mails"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
