"""Free-space guard for the queue (Qt-free): which output folder is below the ``min_free_disk_mb`` setting.

The engine asks before starting a task and every few seconds while tasks run; below the threshold it
pauses the queue with a ``disk_low`` notice and resumes it (``disk_ok``) once the space is back.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024


@dataclass(frozen=True)
class DiskLow:
    folder: str
    free_bytes: int
    needed_bytes: int

    def as_notice(self) -> dict[str, Any]:
        return {"folder": self.folder, "free_bytes": self.free_bytes, "needed_bytes": self.needed_bytes}


def free_bytes(folder: str) -> int | None:
    """Free bytes for unprivileged writes in ``folder``'s file system; None if it cannot be asked (the
    processor then reports a missing or unwritable folder in words)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def check(folders: Iterable[str], min_free_mb: int) -> DiskLow | None:
    """The first folder with less than ``min_free_mb`` free, or None (also when the guard is off: 0)."""
    need = int(min_free_mb) * MB
    if need <= 0:
        return None
    for folder in dict.fromkeys(folders):
        free = free_bytes(folder)
        if free is not None and free < need:
            return DiskLow(folder, free, need)
    return None
