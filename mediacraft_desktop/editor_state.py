"""The removal editor's state per video (regions, masks, method), kept between sessions.

One small JSON document per video in ``<data_dir>/editor_state/``, named by a hash of the file's absolute
path, size and modification time: a file that changed (re-encoded, replaced) starts fresh, and the name
never reveals the path. Writes are atomic (``storage.atomic``); at most ``max_entries`` documents are kept
(the least recently saved go first). Unreadable or foreign documents read as "no state". Plain Python,
no Qt: the GUI calls it from a worker thread.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from storage.atomic import fsync_dir, is_temp_name, write_atomic

FOLDER = "editor_state"
MAX_ENTRIES = 200
SCHEMA = 1


def video_key(path: str) -> str | None:
    """The key of ``path`` as it is now (path + size + mtime), or None when it cannot be read."""
    path = os.path.abspath(path)
    try:
        st = os.stat(path)
    except OSError:
        return None
    text = f"{path}\0{st.st_size}\0{st.st_mtime_ns}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class EditorStateStore:
    """``load(path)`` / ``save(path, state)`` of a JSON-able ``state`` dict per video file."""

    def __init__(self, folder: Path, max_entries: int = MAX_ENTRIES) -> None:
        self.folder = Path(folder)
        self.max_entries = max(1, int(max_entries))

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, path: str) -> dict[str, Any] | None:
        key = video_key(path)
        if key is None:
            return None
        try:
            doc = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or doc.get("key") != key or not isinstance(doc.get("state"), dict):
            return None
        return doc["state"]

    def save(self, path: str, state: dict[str, Any]) -> bool:
        """Store ``state`` for ``path``; False when the video cannot be read (nothing stored)."""
        key = video_key(path)
        if key is None:
            return False
        self.folder.mkdir(parents=True, exist_ok=True)
        doc = {"schema": SCHEMA, "key": key, "path": os.path.abspath(path), "saved_at": time.time(),
               "state": state}
        write_atomic(self._file(key), json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        self._prune()
        fsync_dir(self.folder)
        return True

    def entries(self) -> list[Path]:
        return [p for p in self.folder.glob("*.json") if not is_temp_name(p.name)] if self.folder.is_dir() else []

    def _prune(self) -> None:
        files = self.entries()
        if len(files) <= self.max_entries:
            return

        def age(p: Path) -> int:
            try:
                return p.stat().st_mtime_ns
            except OSError:
                return 0

        for stale in sorted(files, key=age)[: len(files) - self.max_entries]:
            stale.unlink(missing_ok=True)
