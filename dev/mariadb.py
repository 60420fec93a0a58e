"""A MariaDB server in a folder of ours, for the tests and the benchmarks: no system service.

Debian's ``mariadb-server`` package provides the binaries (``make test`` installs it when missing);
this starts ``mariadbd`` on a Unix socket in a temporary folder, with networking off, and stops it.
eCandidat runs on MariaDB/MySQL: the batches are tested on it as on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db") or "/usr/bin/mariadb-install-db"


class MariaDbServer:
    """``mariadbd`` with its data in ``base/data`` and its socket at ``base/mysqld.sock``.

    :param base: a short path (a Unix socket path is limited to about 107 bytes).
    """

    def __init__(self, base: Path) -> None:
        self.base = Path(base)
        self.datadir = self.base / "data"
        self.socket = self.base / "mysqld.sock"
        self.proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return Path(MARIADBD).exists() and Path(INSTALL_DB).exists()

    def _user(self) -> list[str]:
        return ["--user=root"] if os.geteuid() == 0 else []

    def start(self, timeout: float = 60) -> MariaDbServer:
        if not self.available():
            raise RuntimeError(
                f"{MARIADBD} is missing: install Debian's mariadb-server package (make test does)"
            )
        self.base.mkdir(parents=True, exist_ok=True)
        if not (self.datadir / "mysql").exists():
            install = [INSTALL_DB, "--no-defaults", f"--datadir={self.datadir}", "--skip-test-db"]
            install += ["--auth-root-authentication-method=normal", *self._user()]
            subprocess.run(install, check=True, capture_output=True)
        log = (self.base / "mariadbd.log").open("ab")
        self.proc = subprocess.Popen(
            [
                MARIADBD,
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--socket={self.socket}",
                f"--pid-file={self.base / 'mariadbd.pid'}",
                "--skip-networking",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--innodb-buffer-pool-size=256M",
                "--innodb-flush-log-at-trx-commit=2",
                "--max-connections=200",
                *self._user(),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.connect().close()
                return self
            except Exception:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"mariadbd did not start: {(self.base / 'mariadbd.log').read_text()[-2000:]}"
                    ) from None
                time.sleep(0.2)

    def connect(
        self, database: str | None = None, user: str = "root", password: str = "", **kwargs: Any
    ) -> Any:
        import MySQLdb

        args: dict[str, Any] = {"unix_socket": str(self.socket), "user": user, "charset": "utf8mb4", **kwargs}
        if password:
            args["password"] = password
        if database:
            args["database"] = database
        return MySQLdb.connect(**args)

    def execute(self, *statements: str, database: str | None = None) -> None:
        """Run administrative statements as root (create a database, a user, grants)."""
        conn = self.connect(database)
        try:
            cur = conn.cursor()
            for statement in statements:
                cur.execute(statement)
            conn.commit()
        finally:
            conn.close()

    def stop(self, timeout: float = 30) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def __enter__(self) -> MariaDbServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
