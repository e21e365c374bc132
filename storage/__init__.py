"""Task persistence: the ``TaskStore`` interface and the JSON-file store (no Qt, no app imports)."""

from __future__ import annotations

import os
from pathlib import Path

from storage.base import QuarantinedFile, TaskStore
from storage.json_store import JsonTaskStore

__all__ = ["JsonTaskStore", "QuarantinedFile", "TaskStore", "open_store"]


def open_store(data_dir: str | os.PathLike[str]) -> TaskStore:
    """The store the app uses; the one place to choose another backend (e.g. SQL) later."""
    return JsonTaskStore(Path(data_dir) / "tasks")
