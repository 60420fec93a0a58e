"""CmisHook against a local CMIS 1.1 repository speaking the AtomPub binding (dev/fakes/cmis.py)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from dev.fakes.cmis import FakeCmis

from ecandidat_batches.files.stores import CmisStore, Stores
from ecandidat_batches.hooks.cmis import CmisError, CmisHook, CmisUnreachableError


def connect(monkeypatch: pytest.MonkeyPatch, url: str, **extra: Any) -> None:
    conn = {"conn_type": "http", "host": url, "login": "ecandidat", "password": "secret",
            "extra": {"repository": "ecandidat", "timeout": 2, "retries": 1, **extra}}  # fmt: skip
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_CMIS", json.dumps(conn))


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCmis]:
    with FakeCmis() as server:
        candidat = server.folder("/eCandidat/candidat")
        connect(monkeypatch, server.url, candidat_folder_id=candidat)
        yield server


def test_a_document_is_deleted_and_one_already_gone_is_fine(repo: FakeCmis) -> None:
    folder = repo.folder("/eCandidat/candidat/CAMP2025/DOSSIER1")
    doc = repo.add(folder, "PJ_CV_1.pdf")
    hook = CmisHook()
    assert hook.delete_document(doc) is True
    assert not repo.exists(doc)
    assert hook.delete_document(doc) is False, "already gone: not an error (a retry after a crash)"
    assert hook.delete_document("inconnu") is False


def test_a_refused_deletion_names_the_document_and_the_cmis_exception(repo: FakeCmis) -> None:
    doc = repo.add(repo.folder("/eCandidat/candidat/CAMP2025"), "bloque.pdf")
    repo.locked.add(doc)
    with pytest.raises(
        CmisError, match=rf"suppression du document {doc} : refusé par le dépôt CMIS \(permissionDenied"
    ):
        CmisHook().delete_document(doc)
    assert repo.exists(doc)


def test_a_campaign_folder_is_deleted_with_what_it_holds(repo: FakeCmis) -> None:
    doc = repo.add(repo.folder("/eCandidat/candidat/CAMP2025/DOSSIER1"), "PJ.pdf")
    other = repo.add(repo.folder("/eCandidat/candidat/CAMP2026/DOSSIER2"), "PJ.pdf")
    store = CmisStore(CmisHook())
    assert store.delete_folder("CAMP2025") is True
    assert not repo.exists(doc)
    assert repo.exists(other), "only that campaign's folder"
    assert store.delete_folder("CAMP2025") is False, "no folder: nothing to do"


def test_a_folder_tree_that_fails_in_part_is_an_error(repo: FakeCmis) -> None:
    doc = repo.add(repo.folder("/eCandidat/candidat/CAMP2025/DOSSIER1"), "PJ.pdf")
    repo.locked.add(doc)
    with pytest.raises(
        CmisError, match="suppression du dossier CAMP2025 : refusé par le dépôt CMIS \\(runtime"
    ):
        CmisHook().delete_campaign_folder("CAMP2025")


def test_wrong_credentials_and_an_unknown_repository_are_clear_errors(
    repo: FakeCmis, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = json.loads(__import__("os").environ["AIRFLOW_CONN_ECANDIDAT_CMIS"])
    conn["password"] = "faux"
    monkeypatch.setenv("AIRFLOW_CONN_ECANDIDAT_CMIS", json.dumps(conn))
    with pytest.raises(CmisError, match="document de service AtomPub : refusé par le dépôt CMIS \\(HTTP 401"):
        CmisHook().exists("x")
    connect(monkeypatch, repo.url, repository="autre")
    with pytest.raises(CmisError, match="dépôt CMIS « autre » absent du document de service"):
        CmisHook().exists("x")


def test_airflow_uri_form_of_the_connection(repo: FakeCmis, monkeypatch: pytest.MonkeyPatch) -> None:
    port = repo.port
    monkeypatch.setenv(
        "AIRFLOW_CONN_ECANDIDAT_CMIS",
        f"http://ecandidat:secret@127.0.0.1:{port}/cmis/atom11?repository=ecandidat",
    )
    doc = repo.add(repo.folder("/x"), "a.pdf")
    assert CmisHook().delete_document(doc) is True


def test_a_dead_repository_fails_once_then_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fixtures.airflow import free_port

    connect(monkeypatch, f"http://127.0.0.1:{free_port()}/cmis/atom11")
    hook = CmisHook()
    with pytest.raises(CmisUnreachableError, match="dépôt CMIS injoignable"):
        hook.delete_document("d1")
    started = time.monotonic()
    with pytest.raises(CmisUnreachableError):
        hook.delete_document("d2")
    assert time.monotonic() - started < 0.1, "no new attempt once the repository is known unreachable"


def test_stores_route_files_by_storage_and_type(tmp_path: Any) -> None:
    from ecandidat_batches.files.stores import FileSystemStore

    c, g, cmis = (
        FileSystemStore(tmp_path / "c"),
        FileSystemStore(tmp_path / "g"),
        FileSystemStore(tmp_path / "x"),
    )
    stores = Stores(c, g, cmis, c)
    assert stores.of("C", "F") is c
    assert stores.of("G", "F") is g
    assert stores.of("G", "C") is cmis
    assert stores.of("C", "C") is cmis


def test_an_answer_that_is_not_atompub_is_a_cmis_error(repo: FakeCmis) -> None:
    repo.garbage = True
    with pytest.raises(CmisError, match="réponse CMIS illisible \\(document de service\\)"):
        CmisHook().delete_document("d1")


def test_a_campaign_folder_is_found_by_its_path(repo: FakeCmis) -> None:
    repo.folder("/eCandidat/candidat/CAMP2025")
    store = CmisStore(CmisHook())
    assert store.folder_exists("CAMP2025")
    assert not store.folder_exists("CAMP2024")


def test_a_missing_connection_fails_each_cmis_file_with_the_setting_to_add(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_ECANDIDAT_CMIS", raising=False)
    with pytest.raises(CmisError, match="dépôt CMIS non configuré : créez la connexion ecandidat_cmis"):
        CmisStore(CmisHook()).delete("d1")
