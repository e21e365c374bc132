"""Background writer: the engine hands it task snapshots; it writes them to the store off the UI thread.

Writes are coalesced per task (the newest snapshot wins) and issued in arrival order; ``flush()``
blocks until everything handed over is durable. A failed write (disk full...) is reported through
``on_error`` and retried, so the newest state is never silently dropped.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from storage.base import TaskStore

log = logging.getLogger(__name__)
_DELETE = object()
RETRY_DELAY_S = 2.0


class StoreWriter:
    def __init__(self, store: TaskStore, on_error: Callable[[str, Exception], None] | None = None) -> None:
        self._store = store
        self._on_error = on_error
        self._pending: OrderedDict[str, Any] = OrderedDict()
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="mediacraft-store-writer", daemon=True)
        self._thread.start()

    def put(self, doc: dict[str, Any]) -> None:
        self._enqueue(doc["task_id"], doc)

    def delete(self, task_id: str) -> None:
        self._enqueue(task_id, _DELETE)

    def _enqueue(self, task_id: str, item: Any) -> None:
        with self._cond:
            if self._closed:
                raise RuntimeError("store writer is closed")
            self._pending.pop(task_id, None)
            self._pending[task_id] = item
            self._cond.notify_all()

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until all handed-over writes are done; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self, timeout: float = 30.0) -> None:
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if not self._pending and self._closed:
                    return
                batch = list(self._pending.items())  # everything pending goes in one batch
                self._pending.clear()
                self._busy = True
            failed = self._write(batch)
            with self._cond:
                for task_id, item in reversed(failed):  # retry first, unless a newer state arrived
                    if task_id not in self._pending:
                        self._pending[task_id] = item
                        self._pending.move_to_end(task_id, last=False)
                self._busy = False
                self._cond.notify_all()
            if failed:
                with self._cond:
                    if self._closed:
                        return
                    self._cond.wait(RETRY_DELAY_S)

    def _write(self, batch: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """Write a batch (saves together: their fsyncs share disk commits); return what failed."""
        saves = [(task_id, item) for task_id, item in batch if item is not _DELETE]
        failed: list[tuple[str, Any]] = []
        for task_id, item in batch:
            if item is _DELETE:
                try:
                    self._store.delete(task_id)
                except Exception as exc:  # noqa: BLE001 - reported, retried
                    failed.append((task_id, item))
                    self._report(task_id, exc)
        if saves:
            try:
                self._store.save_many([item for _task_id, item in saves])
            except Exception as exc:  # noqa: BLE001 - reported; re-saving the batch is safe
                failed.extend(saves)
                self._report(saves[0][0], exc)
        return failed

    def _report(self, task_id: str, exc: Exception) -> None:
        log.error("store write for %s failed: %s", task_id, exc)
        if self._on_error is not None:
            self._on_error(task_id, exc)
