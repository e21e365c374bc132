"""Per-video editor state off the GUI thread: loads and saves run one at a time on a worker thread.

``load(path)`` answers through ``loaded(path, state_or_None)`` on the GUI thread; ``save`` is
fire-and-forget (a failed write is logged, the editor goes on). Loads and saves keep their order, so a
load issued after a save sees it.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from mediacraft_desktop import paths
from mediacraft_desktop.editor_state import FOLDER, EditorStateStore

log = logging.getLogger(__name__)


class WorkspaceStateKeeper(QObject):
    loaded = Signal(str, object)  # path, the stored state dict or None

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = EditorStateStore(folder if folder is not None else paths.data_dir() / FOLDER)
        self._pool = pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="editor-state")
        self.destroyed.connect(lambda *_: pool.shutdown(wait=False))  # queued saves still finish
        self._last: Future[Any] | None = None

    def load(self, path: str) -> None:
        self._last = self._pool.submit(self._load, path)

    def save(self, path: str, state: dict[str, Any]) -> None:
        self._last = self._pool.submit(self._save, path, state)

    def wait(self, timeout_s: float = 10.0) -> None:
        """Block until the work queued so far is done (tests, and the last save at shutdown)."""
        if self._last is not None:
            self._last.result(timeout=timeout_s)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    def _load(self, path: str) -> None:
        try:
            state = self.store.load(path)
        except Exception:  # noqa: BLE001 - a broken state file must never stop the editor
            log.exception("editor state of %s unreadable", path)
            state = None
        try:
            self.loaded.emit(path, state)
        except RuntimeError:  # the workspace was deleted meanwhile
            pass

    def _save(self, path: str, state: dict[str, Any]) -> None:
        try:
            self.store.save(path, state)
        except OSError:
            log.exception("editor state of %s not saved", path)
