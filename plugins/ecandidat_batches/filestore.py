"""Where eCandidat's attachment files live, behind a small interface.

eCandidat stores a file at ``fichier.file_fichier``, a path relative to its candidate files root, in
folders per campaign code (``<root>/<cod_camp>/...``). :class:`FileSystemStore` is that layout on a
mounted filesystem; another store (S3, CMIS) implements the same three methods.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Protocol


class FileStore(Protocol):
    def exists(self, path: str) -> bool:
        """Whether a file or folder is stored there (a path outside the store is a ValueError)."""

    def delete(self, path: str) -> None:
        """Remove one stored file; a file already absent is not an error (a retry after a crash)."""

    def delete_folder(self, folder: str) -> bool:
        """Remove a folder and what is left in it; return False when it did not exist."""

    def write(self, path: str, data: bytes) -> None:
        """Store a file (the demo dataset writes its attachments)."""

    def empty(self) -> None:
        """Remove everything in the store (BATCH_DEMO only)."""


class FileSystemStore:
    """Files under a root folder; paths that would leave the root are refused."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self._prefix = str(self.root) + os.sep

    def _path(self, relative: str) -> str:
        # normpath, not resolve(): no system call per path component (300,000 files a campaign);
        # ".." cannot escape, and a symbolic link inside the store is removed, never followed.
        path = os.path.normpath(os.path.join(self._prefix, relative))
        if not path.startswith(self._prefix):
            raise ValueError(f"chemin de fichier hors du dossier des fichiers eCandidat : {relative!r}")
        return path

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._path(path))

    def delete(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path(path))

    def delete_folder(self, folder: str) -> bool:
        path = self._path(folder)
        if not os.path.lexists(path):
            return False
        _remove_tree(path)
        return True

    def write(self, path: str, data: bytes) -> None:
        target = Path(self._path(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def empty(self) -> None:
        """Remove everything under the root (BATCH_DEMO only)."""
        if self.root.exists():
            for child in self.root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()


class DryRunStore:
    """A dry run's store: removes nothing, lists what a run would remove.

    Paths are checked by the real store as a run would (a path leaving the store is refused the same
    way), so the dry run reports the same errors.
    """

    def __init__(self, store: FileStore) -> None:
        self.store = store
        self.deleted: list[str] = []
        self.folders: list[str] = []

    def exists(self, path: str) -> bool:
        return self.store.exists(path)

    def delete(self, path: str) -> None:
        self.store.exists(path)
        self.deleted.append(path)

    def delete_folder(self, folder: str) -> bool:
        if not self.store.exists(folder):
            return False
        self.folders.append(folder)
        return True

    def write(self, path: str, data: bytes) -> None:
        raise RuntimeError("une simulation n'écrit aucun fichier")

    def empty(self) -> None:
        raise RuntimeError("une simulation ne vide aucun dossier")


def _remove_tree(path: str) -> None:
    """Remove ``path`` and everything under it, entry by entry as the directory is read.

    Not ``shutil.rmtree``: it lists each directory in full first, and a campaign folder holds one
    folder per candidate (60,000 at a large university), so its memory grew with the campaign.
    Symbolic links are removed, never followed. A directory is read again until it is empty, as
    removing entries while reading it may hide others on some file systems.
    """
    if os.path.islink(path) or not os.path.isdir(path):
        os.unlink(path)
        return
    while True:
        removed = False
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    _remove_tree(entry.path)
                else:
                    os.unlink(entry.path)
                removed = True
        if not removed:
            break
    os.rmdir(path)


def configured_store() -> FileSystemStore:
    """The store of ``[ecandidat] file_store_root``; an unset root is a clear error."""
    from ecandidat_batches import settings

    root = settings.file_store_root()
    if not root:
        raise RuntimeError(
            "Dossier des fichiers eCandidat non configuré : renseignez [ecandidat] file_store_root "
            "(ou AIRFLOW__ECANDIDAT__FILE_STORE_ROOT), le chemin des fichiers candidats d'eCandidat."
        )
    return FileSystemStore(root)
