"""Word to PDF with LibreOffice in headless mode: a long-lived converter, or one process per letter.

:class:`UnoConverter` starts unoserver (LibreOffice kept running, spoken to over XML-RPC) once, at the
first letter, and converts every letter of the run with it; it runs with the Python that has
LibreOffice's ``uno`` module (Debian's ``python3-uno``, ``[ecandidat] letter_python``), which needs
only unoserver's own pure-Python package, taken from this environment. A converter that died is
started again once. :class:`SofficeConverter` runs one ``soffice --convert-to pdf`` per letter (the
benchmarks' comparison, and a fallback). Both keep LibreOffice's profile in a temporary folder of their
own, so that several workers on one machine never share one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Protocol

#: How long LibreOffice may take to start, then to convert one letter (seconds).
START_TIMEOUT = 90.0
CONVERT_TIMEOUT = 120

#: Runs unoserver's server with the Python given on the command line (it has ``uno``); unoserver is a
#: pure-Python package found in this environment, appended to the path so that the Python's own
#: modules come first.
_BOOT = (
    "import sys; sys.path.append(sys.argv.pop(1)); sys.argv[0] = 'unoserver'; "
    "from unoserver.server import main; sys.exit(main())"
)


class ConverterError(RuntimeError):
    """LibreOffice could not convert a letter (French message naming what failed)."""


class Converter(Protocol):
    def convert(self, docx: bytes) -> bytes:
        """The PDF of a Word document."""

    def close(self) -> None:
        """Stop what the converter started."""


def _die_with_parent() -> None:
    """In the converter's process, before it starts: Linux sends it SIGTERM when the task's process
    dies (killed, even by SIGKILL), and unoserver then stops its LibreOffice: no LibreOffice is left
    behind by a killed run."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _unoserver_path() -> str:
    import unoserver

    return str(Path(unoserver.__file__).resolve().parents[1])


class UnoConverter:
    """One LibreOffice for many letters, through unoserver (started at the first letter).

    :param python: the Python that has LibreOffice's ``uno`` module.
    :param executable: LibreOffice's ``soffice`` (found in the PATH when empty).
    """

    def __init__(self, python: str, executable: str = "") -> None:
        self.python = python
        self.executable = executable
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._port = 0
        self.starts = 0

    def _log(self) -> str:
        if self._folder is None:
            return ""
        with contextlib.suppress(OSError):
            text = (Path(self._folder.name) / "unoserver.log").read_text(errors="replace")
            return " ".join(text.split()[-60:])
        return ""

    def start(self) -> None:
        """Start unoserver and LibreOffice, and wait until they answer."""
        import xmlrpc.client

        self.close()
        self._folder = tempfile.TemporaryDirectory(prefix="ecandidat-lettres-")
        folder = Path(self._folder.name)
        self._port, uno_port = _free_port(), _free_port()
        command = [
            self.python, "-c", _BOOT, _unoserver_path(), "--interface", "127.0.0.1",
            "--port", str(self._port), "--uno-port", str(uno_port),
            "--user-installation", str(folder / "profil"), "--temp-dir", str(folder),
            "--conversion-timeout", str(CONVERT_TIMEOUT),
        ]  # fmt: skip
        if self.executable:
            command += ["--executable", self.executable]
        try:
            with (folder / "unoserver.log").open("wb") as output:
                self._process = subprocess.Popen(
                    command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True, preexec_fn=_die_with_parent,
                )  # fmt: skip
        except OSError as exc:
            raise ConverterError(
                f"LibreOffice ne démarre pas : {self.python} introuvable ou non exécutable ({exc}) ; "
                "[ecandidat] letter_python doit être le Python qui a le module uno (paquet python3-uno)"
            ) from exc
        self.starts += 1
        deadline = time.monotonic() + START_TIMEOUT
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True)
        while True:
            if self._process.poll() is not None:
                log = self._log()
                self.close()
                raise ConverterError(f"LibreOffice (unoserver) s'est arrêté au démarrage : {log}")
            try:
                proxy.info()
                return
            except OSError:
                if time.monotonic() > deadline:
                    log = self._log()
                    self.close()
                    raise ConverterError(
                        f"LibreOffice (unoserver) ne répond pas après {START_TIMEOUT:.0f} s : {log}"
                    ) from None
                time.sleep(0.2)

    def convert(self, docx: bytes) -> bytes:
        """The PDF; a converter found dead is started again once."""
        for attempt in (1, 2):
            if self._process is None or self._process.poll() is not None:
                self.start()
            try:
                return self._convert(docx)
            except Exception as exc:
                alive = self._process is not None and self._process.poll() is None
                if alive or attempt == 2:
                    raise ConverterError(f"conversion en PDF impossible : {exc}") from exc
        raise AssertionError("unreachable")

    def _convert(self, docx: bytes) -> bytes:
        from unoserver.client import UnoClient

        client = UnoClient("127.0.0.1", str(self._port), host_location="remote")
        result = client.convert(indata=docx, convert_to="pdf")
        if not isinstance(result, bytes) or not result.startswith(b"%PDF"):
            raise ConverterError("LibreOffice n'a pas rendu de PDF")
        return result

    def close(self) -> None:
        """Stop unoserver and LibreOffice (their process group), remove the profile."""
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=15)
            # What is left of the group (LibreOffice's launcher outlives unoserver): killed.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def __enter__(self) -> UnoConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SofficeConverter:
    """One ``soffice --headless --convert-to pdf`` per letter (its profile kept between letters)."""

    def __init__(self, executable: str = "") -> None:
        self.executable = executable or "soffice"
        self._folder = tempfile.TemporaryDirectory(prefix="ecandidat-soffice-")

    def convert(self, docx: bytes) -> bytes:
        folder = Path(self._folder.name)
        source = folder / "lettre.docx"
        source.write_bytes(docx)
        target = folder / "lettre.pdf"
        target.unlink(missing_ok=True)
        profile = (folder / "profil").as_uri()
        try:
            done = subprocess.run(
                [self.executable, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(folder), str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False, start_new_session=True,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConverterError(f"conversion en PDF impossible : {exc}") from exc
        if not target.exists():
            said = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise ConverterError(f"LibreOffice n'a pas rendu de PDF (code {done.returncode}) : {said}")
        return target.read_bytes()

    def close(self) -> None:
        self._folder.cleanup()
