"""Where eCandidat's attachment files live, behind a small interface.

eCandidat resolves a file by two columns of ``fichier``: ``typ_stockage_fichier`` (``F`` file system,
``C`` CMIS) and ``typ_fichier`` (``C`` candidate, ``G`` gestionnaire). On the file system,
``file_fichier`` is a path relative to the root of its type (``file.filesystem.candidat.path``,
``file.filesystem.gestionnaire.path``), candidate files in folders per campaign code; in CMIS it is
the document's id. :class:`Stores` picks the store of a file; :class:`FileSystemStore` is a root on
a mounted file system, :class:`CmisStore` the repository (``hooks/cmis.py``). The campaign folders
are in the candidate store of eCandidat's storage mode (``[ecandidat] file_storage``).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ecandidat_batches.hooks.cmis import CmisHook


class FileStore(Protocol):
    def exists(self, path: str) -> bool:
        """Whether a file or folder is stored there (a path outside the store is a ValueError)."""

    def delete(self, path: str) -> None:
        """Remove one stored file; a file already absent is not an error (a retry after a crash)."""

    def delete_folder(self, folder: str) -> bool:
        """Remove a folder and what is left in it; return False when it did not exist."""

    def folder_exists(self, folder: str) -> bool:
        """Whether the campaign folder is there (what :meth:`delete_folder` would remove)."""

    def write(self, path: str, data: bytes) -> None:
        """Store a file (the demo dataset writes its attachments)."""

    def read(self, path: str) -> bytes:
        """One stored file's content (BATCH_ASYNC_OPI_PJ sends it); FileNotFoundError when absent."""

    def empty(self) -> None:
        """Remove everything in the store (BATCH_DEMO only)."""


class OutsideStoreError(ValueError):
    """A path that leaves the store: by ``..`` or an absolute path, or through a symbolic link in the
    store to a folder or file outside it. Nothing is done with it; the message names the path and,
    for a link, where it leads."""


class FileSystemStore:
    """Files under a root folder; a path that would leave the root, lexically or through a symbolic
    link, is refused (:class:`OutsideStoreError`).

    Every path is resolved against the real root: the folders on its way are followed when they are
    symbolic links and must stay under the root (a link to a folder inside the store works; one to a
    folder outside is refused). The last component is followed only to read or write a file; deleting
    removes it, link or file, never what it points to.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self._root = str(self.root)
        self._prefix = self._root + os.sep

    def _inside(self, real: str) -> bool:
        return real == self._root or real.startswith(self._prefix)

    def _path(self, relative: str, *, follow_last: bool = False) -> str:
        """The real path of ``relative`` under the root.

        Not ``realpath`` on the whole path: the root is resolved once, and below it one ``lstat`` per
        folder on the way (a campaign's files are ``CAMP/<dossier>/<file>``: two), a link resolved
        only where there is one.
        """
        lexical = os.path.normpath(os.path.join(self._prefix, relative))
        if not lexical.startswith(self._prefix):
            raise OutsideStoreError(
                f"chemin de fichier hors du dossier des fichiers eCandidat : {relative!r}"
            )
        parts = lexical[len(self._prefix) :].split(os.sep)
        current = self._root
        for index, part in enumerate(parts):
            step = os.path.join(current, part)
            if index == len(parts) - 1 and not follow_last:
                return step
            try:
                mode = os.lstat(step).st_mode
            except FileNotFoundError:  # nothing further exists: nothing further to follow
                return os.path.join(step, *parts[index + 1 :])
            if stat.S_ISLNK(mode):
                real = os.path.realpath(step)
                if not self._inside(real):
                    raise OutsideStoreError(
                        f"chemin de fichier hors du dossier des fichiers eCandidat : {relative!r} passe par "
                        f"le lien symbolique {step} qui mène à {real} ; rien n'est fait de ce fichier"
                    )
                step = real
            current = step
        return current

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._path(path))

    def delete(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path(path))

    def folder_exists(self, folder: str) -> bool:
        return os.path.lexists(self._path(folder))

    def delete_folder(self, folder: str) -> bool:
        path = self._path(folder)
        if not os.path.lexists(path):
            return False
        _remove_tree(path)
        return True

    def write(self, path: str, data: bytes) -> None:
        target = Path(self._path(path, follow_last=True))
        target.parent.mkdir(parents=True, exist_ok=True)
        target = Path(self._path(path, follow_last=True))  # the folders just made, checked again
        target.write_bytes(data)

    def read(self, path: str) -> bytes:
        return Path(self._path(path, follow_last=True)).read_bytes()

    def empty(self) -> None:
        """Remove everything under the root (BATCH_DEMO only); links are removed, never followed."""
        if self.root.exists():
            for child in self.root.iterdir():
                _remove_tree(str(child))


class CmisStore:
    """eCandidat's CMIS repository: ``path`` is a document id, a folder a campaign code."""

    def __init__(self, hook: CmisHook) -> None:
        self.hook = hook

    def exists(self, path: str) -> bool:
        return self.hook.exists(path)

    def delete(self, path: str) -> None:
        self.hook.delete_document(path)

    def delete_folder(self, folder: str) -> bool:
        return self.hook.delete_campaign_folder(folder)

    def folder_exists(self, folder: str) -> bool:
        return self.hook.campaign_folder(folder) is not None

    def write(self, path: str, data: bytes) -> None:
        raise NotImplementedError("les batches n'écrivent aucun document CMIS")

    def read(self, path: str) -> bytes:
        return self.hook.read_document(path)

    def empty(self) -> None:
        raise NotImplementedError("les batches ne vident pas le dépôt CMIS")


class MissingStore:
    """A store that is not configured: every use says which setting is missing (per file, so that
    the other files go on and this one keeps its record)."""

    def __init__(self, what: str) -> None:
        self.what = what

    def exists(self, path: str) -> bool:
        raise StoreNotConfiguredError(self.what)

    def delete(self, path: str) -> None:
        raise StoreNotConfiguredError(self.what)

    def delete_folder(self, folder: str) -> bool:
        raise StoreNotConfiguredError(self.what)

    def folder_exists(self, folder: str) -> bool:
        raise StoreNotConfiguredError(self.what)

    def write(self, path: str, data: bytes) -> None:
        raise StoreNotConfiguredError(self.what)

    def read(self, path: str) -> bytes:
        raise StoreNotConfiguredError(self.what)

    def empty(self) -> None:
        raise StoreNotConfiguredError(self.what)


class StoreNotConfiguredError(OSError):
    """A file is in a store whose setting or connection is missing."""


@dataclass
class Stores:
    """eCandidat's stores, by ``typ_stockage_fichier`` and ``typ_fichier``."""

    candidat: FileStore
    gestionnaire: FileStore
    cmis: FileStore
    campaign_folders: FileStore

    @classmethod
    def single(cls, store: FileStore) -> Stores:
        """One store for everything (the demo, the benchmarks, most tests)."""
        return cls(store, store, store, store)

    def of(self, typ_fichier: str | None, typ_stockage: str | None) -> FileStore:
        """The store holding a file of these types (eCandidat: ``C`` is CMIS, anything else the file
        system; ``G`` the gestionnaire root, anything else the candidate root)."""
        if typ_stockage == "C":
            return self.cmis
        return self.gestionnaire if typ_fichier == "G" else self.candidat


class DryRunStore:
    """A dry run's store: removes nothing, counts what a run would remove (a count, not a list: a
    campaign has hundreds of thousands of files).

    Paths are checked by the real store as a run would (a path leaving the store is refused the same
    way), so the dry run reports the same errors.
    """

    def __init__(self, store: FileStore) -> None:
        self.store = store
        self.deleted = 0
        self.folders = 0

    def exists(self, path: str) -> bool:
        return self.store.exists(path)

    def delete(self, path: str) -> None:
        self.store.exists(path)
        self.deleted += 1

    def folder_exists(self, folder: str) -> bool:
        return self.store.folder_exists(folder)

    def delete_folder(self, folder: str) -> bool:
        if not self.store.folder_exists(folder):
            return False
        self.folders += 1
        return True

    def write(self, path: str, data: bytes) -> None:
        raise RuntimeError("une simulation n'écrit aucun fichier")

    def read(self, path: str) -> bytes:
        return self.store.read(path)

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
    """The candidate files' store of ``[ecandidat] file_store_root``; an unset root is a clear error."""
    from ecandidat_batches import settings

    root = settings.file_store_root()
    if not root:
        raise RuntimeError(
            "Dossier des fichiers eCandidat non configuré : renseignez [ecandidat] file_store_root "
            "(ou AIRFLOW__ECANDIDAT__FILE_STORE_ROOT), le chemin des fichiers candidats d'eCandidat."
        )
    return FileSystemStore(root)


def configured_stores() -> Stores:
    """eCandidat's stores from the settings: the candidate and gestionnaire roots, the CMIS
    repository of the ``ecandidat_cmis`` connection (read when a CMIS file comes), the campaign
    folders' mode. In ``filesystem`` mode the candidate root is required (a clear error); another
    store that is not configured fails only for the files it holds (they keep their records).
    """
    from ecandidat_batches import settings
    from ecandidat_batches.hooks.cmis import CmisHook

    mode = settings.file_storage()
    candidat: FileStore = (
        configured_store()
        if settings.file_store_root() or mode == "filesystem"
        else MissingStore("dossier des fichiers candidats non configuré ([ecandidat] file_store_root)")
    )
    gestionnaire_root = settings.file_store_root_gestionnaire()
    gestionnaire: FileStore = (
        FileSystemStore(gestionnaire_root)
        if gestionnaire_root
        else MissingStore(
            "dossier des fichiers gestionnaires non configuré ([ecandidat] file_store_root_gestionnaire)"
        )
    )
    repository = CmisStore(CmisHook())
    return Stores(candidat, gestionnaire, repository, repository if mode == "cmis" else candidat)
