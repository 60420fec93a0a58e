"""eCandidat's CMIS repository (its ``typ_stockage_fichier = 'C'`` files), over the AtomPub binding.

eCandidat reaches its repository with OpenCMIS through the AtomPub binding (``file.cmis.atompub.url``,
``file.cmis.user``, ``file.cmis.pwd``, ``file.cmis.repository``); a CMIS file's ``file_fichier`` is
its document id, and the campaign folders sit in the candidate folder (``file.cmis.candidat.id``).
The batches only delete: a document by id (deleteObject, all versions) and a campaign folder with what
it holds (deleteTree). No maintained Python CMIS client exists (Apache Chemistry's cmislib is retired),
so this hook speaks the binding itself, as the specification defines it, on the HTTP provider's hook:
the service document gives the repository's URI templates (``objectbyid``, ``objectbypath``), an
object's entry gives its ``self`` link (deleted) and, for a folder, its ``foldertree`` link.

Connection ``ecandidat_cmis`` (type http): ``host`` the AtomPub URL, ``login``/``password`` (HTTP
Basic), extras ``repository`` (the repository id; the first one when absent), ``candidat_folder_id``
(for the campaign folders), ``timeout`` (seconds, 30), ``retries`` (retries after the first attempt,
3, of reads only: connection errors, 429 and 5xx), and the TLS and proxy extras of
:mod:`~ecandidat_batches.hooks.http_session` (``verify``, ``cert``, ``proxies``, ``trust_env``). A
document already gone is fine; an unreachable repository is an error, and once one call found it
unreachable the next fail at once (no timeout per file).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from ecandidat_batches.hooks.http_session import (
    RetryPolicy,
    ServiceHttpHook,
    ServiceSession,
    service_url,
    transport_failure,
)

NS = {
    "app": "http://www.w3.org/2007/app",
    "atom": "http://www.w3.org/2005/Atom",
    "cmis": "http://docs.oasis-open.org/ns/cmis/core/200908/",
    "cmisra": "http://docs.oasis-open.org/ns/cmis/restatom/200908/",
}
FOLDER_TREE = "http://docs.oasis-open.org/ns/cmis/link/200908/foldertree"
#: The CMIS exceptions the AtomPub binding maps to HTTP statuses (CMIS 1.1, 3.2.4.1).
EXCEPTIONS = {400: "invalidArgument", 403: "permissionDenied", 404: "objectNotFound", 405: "notSupported",
              409: "constraint", 500: "runtime"}  # fmt: skip


class CmisError(OSError):
    """The repository refused or failed an operation; the message says which and why (in French)."""


class CmisUnreachableError(CmisError):
    """The repository does not answer (connection refused, timeout): the next calls would not either."""


@dataclass(frozen=True)
class Entry:
    """What the batches need of an object's Atom entry."""

    object_id: str
    folder: bool
    path: str | None
    self_link: str
    tree_link: str | None
    content_link: str | None = None  # a document's content stream (atom:content src)


def _xml(body: bytes, what: str) -> ET.Element:
    """The parsed document (ElementTree resolves no external entity); not XML is a :class:`CmisError`
    (an SSO page or a proxy's answer instead of the repository's)."""
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        raise CmisError(f"réponse CMIS illisible ({what}) : ce n'est pas du XML AtomPub") from None


def parse_entry(body: bytes) -> Entry:
    """An object's ``atom:entry``."""
    root = _xml(body, "entrée d'objet")
    links = {link.get("rel"): link.get("href") for link in root.findall("atom:link", NS)}
    props = root.find("cmisra:object/cmis:properties", NS)

    def prop(name: str) -> str | None:
        if props is None:
            return None
        for element in props:
            if element.get("propertyDefinitionId") == name:
                value = element.find("cmis:value", NS)
                return value.text if value is not None else None
        return None

    self_link = links.get("self") or links.get("edit")
    object_id = prop("cmis:objectId")
    if not self_link or not object_id:
        raise CmisError("réponse CMIS illisible : entrée sans identifiant ni lien « self »")
    return Entry(
        object_id=object_id,
        folder=prop("cmis:baseTypeId") == "cmis:folder",
        path=prop("cmis:path"),
        self_link=self_link,
        tree_link=links.get(FOLDER_TREE),
        content_link=content.get("src") if (content := root.find("atom:content", NS)) is not None else None,
    )


class CmisHook(ServiceHttpHook):
    """Delete documents and folders of eCandidat's CMIS repository (AtomPub binding)."""

    conn_name_attr = "cmis_conn_id"
    default_conn_name = "ecandidat_cmis"
    conn_type = "http"
    hook_name = "eCandidat CMIS (AtomPub)"
    service = "dépôt CMIS"
    default_timeout = 30.0
    #: Reads only; a read that timed out is not repeated (the repository may be busy with it).
    retry_policy = RetryPolicy(methods=frozenset({"GET"}), read_timeouts=False, backoff=0.3)
    settings_error = CmisError

    def __init__(self, cmis_conn_id: str = default_conn_name) -> None:
        super().__init__(method="GET", http_conn_id=cmis_conn_id)
        self.cmis_conn_id = cmis_conn_id
        self._session: ServiceSession | None = None
        self._templates: dict[str, str] | None = None
        self._extra: dict[str, Any] = {}
        self.unreachable: CmisUnreachableError | None = None

    # -- the connection ------------------------------------------------------------------------------

    def _set_base_url(self, connection: Any) -> None:
        """The base URL is the AtomPub service document's, from either form of the connection (the
        provider's own reading takes the URI form's path for a scheme)."""
        self.base_url = service_url(connection, "")
        self._base_url_initialized = True

    @property
    def session(self) -> ServiceSession:
        if self._session is None:
            try:
                conn = self.get_connection(self.cmis_conn_id)
            except Exception as exc:  # AirflowNotFoundException, or whatever a secrets backend raises
                raise CmisError(
                    f"dépôt CMIS non configuré : créez la connexion {self.cmis_conn_id} (URL AtomPub, "
                    "utilisateur, dépôt d'eCandidat)"
                ) from exc
            self._extra = conn.extra_dejson
            if not conn.host or not conn.login:
                raise CmisError(
                    f"connexion {self.cmis_conn_id} incomplète : URL AtomPub du dépôt CMIS et utilisateur "
                    "attendus (file.cmis.atompub.url et file.cmis.user d'eCandidat)"
                )
            self._session = self.get_conn()  # Basic auth, TLS, proxies, timeout, retries
        return self._session

    def _send(self, method: str, url: str, params: dict[str, str] | None = None) -> requests.Response:
        if self.unreachable is not None:
            raise self.unreachable
        try:
            return self.session.request(method, url, params=params)
        except requests.RequestException as exc:
            self.unreachable = CmisUnreachableError(transport_failure(exc, "dépôt CMIS", self.cmis_conn_id))
            raise self.unreachable from exc

    @staticmethod
    def _refused(response: requests.Response, what: str) -> CmisError:
        exception = EXCEPTIONS.get(response.status_code, f"HTTP {response.status_code}")
        detail = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
        return CmisError(f"{what} : refusé par le dépôt CMIS ({exception}{' : ' + detail if detail else ''})")

    def templates(self) -> dict[str, str]:
        """The repository's URI templates, from the service document (read once)."""
        if self._templates is None:
            self.session  # noqa: B018 (reads the connection)
            response = self._send("GET", self.base_url)
            if response.status_code != 200:
                raise self._refused(response, "document de service AtomPub")
            root = _xml(response.content, "document de service")
            wanted = self._extra.get("repository")
            for workspace in root.findall("app:workspace", NS):
                repo_id = workspace.findtext("cmisra:repositoryInfo/cmis:repositoryId", None, NS)
                if wanted and repo_id != wanted:
                    continue
                self._templates = {
                    str(t.findtext("cmisra:type", "", NS)): str(t.findtext("cmisra:template", "", NS))
                    for t in workspace.findall("cmisra:uritemplate", NS)
                }
                break
            else:
                raise CmisError(f"dépôt CMIS « {wanted} » absent du document de service")
        return self._templates

    def _expand(self, kind: str, **values: str) -> str:
        """A URI template with the given values (URL-encoded), the other placeholders left empty."""
        import re

        template = self.templates().get(kind)
        if not template:
            raise CmisError(f"le dépôt CMIS ne publie pas le modèle d'URI « {kind} »")
        return re.sub(r"\{(\w+)\}", lambda m: quote(values.get(m.group(1), ""), safe="/"), template)

    # -- objects -------------------------------------------------------------------------------------

    def get_object(self, object_id: str) -> Entry | None:
        """The object with this id, or None when the repository has no such object."""
        return self._entry(self._expand("objectbyid", id=object_id), f"objet {object_id}")

    def get_object_by_path(self, path: str) -> Entry | None:
        return self._entry(self._expand("objectbypath", path=path), f"dossier {path}")

    def _entry(self, url: str, what: str) -> Entry | None:
        response = self._send("GET", url)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._refused(response, what)
        return parse_entry(response.content)

    def delete_document(self, object_id: str) -> bool:
        """Delete a document, all its versions (eCandidat's ``doc.delete(true)``); False when it was
        already gone."""
        entry = self.get_object(object_id)
        if entry is None:
            return False
        response = self._send("DELETE", entry.self_link, {"allVersions": "true"})
        if response.status_code == 404:
            return False
        if response.status_code not in (200, 202, 204):
            raise self._refused(response, f"suppression du document {object_id}")
        return True

    def folder_path(self, folder_id: str) -> str:
        entry = self.get_object(folder_id)
        if entry is None or not entry.folder or not entry.path:
            raise CmisError(f"le dossier CMIS {folder_id} n'existe pas ou n'est pas un dossier")
        return entry.path

    def campaign_folder(self, cod_camp: str) -> Entry | None:
        """``<candidate folder>/<cod_camp>``, or None when there is none."""
        self.session  # noqa: B018 (reads the connection)
        parent = self._extra.get("candidat_folder_id")
        if not parent:
            raise CmisError(
                f"connexion {self.cmis_conn_id} : l'extra candidat_folder_id (file.cmis.candidat.id "
                "d'eCandidat) est nécessaire pour le dossier de la campagne"
            )
        return self.get_object_by_path(f"{self.folder_path(str(parent)).rstrip('/')}/{cod_camp}")

    def delete_campaign_folder(self, cod_camp: str) -> bool:
        """Delete ``<candidate folder>/<cod_camp>`` and what it holds; False when there is none."""
        entry = self.campaign_folder(cod_camp)
        if entry is None:
            return False
        if not entry.tree_link:
            raise CmisError(f"dossier {cod_camp} : le dépôt CMIS ne publie pas son lien « foldertree »")
        params = {"allVersions": "true", "unfileObjects": "delete", "continueOnFailure": "true"}
        response = self._send("DELETE", entry.tree_link, params)
        if response.status_code not in (200, 202, 204):
            raise self._refused(response, f"suppression du dossier {cod_camp}")
        return True

    def exists(self, object_id: str) -> bool:
        return self.get_object(object_id) is not None

    def read_document(self, object_id: str) -> bytes:
        """A document's content (getContentStream): one document in memory at a time.

        :raises FileNotFoundError: no such document.
        """
        entry = self.get_object(object_id)
        if entry is None or entry.folder:
            raise FileNotFoundError(f"document CMIS {object_id} introuvable")
        if not entry.content_link:
            raise CmisError(f"document {object_id} : le dépôt CMIS ne publie pas son contenu (atom:content)")
        response = self._send("GET", entry.content_link)
        if response.status_code == 404:
            raise FileNotFoundError(f"document CMIS {object_id} introuvable")
        if response.status_code != 200:
            raise self._refused(response, f"lecture du document {object_id}")
        return bytes(response.content)
