"""An OpenLDAP server in a folder of ours, for the tests and the benchmark: no system service.

Debian's ``slapd`` package provides the binary (``make test`` installs it when missing); this writes a
``slapd.conf`` (an ``mdb`` database for ``dc=univ,dc=fr``, the standard schemas) in a temporary folder,
starts ``slapd`` in the foreground on 127.0.0.1 and a free port, and stops it. :meth:`add_people` loads
a people branch (``inetOrgPerson`` entries: ``uid``, ``displayName``, ``mail``) as the directory's
manager; the batch binds as a read-only account of its own.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SUFFIX = "dc=univ,dc=fr"
MANAGER = ("cn=admin," + SUFFIX, "manager-secret")
READER = ("cn=ecandidat,ou=services," + SUFFIX, "reader-secret")
PEOPLE = "ou=people," + SUFFIX

CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {base}/slapd.pid
sizelimit 500
database mdb
maxsize 268435456
suffix "{suffix}"
rootdn "{manager}"
rootpw {manager_pw}
directory {base}/data
index objectClass,uid eq
access to attrs=userPassword by self write by anonymous auth by * none
access to * by dn.exact="{reader}" read by * none
# memberOf on each person, kept by the server from the groupOfNames (what FAB's LDAP login reads).
overlay memberof
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LdapServer:
    """``slapd`` with its database in ``base/data``, listening on ``ldap://127.0.0.1:<port>``."""

    def __init__(self, base: Path, *, tls: bool = False) -> None:
        self.base = Path(base)
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        #: With ``tls``: also ``ldaps://127.0.0.1:<port>``, its certificate signed by a private CA (``ca``).
        self.tls = tls
        self.ldaps_url = f"ldaps://127.0.0.1:{free_port()}" if tls else ""
        self.ca: Path | None = None

    @staticmethod
    def available() -> bool:
        return Path(SLAPD).exists()

    def start(self, timeout: float = 30) -> LdapServer:
        if not self.available():
            raise RuntimeError(f"{SLAPD} is missing: install Debian's slapd package (make test does)")
        (self.base / "data").mkdir(parents=True, exist_ok=True)
        conf = self.base / "slapd.conf"
        text = CONF.format(base=self.base, suffix=SUFFIX, manager=MANAGER[0], manager_pw=MANAGER[1],
                           reader=READER[0])  # fmt: skip
        urls = self.url
        if self.tls:
            from dev.fakes.tls import private_ca

            self.ca, _context = private_ca(self.base / "tls")
            folder = self.base / "tls"
            tls = f"TLSCertificateFile {folder}/server.pem\nTLSCertificateKeyFile {folder}/server.key\n"
            text = text.replace("pidfile", tls + "pidfile", 1)
            urls += " " + self.ldaps_url
        conf.write_text(text)
        log = (self.base / "slapd.log").open("ab")
        # -d 0: stay in the foreground (the test session owns the process), no debug output.
        self.proc = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", urls, "-d", "0"], stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"slapd stopped at start: see {self.base / 'slapd.log'}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"slapd did not listen on {self.url} within {timeout} s")
        self._base_entries()
        return self

    def manager(self) -> Any:
        import ldap3

        return ldap3.Connection(ldap3.Server(self.url), *MANAGER, auto_bind=True, raise_exceptions=True)

    def _base_entries(self) -> None:
        conn = self.manager()
        try:
            conn.add(SUFFIX, ["dcObject", "organization"], {"o": "Université", "dc": "univ"})
            conn.add("ou=services," + SUFFIX, ["organizationalUnit"], {"ou": "services"})
            conn.add(READER[0], ["simpleSecurityObject", "organizationalRole"],
                     {"cn": "ecandidat", "userPassword": READER[1]})  # fmt: skip
            conn.add(PEOPLE, ["organizationalUnit"], {"ou": "people"})
        finally:
            conn.unbind()

    def add_people(self, people: Iterable[tuple[str, str, str | None]]) -> None:
        """``(uid, displayName, mail)`` entries under the people branch."""
        conn = self.manager()
        try:
            for uid, name, mail in people:
                attributes = {"uid": uid, "cn": name, "sn": name.split()[-1], "displayName": name}
                if mail:
                    attributes["mail"] = mail
                conn.add(f"uid={_rdn(uid)},{PEOPLE}", ["inetOrgPerson"], attributes)
        finally:
            conn.unbind()

    def add_entry(self, dn: str, object_classes: list[str], attributes: dict[str, Any]) -> None:
        """Any entry, as the directory's manager (accounts with a password, groups of names)."""
        conn = self.manager()
        try:
            conn.add(dn, object_classes, attributes)
        finally:
            conn.unbind()

    def delete_entries(self, dns: Iterable[str]) -> None:
        conn = self.manager()
        try:
            for dn in dns:
                conn.delete(dn)
        finally:
            conn.unbind()

    def clear_people(self) -> None:
        conn = self.manager()
        try:
            entries = conn.extend.standard.paged_search(
                PEOPLE, "(objectClass=inetOrgPerson)", attributes=[], paged_size=500, generator=False
            )
            for dn in [e["dn"] for e in entries if e.get("type") == "searchResEntry"]:
                conn.delete(dn)
        finally:
            conn.unbind()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def _rdn(value: str) -> str:
    from ldap3.utils.dn import escape_rdn

    return str(escape_rdn(value))
