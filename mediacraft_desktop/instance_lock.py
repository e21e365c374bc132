"""One process at a time owns the task store: an OS file lock in the data dir.

The OS releases the lock when its holder dies, so a stale lock from a crashed process never blocks
anyone; the pid written inside is only informative.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

LOCK_NAME = "instance.lock"


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._fh = None

    def acquire(self, wait_s: float = 0.0) -> bool:
        """Take the lock, retrying for ``wait_s`` (a CLI may hold it for a moment); False if another process has it."""
        deadline = time.monotonic() + wait_s
        while not self._try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def _try_acquire(self) -> bool:
        if self._fh is not None:
            return True
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process lifetime
        try:
            if os.name == "nt":  # pragma: no cover
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return True

    def holder_pid(self) -> int | None:
        try:
            return int(self.path.read_text(encoding="utf-8").strip() or 0) or None
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
