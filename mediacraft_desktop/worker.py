"""One QRunnable per running task; it calls the processor and reports back through signals."""

from __future__ import annotations

import copy
import logging
import os
import time
import traceback
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from mediacraft_desktop.prepare import check_inputs_unchanged
from processors.contract import Cancelled, CancelToken, ErrorCode, ProcessingError, Processor
from processors.outputs import check_writable, map_os_error

log = logging.getLogger(__name__)
PROGRESS_INTERVAL_S = 0.1  # at most 10 progress signals per second per task


class WorkerSignals(QObject):
    """Lives on the engine's thread; emitted from the pool thread (queued delivery)."""

    progress = Signal(str, int, float, str, object)  # task_id, run_no, percent, message, checkpoint|None
    succeeded = Signal(str, int, object)  # task_id, run_no, Result
    failed = Signal(str, int, object, object)  # task_id, run_no, ProcessingError, checkpoint
    cancelled = Signal(str, int, str, object)  # task_id, run_no, reason, checkpoint


class TaskWorker(QRunnable):
    def __init__(
        self,
        task_id: str,
        run_no: int,
        processor: Processor,
        inputs: list[dict[str, Any]],
        config: dict[str, Any],
        output_path: str,
        checkpoint: dict[str, Any],
        cancel: CancelToken,
        signals: WorkerSignals,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task_id = task_id
        self.run_no = run_no
        self._processor = processor
        self._inputs = copy.deepcopy(inputs)
        self._config = copy.deepcopy(config)
        self._output_path = output_path
        self._checkpoint = copy.deepcopy(checkpoint)
        self._sent_checkpoint = copy.deepcopy(checkpoint)
        self._cancel = cancel
        self._signals = signals
        self._last_emit = 0.0

    def _progress(self, percent: float, message: str) -> None:
        """Throttled to PROGRESS_INTERVAL_S; a changed checkpoint rides along with the next emission."""
        percent = min(100.0, max(0.0, float(percent)))
        now = time.monotonic()
        if now - self._last_emit < PROGRESS_INTERVAL_S and percent < 100.0:
            return
        self._last_emit = now
        snapshot = None
        if self._checkpoint != self._sent_checkpoint:
            snapshot = copy.deepcopy(self._checkpoint)
            self._sent_checkpoint = copy.deepcopy(snapshot)
        self._signals.progress.emit(self.task_id, self.run_no, percent, message, snapshot)

    def run(self) -> None:  # noqa: D102 - QRunnable entry point
        sig = self._signals
        try:
            self._cancel.raise_if_cancelled()
            check_inputs_unchanged(self._inputs)
            check_writable(os.path.dirname(os.path.abspath(self._output_path)))
            result = self._processor.run(
                self._inputs, self._config, self._output_path, self._progress, self._cancel, self._checkpoint
            )
        except Cancelled as exc:
            sig.cancelled.emit(self.task_id, self.run_no, exc.reason, copy.deepcopy(self._checkpoint))
        except MemoryError:
            err = ProcessingError("out of memory", code=ErrorCode.INTERNAL)
            sig.failed.emit(self.task_id, self.run_no, err, copy.deepcopy(self._checkpoint))
        except Exception as exc:  # noqa: BLE001 - sorted below
            if self._cancel.cancelled:  # e.g. ffmpeg or a pipe closed by the cancel: report the cancel, not the error
                log.info("task %s: %s: %s after the cancel", self.task_id, type(exc).__name__, exc)
                sig.cancelled.emit(self.task_id, self.run_no, self._cancel.reason, copy.deepcopy(self._checkpoint))
            else:
                sig.failed.emit(self.task_id, self.run_no, self._error_for(exc), copy.deepcopy(self._checkpoint))
        else:
            sig.succeeded.emit(self.task_id, self.run_no, result)

    def _error_for(self, exc: Exception) -> ProcessingError:
        """The typed error to report for an exception a run ended with."""
        if isinstance(exc, ProcessingError):
            return self._input_gone(exc)
        if isinstance(exc, OSError):  # disk full, permissions... in words, not a crash
            return self._input_gone(map_os_error(exc))
        log.error("processor crashed for task %s", self.task_id, exc_info=exc)  # a processor bug must not kill the app
        return ProcessingError(f"internal error: {type(exc).__name__}: {exc}", code=ErrorCode.INTERNAL,
                               log_lines="".join(traceback.format_exception(exc)).splitlines()[-15:])

    def _input_gone(self, error: ProcessingError) -> ProcessingError:
        """An input deleted, moved or rewritten during the run makes ffmpeg fail in its own words: say what
        happened instead (``input_missing`` / ``input_changed``), keeping ffmpeg's lines in the log."""
        if error.code in (ErrorCode.INPUT_MISSING, ErrorCode.INPUT_CHANGED):
            return error
        try:
            check_inputs_unchanged(self._inputs)
        except ProcessingError as gone:
            gone.log_lines = [f"{error.code}: {error.detail}", *error.log_lines]
            return gone
        return error


class PrepareSignals(QObject):
    prepared = Signal(str, object)  # task_id, Prepared
    rejected = Signal(str, object)  # task_id, ProcessingError


class PrepareJob(QRunnable):
    """Validates and probes a new task's inputs off the UI thread."""

    def __init__(self, task_id: str, prepare_fn: Any, signals: PrepareSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._prepare_fn = prepare_fn
        self._signals = signals

    def run(self) -> None:  # noqa: D102
        try:
            prepared = self._prepare_fn()
        except ProcessingError as exc:
            self._signals.rejected.emit(self._task_id, exc)
        except Exception as exc:  # noqa: BLE001
            log.exception("preparing task %s failed", self._task_id)
            self._signals.rejected.emit(
                self._task_id, ProcessingError(f"internal error: {type(exc).__name__}: {exc}")
            )
        else:
            self._signals.prepared.emit(self._task_id, prepared)


class CallSignals(QObject):
    done = Signal(str, object)  # job name, result (or the exception)


class CallJob(QRunnable):
    """Runs a plain function off the UI thread (housekeeping, usage figures)."""

    def __init__(self, name: str, fn: Any, signals: CallSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._name = name
        self._fn = fn
        self._signals = signals

    def run(self) -> None:  # noqa: D102
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - reported to the engine
            log.exception("background job %s failed", self._name)
            result = exc
        self._signals.done.emit(self._name, result)
