"""Every HTTP and SOAP hook through a university's own CA, client certificate and proxy.

Each hook calls its local server (dev/fakes) over HTTPS with a certificate of a private CA: refused
without the CA (a French error naming the connection and the extra to set), working with the CA's file
in ``verify`` even where ``REQUESTS_CA_BUNDLE`` names another bundle, and working through a real
forward proxy (dev/fakes/proxy.py), which must have opened the tunnels. One connection serves our hooks
and the HTTP provider's ``HttpHook`` alike.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dev.fakes.airflow_api import FakeAirflowApi
from dev.fakes.cmis import FakeCmis
from dev.fakes.limesurvey import FakeLimeSurvey, Survey
from dev.fakes.opi_metier import FakeOpiMetier
from dev.fakes.pegase import FakePegase
from dev.fakes.proxy import ForwardProxy
from dev.fakes.tls import PrivateCa

from ecandidat_batches.hooks.airflow_api import AirflowApiHook, AirflowApiUnreachableError
from ecandidat_batches.hooks.cmis import CmisError, CmisHook
from ecandidat_batches.hooks.limesurvey import LimeSurveyError, LimeSurveyHook
from ecandidat_batches.hooks.opi_metier import OpiMetierError, OpiMetierHook, PjOpiMetierHook
from ecandidat_batches.hooks.pegase import PegaseError, PegaseHook

SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
ROWS = [{"id": 1, "submitdate": "2026-11-01 10:00:00", "numDossier": "DEMO0001", "Q1": "Oui"}]
DONNEES = {"individu": {"codOpiIntEpo": "TLS0001", "etatCivil": {"libNomPatIndOpi": "MARTIN",
                                                                 "libPr1IndOpi": "Marie"}},
           "voeux": {"item": [{}]}}  # fmt: skip


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> PrivateCa:
    authority = PrivateCa(tmp_path_factory.mktemp("ca"))
    authority.client()
    return authority


@pytest.fixture(scope="module")
def apogee(pgdata: Path) -> str:
    """Apogée's OPI tables, for OpiMetier and PjOpiMetier to write into; the individual TLS0001 is
    known (PjOpiMetier attaches documents to a known OPI)."""
    from tests.fixtures.postgres import apogee_opi_database

    dsn = apogee_opi_database(pgdata, "apogee_tls")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO IND_OPI (COD_IND_OPI, COD_OPI_INT_EPO) VALUES (1, 'TLS0001')")
    return dsn


@pytest.fixture(autouse=True)
def another_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many servers set ``REQUESTS_CA_BUNDLE`` (the system's authorities): the connection's CA must win."""
    import certifi

    monkeypatch.setenv(
        "REQUESTS_CA_BUNDLE", SYSTEM_BUNDLE if Path(SYSTEM_BUNDLE).exists() else certifi.where()
    )
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Service:
    """One hook and its local server: how to start it, its connection, one call that must succeed."""

    name: str
    conn_id: str
    error: type[Exception]
    start: Callable[[ssl.SSLContext | None, str], AbstractContextManager[Any]]
    connection: Callable[[Any, dict[str, Any]], dict[str, Any]]
    call: Callable[[Any], None]

    def connect(self, monkeypatch: pytest.MonkeyPatch, server: Any, **extra: Any) -> None:
        conn = self.connection(server, {"timeout": 5, "retries": 2, **extra})
        monkeypatch.setenv(f"AIRFLOW_CONN_{self.conn_id.upper()}", json.dumps(conn))


def _limesurvey(tls: ssl.SSLContext | None, _dsn: str) -> FakeLimeSurvey:
    server = FakeLimeSurvey(tls=tls)
    server.surveys[1] = Survey(responses=ROWS)
    return server


def _limesurvey_call(_server: Any) -> None:
    hook = LimeSurveyHook()
    with hook.client() as client:
        exported = hook.export_responses(client, 1)
    assert exported is not None
    assert json.loads(exported)["responses"][0]["numDossier"] == "DEMO0001"


def _pegase(tls: ssl.SSLContext | None, _dsn: str) -> FakePegase:
    server = FakePegase(tls=tls)
    server.nomenclatures["SerieBac"] = [{"code": "S", "libelleAffichage": "Scientifique"}]
    return server


def _pegase_call(_server: Any) -> None:
    hook = PegaseHook(wait_max=0.1)
    assert [n["code"] for n in hook.nomenclature("SerieBac")] == ["S"]
    assert hook.token_requests == 1


def _opi(tls: ssl.SSLContext | None, dsn: str) -> FakeOpiMetier:
    return FakeOpiMetier(lambda: psycopg.connect(dsn), tls=tls)


def _opi_call(server: FakeOpiMetier) -> None:
    OpiMetierHook().mettre_a_jour_donnees_opi(DONNEES)
    assert server.calls["TLS0001"] >= 1


def _pj_call(server: FakeOpiMetier) -> None:
    PjOpiMetierHook().recuperer_pieces_justificatives("TLS0001", "MARTIN", "Marie", "CV", "cv.pdf", b"%PDF")
    assert server.documents[-1][:2] == ("TLS0001", "CV")


def _cmis(tls: ssl.SSLContext | None, _dsn: str) -> FakeCmis:
    return FakeCmis(tls=tls)


def _cmis_call(server: FakeCmis) -> None:
    doc = server.add(server.folder("/eCandidat/candidat/CAMP2025"), "cv.pdf")
    assert CmisHook().delete_document(doc) is True
    assert not server.exists(doc)


def _api_call(_server: Any) -> None:
    assert AirflowApiHook("fake_api", wait_max=0.05).api("GET", "/flaky").json() == {"ok": True}


SERVICES = [
    Service("LimeSurvey", "limesurvey_default", LimeSurveyError, _limesurvey,
            lambda s, extra: {"conn_type": "http", "host": s.url, "login": "ecandidat", "password": "secret",
                              "extra": extra},
            _limesurvey_call),
    Service("Pégase", "pegase_default", PegaseError, _pegase,
            lambda s, extra: {"conn_type": "http", "login": "ecandidat", "password": "secret",
                              "extra": {**s.extras(), **extra}},
            _pegase_call),
    Service("OpiMetier", "opi_metier_default", OpiMetierError, _opi,
            lambda s, extra: s.connection(**extra), _opi_call),
    Service("PjOpiMetier", "pj_opi_metier_default", OpiMetierError, _opi,
            lambda s, extra: s.connection(pj=True, **extra), _pj_call),
    Service("CMIS", "ecandidat_cmis", CmisError, _cmis,
            lambda s, extra: {"conn_type": "http", "host": s.url, "login": "ecandidat", "password": "secret",
                              "extra": {"repository": "ecandidat", **extra}},
            _cmis_call),
    Service("Airflow API", "fake_api", AirflowApiUnreachableError,
            lambda tls, _dsn: FakeAirflowApi(tls=tls),
            lambda s, extra: {"conn_type": "http", "host": "127.0.0.1", "port": s.port,
                              "schema": s.scheme, "login": "admin", "password": "secret", "extra": extra},
            _api_call),
]  # fmt: skip


@pytest.fixture(params=SERVICES, ids=[s.name for s in SERVICES])
def service(request: pytest.FixtureRequest) -> Service:
    service: Service = request.param
    return service


def serve(service: Service, ca: PrivateCa, apogee: str, **context: bool) -> AbstractContextManager[Any]:
    return service.start(ca.server_context(**context), apogee)


def test_refused_without_the_ca_naming_the_connection(
    service: Service, ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(service, ca, apogee) as server:
        service.connect(monkeypatch, server)
        with pytest.raises(service.error) as refused:
            service.call(server)
    message = str(refused.value)
    assert "certificat du serveur refusé" in message
    assert f"extra « verify » de la connexion {service.conn_id}" in message


def test_works_with_the_ca_of_the_connection(
    service: Service, ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(service, ca, apogee) as server:
        service.connect(monkeypatch, server, verify=str(ca.path))
        service.call(server)


def test_works_through_a_proxy(
    service: Service, ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve(service, ca, apogee) as server, ForwardProxy() as proxy:
        service.connect(monkeypatch, server, verify=str(ca.path), proxies={"https": proxy.url})
        service.call(server)
    assert proxy.connects(), "every request went through the proxy's tunnels"
    assert set(proxy.connects()) == {f"127.0.0.1:{server.port}"}


@pytest.mark.parametrize("name", ["LimeSurvey", "OpiMetier", "CMIS"])
def test_a_server_that_requires_a_client_certificate(
    name: str, ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``cert`` the server closes the session (a French error naming the extra); with the
    certificate and its key, as two files or as one PEM, the calls go through."""
    service = next(s for s in SERVICES if s.name == name)
    cert, key = ca.folder / "client.pem", ca.folder / "client.key"
    with serve(service, ca, apogee, require_client_cert=True) as server:
        service.connect(monkeypatch, server, verify=str(ca.path))
        with pytest.raises(
            service.error, match=f"certificat client.*extra « cert » de la connexion {service.conn_id}"
        ):
            service.call(server)
        service.connect(monkeypatch, server, verify=str(ca.path), cert=[str(cert), str(key)])
        service.call(server)
        both = str(ca.folder / "client-both.pem")
        service.connect(monkeypatch, server, verify=str(ca.path), cert=both)
        service.call(server)


def test_a_proxy_that_asks_for_credentials(
    ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 407 is not retried and names the extra; the credentials in the proxy's URL (in the connection)."""
    pegase = SERVICES[1]
    with serve(pegase, ca, apogee) as server, ForwardProxy(credentials=("batch", "s3cret")) as proxy:
        anonymous = proxy.url.replace("batch:s3cret@", "")
        pegase.connect(monkeypatch, server, verify=str(ca.path), proxies={"https": anonymous})
        with pytest.raises(PegaseError, match=r"authentification \(HTTP 407\).*connexion pegase_default"):
            pegase.call(server)
        assert len(proxy.refused) == 1, "a proxy's refusal is not retried"
        pegase.connect(monkeypatch, server, verify=str(ca.path), proxies={"https": proxy.url})
        pegase.call(server)
    assert proxy.connects()


def test_a_refused_certificate_is_not_retried(
    ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``retries`` is for what may pass next time; a certificate refused would be refused again."""
    limesurvey = SERVICES[0]
    with serve(limesurvey, ca, apogee) as server, ForwardProxy() as proxy:
        limesurvey.connect(monkeypatch, server, proxies={"https": proxy.url}, retries=3)
        with pytest.raises(LimeSurveyError, match="certificat du serveur refusé"):
            limesurvey.call(server)
    assert len(proxy.connects()) == 1


def test_plain_http_through_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``http://`` service through the proxy: the proxy relays the absolute-URI requests."""
    cmis = SERVICES[4]
    with FakeCmis() as server, ForwardProxy() as proxy:
        cmis.connect(monkeypatch, server, proxies={"http": proxy.url})
        cmis.call(server)
    assert proxy.seen
    assert all(entry.split()[1].startswith(f"http://127.0.0.1:{server.port}/") for entry in proxy.seen)
    assert any(entry.startswith("DELETE ") for entry in proxy.seen)


def test_one_connection_serves_the_http_provider_too(
    ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extras have the HTTP provider's names and forms: its ``HttpHook`` reads the same connection
    (CA, client certificate, proxy) and reaches the same server, which requires the certificate,
    through the same proxy."""
    from airflow.providers.http.hooks.http import HttpHook

    cmis = SERVICES[4]
    # One PEM with the certificate and its key: the provider hands a [cert, key] list to urllib3 as it
    # is, which cannot use a list (our hooks take both forms).
    cert = str(ca.folder / "client-both.pem")
    with serve(cmis, ca, apogee, require_client_cert=True) as server, ForwardProxy() as proxy:
        # The provider sends the extras it does not know as headers: ours are given as strings.
        extra = {"verify": str(ca.path), "cert": cert, "proxies": {"https": proxy.url}, "retries": "2"}
        cmis.connect(monkeypatch, server, **extra)
        provider = HttpHook(method="GET", http_conn_id="ecandidat_cmis")
        response = provider.run(extra_options={"check_response": False})
        assert response.status_code == 200
        assert b"cmisra:repositoryInfo" in response.content
        theirs = provider.get_conn()
        ours = CmisHook().session
        assert (ours.verify, ours.cert, ours.proxies) == (theirs.verify, theirs.cert, theirs.proxies)
        assert ours.cert == cert
        cmis.call(server)
    assert len(proxy.connects()) >= 2


def test_the_connection_s_proxy_wins_over_the_environment_s(
    ca: PrivateCa, apogee: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``requests`` alone lets ``HTTPS_PROXY`` replace a session's proxies; the connection's win here.
    Without ``proxies`` the environment's proxy is used, and ``trust_env: false`` turns it off."""
    from tests.fixtures.airflow import free_port

    limesurvey = SERVICES[0]
    dead = f"http://127.0.0.1:{free_port()}"
    with serve(limesurvey, ca, apogee) as server, ForwardProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", dead)
        limesurvey.connect(monkeypatch, server, verify=str(ca.path), proxies={"https": proxy.url})
        limesurvey.call(server)
        used = len(proxy.connects())
        assert used >= 1
        limesurvey.connect(monkeypatch, server, verify=str(ca.path), trust_env=False)
        limesurvey.call(server)
        assert len(proxy.connects()) == used, "trust_env false: no proxy from the environment"
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        limesurvey.connect(monkeypatch, server, verify=str(ca.path))
        limesurvey.call(server)
        assert len(proxy.connects()) > used, "no proxies extra: the environment's proxy"
