"""What resolving every path against the real root costs BATCH_DESTRUCT_DOSSIER's file removals.

The file store used to check a path lexically (``normpath``, no system call); it now follows the
folders on the way (one ``lstat`` each below the root, a link resolved where there is one) so that a
symbolic link cannot lead a removal out of the store. The benchmark writes N files laid out as
eCandidat's (``CAMP/<dossier>/<file>.pdf``, a few per candidate) under a root a few folders deep, then
times, for the same paths: the lexical check alone, the resolution alone, ``realpath`` on the whole
path (the obvious way), and the removal of every file through the store (resolution + ``unlink``);
it prints the figures and the share of the removal that the resolution takes.

Usage: ``python -m bench.file_store [N]`` (default 60000), or ``make bench``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

PER_CANDIDATE = 3


def _layout(n: int) -> list[str]:
    return [f"CAMP2025/{i // PER_CANDIDATE:06d}/piece_{i % PER_CANDIDATE}.pdf" for i in range(n)]


def _timed(label: str, n: int, work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"  {label:<42} {seconds:7.3f} s  {seconds / n * 1e6:6.2f} µs/fichier")
    return seconds


def main(argv: list[str]) -> None:
    from ecandidat_batches.files.stores import FileSystemStore

    n = int(argv[0]) if argv else 60_000
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        root = Path(tmp) / "srv" / "ecandidat" / "fichiers" / "candidat"
        store = FileSystemStore(root)
        paths = _layout(n)
        for path in paths:
            store.write(path, b"%PDF-1.4\n")
        prefix = str(store.root) + os.sep
        print(f"Magasin de fichiers : {n} fichiers, {n // PER_CANDIDATE} dossiers de candidat, racine {root}")
        lexical = _timed(
            "contrôle lexical (normpath)", n, lambda: [os.path.normpath(prefix + p) for p in paths]
        )
        resolved = _timed("résolution sous la racine (_path)", n, lambda: [store._path(p) for p in paths])
        _timed("realpath du chemin entier", n, lambda: [os.path.realpath(prefix + p) for p in paths])
        removal = _timed("suppression (résolution + unlink)", n, lambda: [store.delete(p) for p in paths])
        print(
            f"  résolution / contrôle lexical : x{resolved / lexical:.1f} ; "
            f"part de la résolution dans la suppression : {resolved / removal:.0%}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
