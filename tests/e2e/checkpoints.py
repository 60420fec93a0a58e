"""The crash tests' runners: SIGKILL this process at the Nth passage through a named checkpoint."""

from __future__ import annotations

import os
import signal


class KillAt:
    """A job's ``checkpoint`` callable that kills the process there, as a worker dies: no cleanup,
    no rollback."""

    def __init__(self, point: str, nth: int) -> None:
        self.point, self.nth, self.seen = point, nth, 0

    def __call__(self, point: str) -> None:
        if point == self.point:
            self.seen += 1
            if self.seen == self.nth:
                os.kill(os.getpid(), signal.SIGKILL)
