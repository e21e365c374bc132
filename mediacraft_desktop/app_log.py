"""The application log: rotating files in the user log dir (each task's own log stays in the task)."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from mediacraft_desktop import paths

MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO, *, console: bool = False) -> str:
    """Log to ``<log dir>/mediacraft.log`` (rotated at 2 MB, 5 kept); return the file path."""
    path = paths.log_dir() / "mediacraft.log"
    root = logging.getLogger()
    if not any(getattr(h, "_mediacraft", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._mediacraft = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        if console:
            stream = logging.StreamHandler(sys.stderr)
            stream.setFormatter(logging.Formatter(FORMAT))
            stream.setLevel(logging.WARNING)
            stream._mediacraft = True  # type: ignore[attr-defined]
            root.addHandler(stream)
    root.setLevel(level)
    return str(path)
