"""Build the engine the app and the CLI use, from the data dir (one place that picks the store backend)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from mediacraft_desktop import paths
from mediacraft_desktop.engine import TaskEngine
from mediacraft_desktop.settings import Settings, load_settings
from storage import open_store


def open_engine(
    data_dir: Path | None = None,
    settings: Settings | None = None,
    *,
    parent: QObject | None = None,
    synchronous_prepare: bool = False,
) -> TaskEngine:
    """A TaskEngine on the JSON store in ``data_dir`` (default: the user data dir); not started yet."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    return TaskEngine(
        open_store(data_dir),
        settings if settings is not None else load_settings(data_dir),
        parent=parent,
        temp_dir=str(paths.temp_dir()),
        synchronous_prepare=synchronous_prepare,
    )
