"""A CMIS 1.1 repository over the AtomPub binding, for the tests, written from the OASIS specification.

What eCandidat's OpenCMIS client (``FileManagerCmisImpl``) and our hook use, as the specification
defines it (CMIS 1.1, part II "AtomPub binding"):

* the service document (``app:service``): one workspace per repository, its ``cmisra:repositoryInfo``
  (``cmis:repositoryId``, ``cmis:rootFolderId``) and its URI templates (``cmisra:uritemplate``:
  ``objectbyid``, ``objectbypath``), each with the specification's placeholders;
* object entries (``atom:entry`` with ``cmisra:object`` and its ``cmis:properties``: ``cmis:objectId``,
  ``cmis:baseTypeId``, ``cmis:name``, ``cmis:path`` for folders), their ``self`` link, and for folders
  the ``down`` (``application/cmistree+xml``) and ``foldertree`` links;
* a document's content stream (the entry's ``atom:content`` ``src``): its bytes;
* ``DELETE`` on an entry (deleteObject, ``allVersions``): 204; a folder with children is refused
  (``constraint``, 409); ``DELETE`` on a folder tree (deleteTree, ``unfileObjects``,
  ``continueOnFailure``): 204, or 500 when objects could not be deleted;
* the specification's exception to HTTP status mapping (``objectNotFound`` 404,
  ``permissionDenied`` 403, ``constraint`` 409, ``invalidArgument`` 400, ``runtime`` 500), with a
  plain-text body naming the exception; HTTP Basic authentication (401 without it).

The tests make documents undeletable (``locked``), answer 500 (``fail_next``), or stop the server.
"""

from __future__ import annotations

import itertools
import ssl
import threading
from base64 import b64decode
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, quote, urlsplit
from xml.sax.saxutils import escape

from dev.fakes.server import LocalServer

ATOM = "http://www.w3.org/2005/Atom"
APP = "http://www.w3.org/2007/app"
CMIS = "http://docs.oasis-open.org/ns/cmis/core/200908/"
CMISRA = "http://docs.oasis-open.org/ns/cmis/restatom/200908/"
FOLDER_TREE = "http://docs.oasis-open.org/ns/cmis/link/200908/foldertree"
PATH = "/cmis/atom11"


@dataclass
class Node:
    id: str
    name: str
    folder: bool
    parent: str | None
    children: list[str] = field(default_factory=list)
    content: bytes = b""


class FakeCmis(LocalServer):
    """An in-memory repository ``repository_id`` with a root folder; serve it with ``with``."""

    def __init__(
        self,
        *,
        repository_id: str = "ecandidat",
        user: str = "ecandidat",
        password: str = "secret",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.repository_id, self.user, self.password = repository_id, user, password
        self.nodes: dict[str, Node] = {"root": Node("root", "", True, None)}
        self.locked: set[str] = set()  # objects the repository refuses to delete (permissionDenied)
        self.fail_next: list[int] = []  # statuses to answer before serving normally
        self.garbage = False  # answer 200 with an HTML page, as a proxy or an SSO portal does
        self.deleted: list[str] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__(tls)

    @property
    def url(self) -> str:
        """The AtomPub service document's URL (eCandidat's ``file.cmis.atompub.url``)."""
        return f"{self.scheme}://127.0.0.1:{self.port}{PATH}"

    # -- the repository's content ----------------------------------------------------------------------

    def add(self, parent: str, name: str, *, folder: bool = False, content: bytes = b"") -> str:
        """A new object under ``parent`` (an id), a document with ``content``; its id."""
        with self._lock:
            new = f"{'f' if folder else 'd'}{next(self._ids)}"
            self.nodes[new] = Node(new, name, folder, parent, content=content)
            self.nodes[parent].children.append(new)
            return new

    def folder(self, path: str) -> str:
        """The folder at ``path`` (``/a/b``), created with its parents when missing; its id."""
        current = "root"
        for name in [p for p in path.split("/") if p]:
            found = [c for c in self.nodes[current].children if self.nodes[c].name == name]
            current = found[0] if found else self.add(current, name, folder=True)
        return current

    def path_of(self, object_id: str) -> str:
        names, node = [], self.nodes[object_id]
        while node.parent is not None:
            names.append(node.name)
            node = self.nodes[node.parent]
        return "/" + "/".join(reversed(names))

    def exists(self, object_id: str) -> bool:
        return object_id in self.nodes

    def _by_path(self, path: str) -> str | None:
        current = "root"
        for name in [p for p in path.split("/") if p]:
            found = [c for c in self.nodes[current].children if self.nodes[c].name == name]
            if not found:
                return None
            current = found[0]
        return current

    def _remove(self, object_id: str) -> None:
        node = self.nodes.pop(object_id)
        if node.parent in self.nodes:
            self.nodes[node.parent].children.remove(object_id)
        self.deleted.append(object_id)

    def _delete_tree(self, object_id: str) -> list[str]:
        """Delete a folder and what it holds, going on after failures; the ids not deleted."""
        failed: list[str] = []
        for child in list(self.nodes[object_id].children):
            if self.nodes[child].folder:
                failed += self._delete_tree(child)
            elif child in self.locked:
                failed.append(child)
            else:
                self._remove(child)
        if failed or object_id in self.locked:
            return [*failed, object_id]
        self._remove(object_id)
        return []

    # -- the AtomPub documents -------------------------------------------------------------------------

    def service_document(self, base: str) -> str:
        root = f"{base}/{self.repository_id}"
        params = (
            "filter={filter}&includeAllowableActions={includeAllowableActions}&includeACL={includeACL}"
            "&includePolicyIds={includePolicyIds}&includeRelationships={includeRelationships}"
            "&renditionFilter={renditionFilter}"
        )
        templates = {
            "objectbyid": f"{root}/id?id={{id}}&{params}",
            "objectbypath": f"{root}/path?path={{path}}&{params}",
        }
        uritemplates = "".join(
            f"<cmisra:uritemplate><cmisra:template>{escape(t)}</cmisra:template>"
            f"<cmisra:type>{kind}</cmisra:type><cmisra:mediatype>application/atom+xml;type=entry"
            "</cmisra:mediatype></cmisra:uritemplate>"
            for kind, t in templates.items()
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><app:service xmlns:app="{APP}" xmlns:atom="{ATOM}" '
            f'xmlns:cmis="{CMIS}" xmlns:cmisra="{CMISRA}"><app:workspace><atom:title>{self.repository_id}'
            f"</atom:title><cmisra:repositoryInfo><cmis:repositoryId>{self.repository_id}</cmis:repositoryId>"
            "<cmis:repositoryName>eCandidat</cmis:repositoryName><cmis:rootFolderId>root</cmis:rootFolderId>"
            "<cmis:cmisVersionSupported>1.1</cmis:cmisVersionSupported></cmisra:repositoryInfo>"
            f'<app:collection href="{root}/children?id=root"><atom:title>Root Collection</atom:title>'
            f"<cmisra:collectionType>root</cmisra:collectionType></app:collection>{uritemplates}"
            "</app:workspace></app:service>"
        )

    def entry(self, base: str, object_id: str) -> str:
        node = self.nodes[object_id]
        root = f"{base}/{self.repository_id}"
        self_link = f"{root}/entry?id={quote(object_id)}"
        links = f'<atom:link rel="self" href="{self_link}"/><atom:link rel="edit" href="{self_link}"/>'
        props = (
            f'<cmis:propertyId propertyDefinitionId="cmis:objectId"><cmis:value>{object_id}</cmis:value>'
            "</cmis:propertyId>"
            f'<cmis:propertyId propertyDefinitionId="cmis:baseTypeId"><cmis:value>'
            f"{'cmis:folder' if node.folder else 'cmis:document'}</cmis:value></cmis:propertyId>"
            f'<cmis:propertyString propertyDefinitionId="cmis:name"><cmis:value>{escape(node.name)}'
            "</cmis:value></cmis:propertyString>"
        )
        if node.folder:
            tree = f"{root}/foldertree?id={quote(object_id)}"
            links += (
                f'<atom:link rel="down" type="application/cmistree+xml" href="{root}/descendants?id='
                f'{quote(object_id)}"/><atom:link rel="{FOLDER_TREE}" type="application/atom+xml;type=feed" '
                f'href="{tree}"/>'
            )
            props += (
                f'<cmis:propertyString propertyDefinitionId="cmis:path"><cmis:value>'
                f"{escape(self.path_of(object_id))}</cmis:value></cmis:propertyString>"
            )
        else:  # a document's content stream (getContentStream), as the entry's atom:content
            links += f'<atom:content src="{root}/content?id={quote(object_id)}"/>'
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><atom:entry xmlns:atom="{ATOM}" xmlns:app="{APP}" '
            f'xmlns:cmis="{CMIS}" xmlns:cmisra="{CMISRA}"><atom:id>urn:uuid:{object_id}</atom:id>'
            f"<atom:title>{escape(node.name)}</atom:title>{links}<cmisra:object><cmis:properties>{props}"
            "</cmis:properties></cmisra:object></atom:entry>"
        )

    # -- HTTP ------------------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        repo = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: str = "", ctype: str = "text/plain; charset=UTF-8") -> None:
                data = body.encode()
                self.send_response(status)
                if data:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, exception: str, message: str) -> None:
                self._reply(status, f"{exception}: {message}")

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    user, _, password = b64decode(header[6:]).decode().partition(":")
                    if (user, password) == (repo.user, repo.password):
                        return True
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="CMIS"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False

            def _route(self) -> tuple[str, dict[str, str]] | None:
                parts = urlsplit(self.path)
                if repo.fail_next:
                    self._error(repo.fail_next.pop(0), "runtime", "panne simulée du dépôt")
                    return None
                if not parts.path.startswith(PATH):
                    self._reply(404, "Not Found")
                    return None
                if repo.garbage:
                    self._reply(200, "<html><body>Connexion<br></body>", "text/html")
                    return None
                if not self._authorised():
                    return None
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                return parts.path[len(PATH) :], query

            @property
            def base(self) -> str:
                return f"{repo.scheme}://{self.headers.get('Host')}{PATH}"

            def do_GET(self) -> None:
                routed = self._route()
                if routed is None:
                    return
                path, query = routed
                if path in ("", "/"):
                    return self._reply(200, repo.service_document(self.base), "application/atomsvc+xml")
                if not path.startswith(f"/{repo.repository_id}/"):
                    return self._error(404, "objectNotFound", f"dépôt inconnu : {path}")
                kind = path.rsplit("/", 1)[1]
                with repo._lock:
                    node = repo.nodes.get(query.get("id", ""))
                    if kind == "content":  # the content stream, as its bytes
                        if node is None or node.folder:
                            return self._error(404, "objectNotFound", "document introuvable")
                        data = node.content
                    if kind in ("id", "entry"):
                        object_id = query.get("id", "")
                        found = object_id if object_id in repo.nodes else None
                    elif kind == "path":
                        found = repo._by_path(query.get("path", ""))
                    elif kind == "content":
                        self.send_response(200)
                        self.send_header("Content-Type", "application/octet-stream")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return None
                    else:
                        return self._error(400, "invalidArgument", f"ressource inconnue : {kind}")
                    if found is None:
                        return self._error(404, "objectNotFound", "objet introuvable")
                    body = repo.entry(self.base, found)
                self._reply(200, body, "application/atom+xml;type=entry")

            def do_DELETE(self) -> None:
                routed = self._route()
                if routed is None:
                    return
                path, query = routed
                kind = path.rsplit("/", 1)[-1]
                object_id = query.get("id", "")
                with repo._lock:
                    if object_id not in repo.nodes:
                        return self._error(404, "objectNotFound", f"objet introuvable : {object_id}")
                    node = repo.nodes[object_id]
                    if kind == "entry":
                        if object_id in repo.locked:
                            return self._error(403, "permissionDenied", "suppression refusée")
                        if node.folder and node.children:
                            return self._error(409, "constraint", "le dossier n'est pas vide")
                        repo._remove(object_id)
                        return self._reply(204)
                    if kind in ("foldertree", "descendants") and node.folder:
                        if query.get("unfileObjects", "delete") != "delete":
                            return self._error(400, "invalidArgument", "unfileObjects")
                        failed = repo._delete_tree(object_id)
                        if failed:
                            return self._error(500, "runtime", f"{len(failed)} objet(s) non supprimé(s)")
                        return self._reply(204)
                self._error(400, "invalidArgument", f"ressource inconnue : {kind}")

        return Handler
