"""TaskEngine: owns every task in memory, schedules runs on a QThreadPool and is the only store writer.

All state changes happen on the engine's (main) thread; workers report back through queued signals.
Connect to the signals before calling ``start()``: it emits the recovery notices.
"""

from __future__ import annotations

import copy
import logging
import os
import time
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal

from mediacraft_desktop import disk_guard, housekeeping
from mediacraft_desktop import prepare as prep
from mediacraft_desktop.errors import SubmitError, UnknownTask
from mediacraft_desktop.registry import ProcessorRegistry, default_registry
from mediacraft_desktop.scheduler import WAITING, pick_next, queue_order, reordered
from mediacraft_desktop.settings import Settings
from mediacraft_desktop.states import UNFINISHED, TaskStatus
from mediacraft_desktop.store_writer import StoreWriter
from mediacraft_desktop.task import Task
from mediacraft_desktop.timeutil import parse_utc, utc_now
from mediacraft_desktop.worker import CallJob, CallSignals, PrepareJob, PrepareSignals, TaskWorker, WorkerSignals
from processors.contract import CancelReason, CancelToken, ErrorCode, ProcessingError, Result, stage
from processors.ffrun import kill_all_children
from processors.outputs import check_requested_output, join_output_name
from processors.workdir import remove_work_dir
from storage.base import TaskStore

log = logging.getLogger(__name__)
S = TaskStatus
FLUSH_INTERVAL_MS = 1000  # coalesced store writes for progress
TICK_INTERVAL_MS = 500  # timeouts, retry backoff, disk checks
DISK_CHECK_S = 5.0  # free space of running tasks' output folders (and of a folder the queue waits for)
ETA_HIDDEN_S = 4.0
MAX_BACKOFF_S = 60.0
REFUSED_KEPT = 100  # verdicts on dropped refused submissions kept in memory for their submitter to read


@dataclass
class _Run:
    run_no: int
    task_type: str
    token: CancelToken
    started: float
    progress_at_start: float
    hold: bool = False  # the user held the running task: stop at its next checkpoint, then ``paused``
    user_cancel: bool = False


class TaskEngine(QObject):
    task_added = Signal(str)
    task_changed = Signal(str)
    task_removed = Signal(str)
    queue_changed = Signal()
    notice = Signal(str, object)  # kind, data dict
    _store_failed = Signal(str, str)

    def __init__(
        self,
        store: TaskStore,
        settings: Settings,
        registry: ProcessorRegistry | None = None,
        parent: QObject | None = None,
        *,
        temp_dir: str | None = None,
        synchronous_prepare: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings.normalised()
        self._registry = registry or default_registry()
        self._temp_dir = temp_dir
        self._sync_prepare = synchronous_prepare
        self._tasks: dict[str, Task] = {}
        self._runs: dict[str, _Run] = {}
        self._preparing: set[str] = set()
        self._not_before: dict[str, float] = {}
        self._remove_after_run: dict[str, bool] = {}
        self._refused: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._dirty: set[str] = set()
        self._run_counter = 0
        self._queue_paused = False
        self._disk_low: disk_guard.DiskLow | None = None  # set while the guard (not the user) holds the queue
        self._disk_checked = 0.0
        self._stop_after_current = False
        self._run_filter: set[str] | None = None
        self._started = False
        self._scheduling = False
        self._schedule_again = False
        self._usage = {"temp_bytes": 0, "store_bytes": 0}

        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(self._settings.max_concurrent + 2)
        self._signals = WorkerSignals()
        q = Qt.ConnectionType.QueuedConnection
        self._signals.progress.connect(self._on_progress, q)
        self._signals.succeeded.connect(self._on_succeeded, q)
        self._signals.failed.connect(self._on_failed, q)
        self._signals.cancelled.connect(self._on_cancelled, q)
        self._prep_signals = PrepareSignals()
        self._prep_signals.prepared.connect(self._on_prepared, q)
        self._prep_signals.rejected.connect(self._on_rejected, q)
        self._store_failed.connect(self._on_store_failed, q)
        self._call_signals = CallSignals()
        self._call_signals.done.connect(self._on_call_done, q)
        self._writer = StoreWriter(store, on_error=lambda tid, exc: self._store_failed.emit(tid, str(exc)))

        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush_dirty)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(TICK_INTERVAL_MS)
        self._tick_timer.timeout.connect(self._on_tick)

    # ---------------------------------------------------------------- lifecycle
    def start(self, *, recover: bool = True, run: bool = True) -> None:
        """Load the store; with ``recover`` turn interrupted work back into queued; with ``run`` schedule."""
        unreadable: list[dict[str, str]] = []
        load_started = utc_now()
        for doc in self._store.load_all():
            try:
                task = Task.from_dict(doc)
            except (TypeError, ValueError, KeyError) as exc:
                unreadable.append({"task_id": str(doc.get("task_id")), "reason": str(exc)})
                continue
            self._tasks[task.task_id] = task
        quarantined = [q for q in self._store.quarantined() if q.moved_at >= load_started]  # new ones only
        if quarantined or unreadable:
            self.notice.emit("quarantined", {"files": [q.original_name for q in quarantined],
                                             "unreadable": unreadable})
        if recover:
            self._recover()
            targets = [t.config["output_target"] for t in self._tasks.values()
                       if "output_target" in t.config and not t.status.is_finished]
            temp_dir = self._temp_dir
            self._call("cleaned", lambda: housekeeping.clean_dead_runs(temp_dir, targets))
        self.refresh_usage()
        if run:
            self.start_scheduling()

    def start_scheduling(self) -> None:
        """Begin starting queued work (``start(run=False)`` leaves the engine idle until this)."""
        self._started = True
        self._flush_timer.start()
        self._tick_timer.start()
        self._schedule()

    def _recover(self) -> None:
        interrupted, unfinished = [], []
        for task in self._tasks.values():
            if task.status is S.RUNNING:
                task.transition(S.INTERRUPTED, "the app stopped while this task was running", "warning")
            if task.status is S.INTERRUPTED:
                interrupted.append(task.task_id)
                # the one place a quit (GUI/CLI shutdown: interrupted) and a kill (still running) meet: the run
                # was cut short, it did not fail, so it gives its attempt back
                task.attempts = max(0, task.attempts - 1)
                task.transition(S.QUEUED, "resuming after restart")
                self._save(task)
            elif task.status is S.READY:
                task.transition(S.QUEUED)
                self._save(task)
            if task.status is S.CREATED:
                self._start_prepare(task)
            if task.status in UNFINISHED:
                unfinished.append(task.task_id)
        if unfinished:
            self.notice.emit("recovered", {"task_ids": unfinished, "interrupted": interrupted})
        for task in self._tasks.values():
            if task.status.is_finished and not task.notified:
                self.notice.emit("finished", {"task_id": task.task_id, "status": task.status.value})

    def shutdown(self, timeout_s: float = 15.0) -> None:
        """Stop running work (it becomes ``interrupted`` and resumes next start) and flush the store."""
        self._started = False
        self._flush_timer.stop()
        self._tick_timer.stop()
        for run in self._runs.values():
            run.token.cancel(CancelReason.SHUTDOWN)
        if not self._pool.waitForDone(int(timeout_s * 1000)):
            kill_all_children()  # a processor ignored the cancel: stop its ffmpeg children
            self._pool.waitForDone(5000)
        QCoreApplication.processEvents()  # deliver the workers' last signals
        for task_id in list(self._runs):
            task = self._tasks[task_id]
            del self._runs[task_id]
            task.transition(S.INTERRUPTED, "the app quit before the task stopped", "warning")
            self._save(task)
        self._flush_dirty()
        self._writer.close()

    def run_only(self, task_ids: set[str] | None) -> None:
        """Restrict scheduling to these tasks (the CLI's ``--wait``); None lifts the restriction."""
        self._run_filter = set(task_ids) if task_ids is not None else None
        self._schedule()

    # ---------------------------------------------------------------- queries
    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def registry(self) -> ProcessorRegistry:
        return self._registry

    @property
    def queue_paused(self) -> bool:
        return self._queue_paused

    @property
    def disk_low(self) -> dict[str, Any] | None:
        """Folder, free and needed bytes while the queue is paused for lack of space; else None."""
        return self._disk_low.as_notice() if self._disk_low else None

    @property
    def stop_after_current(self) -> bool:
        return self._stop_after_current

    def task(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def refused(self, task_id: str) -> dict[str, Any] | None:
        """The last document (status ``failed``, with the error) of a ``keep_refused=False`` submission that its
        input check refused and that was therefore dropped; None if there is none (recent ones only)."""
        return self._refused.get(task_id)

    def tasks(self) -> list[Task]:
        return list(self._tasks.values())

    def running_ids(self) -> list[str]:
        return list(self._runs)

    def is_idle(self) -> bool:
        """Nothing running, being prepared, or startable now."""
        if self._runs or self._preparing:
            return False
        if self._queue_paused or self._stop_after_current:
            return True
        return not any(
            t.status is S.QUEUED and self._eligible(t, ignore_backoff=True) for t in self._tasks.values()
        )

    def eta(self, task_id: str) -> float | None:
        """Seconds left from the measured rate; None for the first seconds or without progress."""
        run = self._runs.get(task_id)
        task = self._tasks.get(task_id)
        if run is None or task is None:
            return None
        elapsed = time.monotonic() - run.started
        done = task.progress - run.progress_at_start
        if elapsed < ETA_HIDDEN_S or done <= 0:
            return None
        return (100.0 - task.progress) / (done / elapsed)

    def stats(self) -> dict[str, Any]:
        by_status = Counter(t.status.value for t in self._tasks.values())
        by_type = Counter(t.task_type for t in self._tasks.values())
        per_day: dict[str, Counter[str]] = defaultdict(Counter)
        for t in self._tasks.values():
            per_day[t.created_at[:10]][t.task_type] += 1
        results = sum(int(t.metadata.get("output_size", 0)) for t in self._tasks.values()
                      if t.status is S.COMPLETED)
        return {
            "total": len(self._tasks),
            "by_status": {s.value: by_status.get(s.value, 0) for s in S},
            "by_type": dict(by_type),
            "per_day": {day: dict(c) for day, c in sorted(per_day.items())},
            "running": len(self._runs),
            "queue_paused": self._queue_paused,
            "results_bytes": results,
            **self._usage,
        }

    # ---------------------------------------------------------------- commands
    def submit(
        self,
        task_type: str,
        input_paths: list[str],
        config: dict[str, Any] | None = None,
        *,
        name: str | None = None,
        output_path: str | None = None,
        output_name: str | None = None,
        priority: int = 0,
        keep_refused: bool = True,
    ) -> str:
        """Create a task and return its id at once; inputs are checked in the background.

        A submission the check refuses fails (the error in words stays in the task list), or with
        ``keep_refused=False`` (the CLI, which tells its caller the error) is dropped: it never becomes a task
        and ``refused(task_id)`` holds its verdict.

        The result goes to ``output_path``, or to the file ``output_name`` in the output folder setting, or to a
        default name there. A name that is not a plain file name, or a path with a ``..`` component (a name typed
        into a field and joined to a folder), is refused at once (``output_invalid``): results never land outside
        the folder they were meant for."""
        spec = self._registry.get(task_type)
        if spec is None:
            raise SubmitError("unknown_type", f"unknown task type {task_type!r}")
        if not self._registry.available(task_type):
            raise SubmitError("processor_unavailable", f"the {task_type} processor is not available")
        if not input_paths:
            raise SubmitError(ErrorCode.INPUT_INVALID, "no input files")
        try:
            requested = (check_requested_output(os.fspath(output_path)) if output_path else
                         join_output_name(self._settings.output_dir, output_name) if output_name is not None else None)
        except ProcessingError as exc:
            raise SubmitError(exc.code, exc.detail, exc.details) from None
        paths = [os.path.abspath(os.fspath(p)) for p in input_paths]
        names = [os.path.basename(p) for p in paths]
        task = Task(
            task_type=task_type,
            name=name or (names[0] if len(names) == 1 else f"{names[0]} + {len(names) - 1}"),
            priority=int(priority),
            max_attempts=self._settings.max_attempts,
            config=dict(config or {}),
            inputs=[{"path": p, "original_filename": n, "size": None, "mtime": None, "media": None}
                    for p, n in zip(paths, names, strict=True)],
        )
        if requested:
            task.metadata["requested_output"] = requested
        if not keep_refused:
            task.metadata["drop_if_refused"] = True
        task.add_log(f"created with {len(paths)} input(s)")
        self._tasks[task.task_id] = task
        self._save(task)
        self.task_added.emit(task.task_id)
        self._start_prepare(task)
        return task.task_id

    def cancel(self, task_id: str) -> bool:
        task = self._get(task_id)
        run = self._runs.get(task_id)
        if run is not None:
            run.user_cancel = True  # wins over a hold that already stopped the run
            run.token.cancel(CancelReason.USER)
            task.progress_message = stage("cancelling")
            task.add_log("cancel requested")
            self.task_changed.emit(task_id)
            return True
        if task.status in (S.CREATED, S.READY, S.QUEUED, S.PAUSED, S.INTERRUPTED):
            task.transition(S.CANCELLED, "cancelled by the user")
            self._not_before.pop(task_id, None)
            self._commit(task)
            return True
        return False

    def retry(self, task_id: str) -> bool:
        task = self._get(task_id)
        if task.status not in (S.FAILED, S.CANCELLED):
            return False
        task.error_code = task.error_message = None
        task.attempts = 0
        task.started_at = None  # a fresh start: nothing at the target is this task's result to adopt
        task.progress = 0.0
        task.progress_message = ""
        task.notified = False
        task.transition(S.QUEUED, "retry requested")
        self._commit(task)
        if "output_target" not in task.config:
            self._start_prepare(task)
        self._schedule()
        return True

    def remove(self, task_id: str, delete_output: bool = False) -> bool:
        task = self._get(task_id)
        if task_id in self._runs:
            self._remove_after_run[task_id] = delete_output
            self.cancel(task_id)
            return True
        self._drop(task, delete_output)
        return True

    def set_priority(self, task_id: str, priority: int) -> None:
        task = self._get(task_id)
        if task.priority == priority:
            return
        task.add_log(f"priority {task.priority} -> {priority}")
        task.priority = int(priority)
        self._commit(task)
        self._schedule()

    def waiting_order(self) -> list[str]:
        """Ids of the tasks that have not started (queued, held, being checked...), in the order they would run."""
        return [t.task_id for t in sorted((t for t in self._tasks.values() if t.status in WAITING), key=queue_order)]

    def move_tasks(self, task_ids: list[str], before_id: str | None) -> bool:
        """Let waiting tasks run just before the waiting task ``before_id`` (last when None), persisted.

        They take that task's priority (logged) and a place in the order (``metadata["queue_rank"]``); running
        and finished tasks are not moved. Returns False when there is nothing to move."""
        waiting = [t for t in self._tasks.values() if t.status in WAITING]
        moved = [t for t in waiting if t.task_id in set(task_ids) and t.task_id != before_id]
        before = self._tasks.get(before_id) if before_id else None
        if not moved or (before is not None and before.status not in WAITING):
            return False
        for task in moved:
            task.add_log("moved in the queue")
        for rank, (task, priority) in enumerate(reordered(waiting, moved, before)):
            changed = task in moved or task.metadata.get("queue_rank") != rank or task.priority != priority
            if task.priority != priority:
                task.add_log(f"priority {task.priority} -> {priority} (to keep its place in the queue)")
                task.priority = priority
            task.metadata["queue_rank"] = rank
            if changed:
                self._commit(task)
        self._schedule()
        return True

    def pause_task(self, task_id: str) -> bool:
        """Hold a task. A waiting one does not start until released. A running one stops at its next checkpoint
        (at once when it has recorded no resumable work) and becomes ``paused`` keeping its finished work; release
        resumes it from that checkpoint."""
        task = self._get(task_id)
        run = self._runs.get(task_id)
        if run is not None:
            if run.hold or run.token.cancelled:
                return False
            run.hold = True
            task.progress_message = stage("holding")
            task.add_log("hold requested: stopping at the next checkpoint")
            if not task.checkpoint:
                self._stop_for_hold(run)
            self.task_changed.emit(task_id)
            return True
        if task.status not in (S.QUEUED, S.READY):
            return False
        task.transition(S.PAUSED, "held by the user")
        self._commit(task)
        return True

    @staticmethod
    def _stop_for_hold(run: _Run) -> None:
        """Stop a held run the way a quit does: processors keep their finished work for a resume."""
        run.token.cancel(CancelReason.SHUTDOWN)

    def resume_task(self, task_id: str) -> bool:
        task = self._get(task_id)
        if task.status is not S.PAUSED:
            return False
        task.transition(S.QUEUED, "released by the user")
        self._commit(task)
        self._schedule()
        return True

    def pause_queue(self) -> None:
        self._queue_paused = True
        self._disk_low = None  # the user holds it now: no automatic resume
        self.queue_changed.emit()

    def resume_queue(self) -> None:
        self._queue_paused = False
        self._disk_low = None  # still short of space? the next start is refused again, with a notice
        self._stop_after_current = False
        self.queue_changed.emit()
        self._schedule()

    def set_stop_after_current(self, enabled: bool) -> None:
        """Start nothing new; once the running tasks end, the queue is paused."""
        self._stop_after_current = bool(enabled)
        self.queue_changed.emit()
        self._maybe_finish_stop_after_current()
        self._schedule()

    def mark_notified(self, task_id: str) -> None:
        task = self._tasks.get(task_id)
        if task is not None and not task.notified:
            task.notified = True
            self._save(task)

    def apply_settings(self, settings: Settings) -> None:
        self._settings = settings.normalised()
        self._pool.setMaxThreadCount(self._settings.max_concurrent + 2)
        self.queue_changed.emit()
        self._schedule()

    def cleanup_expired(self, now: float | None = None) -> list[str]:
        """Remove finished tasks older than the retention setting (results only with consent)."""
        days = self._settings.retention_days
        if days <= 0:
            return []
        limit = (now if now is not None else time.time()) - days * 86400
        removed = []
        for task in list(self._tasks.values()):
            finished = parse_utc(task.completed_at)
            if task.status.is_finished and finished is not None and finished.timestamp() < limit:
                self._drop(task, self._settings.delete_results_on_cleanup)
                removed.append(task.task_id)
        return removed

    # ---------------------------------------------------------------- internals: preparation
    def _start_prepare(self, task: Task) -> None:
        spec = self._registry.get(task.task_type)
        if spec is None:
            self._fail(task, ProcessingError(f"unknown task type {task.task_type}", code="unknown_type"))
            return
        paths = [entry["path"] for entry in task.inputs]
        config = {k: v for k, v in task.config.items() if k != "output_target"}
        settings = self._settings
        requested = task.metadata.get("requested_output")

        def work() -> prep.Prepared:
            return prep.prepare(spec, paths, config, settings, requested)

        self._preparing.add(task.task_id)
        if self._sync_prepare:
            try:
                self._on_prepared(task.task_id, work())
            except ProcessingError as exc:
                self._on_rejected(task.task_id, exc)
            return
        self._pool.start(PrepareJob(task.task_id, work, self._prep_signals))

    def _on_prepared(self, task_id: str, prepared: prep.Prepared) -> None:
        self._preparing.discard(task_id)
        task = self._tasks.get(task_id)
        if task is None or task.status not in (S.CREATED, S.QUEUED):
            return
        taken = {p for t in self._tasks.values() if t.task_id != task_id
                 for p in (t.config.get("output_target"), t.output_path) if p}
        task.inputs = prepared.inputs
        task.config = {**prepared.config, "output_target": prep.free_path(prepared.output_target, taken)}
        for note in prepared.notes:
            task.add_log(note, "warning")
        if prepared.notes:
            task.metadata["prepare_notes"] = list(prepared.notes)  # the CLI repeats them to its caller
        if task.status is S.CREATED:
            task.transition(S.READY, "inputs checked")
            task.transition(S.QUEUED)
        self._commit(task)
        self._schedule()

    def _on_rejected(self, task_id: str, error: ProcessingError) -> None:
        self._preparing.discard(task_id)
        task = self._tasks.get(task_id)
        if task is None or task.status not in (S.CREATED, S.QUEUED):
            return
        if task.status is S.CREATED and task.metadata.get("drop_if_refused"):
            self._refuse(task, error)
            return
        self._fail(task, error)
        self._finished(task)  # announced like any failure

    def _refuse(self, task: Task, error: ProcessingError) -> None:
        """Drop a submission refused before queueing; keep its verdict for the submitter (``refused``)."""
        task.error_code = error.code
        task.error_message = error.detail
        task.transition(S.FAILED, f"refused: {error.code}: {error.detail}", "error")
        self._refused[task.task_id] = copy.deepcopy(task.to_dict())
        while len(self._refused) > REFUSED_KEPT:
            self._refused.popitem(last=False)
        log.info("submission %s refused (%s): %s", task.task_id, error.code, error.detail)
        self._drop(task, delete_output=False)

    # ---------------------------------------------------------------- internals: scheduling and runs
    def _eligible(self, task: Task, ignore_backoff: bool = False) -> bool:
        if task.task_id in self._preparing or "output_target" not in task.config:
            return False
        if self._run_filter is not None and task.task_id not in self._run_filter:
            return False
        return ignore_backoff or self._not_before.get(task.task_id, 0.0) <= time.monotonic()

    def _schedule(self) -> None:
        """Start what the limits allow. Re-entrant calls (a start that ends at once) just ask for another pass."""
        if self._scheduling:
            self._schedule_again = True
            return
        self._scheduling = True
        try:
            self._schedule_again = True
            while self._schedule_again:
                self._schedule_again = False
                if not self._started or self._queue_paused or self._stop_after_current:
                    return
                running_types = [run.task_type for run in self._runs.values()]
                for task in pick_next(self._tasks.values(), running_types, self._settings, self._eligible):
                    if not self._disk_ok(task):
                        return
                    self._start_run(task)
                    if self._schedule_again:
                        break  # something ended meanwhile: pick again from fresh counts
        finally:
            self._scheduling = False

    def _disk_ok(self, task: Task) -> bool:
        low = disk_guard.check([os.path.dirname(task.config["output_target"])], self._settings.min_free_disk_mb)
        if low is None:
            return True
        self._hold_for_disk(low)
        return False

    def _hold_for_disk(self, low: disk_guard.DiskLow) -> None:
        """Pause the queue for lack of space (running tasks go on) and say so once."""
        announce = self._disk_low is None
        self._disk_low = low
        self._disk_checked = time.monotonic()
        if not self._queue_paused:
            self._queue_paused = True
            self.queue_changed.emit()
        if announce:
            log.warning("queue paused: %s MB free in %s, %s MB needed", low.free_bytes // disk_guard.MB, low.folder,
                        low.needed_bytes // disk_guard.MB)
            self.notice.emit("disk_low", low.as_notice())

    def _check_disk(self) -> None:
        """While tasks run: pause when an output folder runs short; while paused for space: resume once it is back."""
        self._disk_checked = time.monotonic()
        min_free = self._settings.min_free_disk_mb
        if self._disk_low is not None:
            if disk_guard.check([self._disk_low.folder], min_free) is None:
                folder = self._disk_low.folder
                self._disk_low = None
                self.notice.emit("disk_ok", {"folder": folder})
                self.resume_queue()
            return
        if self._runs and not self._queue_paused:
            folders = [os.path.dirname(self._tasks[tid].config["output_target"]) for tid in self._runs
                       if tid in self._tasks]
            low = disk_guard.check(folders, min_free)
            if low is not None:
                self._hold_for_disk(low)

    def _start_run(self, task: Task) -> None:
        spec = self._registry.get(task.task_type)
        try:
            processor = spec.load() if spec else None
        except ImportError as exc:
            processor = None
            log.error("processor %s unavailable: %s", task.task_type, exc)
        if processor is None:
            self._fail(task, ProcessingError(f"the {task.task_type} processor is not available",
                                             code="processor_unavailable"))
            return
        if self._adopt_finished_output(task):
            return
        task.attempts += 1
        task.error_code = task.error_message = None
        task.progress_message = stage("starting")
        task.transition(S.RUNNING, f"attempt {task.attempts}/{task.max_attempts}")
        self._not_before.pop(task.task_id, None)
        self._run_counter += 1
        token = CancelToken()
        self._runs[task.task_id] = _Run(self._run_counter, task.task_type, token, time.monotonic(), task.progress)
        self._commit(task)
        worker = TaskWorker(task.task_id, self._run_counter, processor, task.inputs, task.config,
                            task.config["output_target"], task.checkpoint, token, self._signals)
        self._pool.start(worker)

    def _adopt_finished_output(self, task: Task) -> bool:
        """A run killed right after its atomic rename left a finished result at the target: keep it.

        Only a file that appeared at the (unique at preparation) target after the last run started counts,
        so nothing is redone and no second copy is written. ``started_at`` is None until a first run (and
        again after a retry).
        """
        started = parse_utc(task.started_at)
        target = task.config["output_target"]
        if started is None:
            return False
        try:
            mtime = os.path.getmtime(target)
        except OSError:
            return False
        if mtime < started.timestamp() - 1.0:
            return False
        task.attempts += 1  # that run did finish: it takes back the attempt recovery gave back
        task.transition(S.RUNNING, "the interrupted run had already written its result; keeping it")
        work_dir = task.checkpoint.get("work_dir")  # killed between the rename and its own clean-up
        if work_dir:
            self._call("discard_work", lambda: remove_work_dir(work_dir))
        self._runs[task.task_id] = _Run(-1, task.task_type, CancelToken(), time.monotonic(), task.progress)
        self._on_succeeded(task.task_id, -1, Result(target, {"adopted": True}))
        return True

    def _current(self, task_id: str, run_no: int) -> Task | None:
        run = self._runs.get(task_id)
        if run is None or run.run_no != run_no:
            return None
        return self._tasks.get(task_id)

    def _on_progress(self, task_id: str, run_no: int, percent: float, message: str, checkpoint: Any) -> None:
        task = self._current(task_id, run_no)
        if task is None:
            return
        task.progress = percent
        run = self._runs[task_id]
        if not (run.hold or run.user_cancel):  # keep "holding" / "cancelling" in view
            task.progress_message = message
        task.touch()
        if checkpoint is not None:  # resumable work finished: persist now (the writer coalesces)
            task.checkpoint = checkpoint
            self._save(task)
            if run.hold:
                self._stop_for_hold(run)
        else:
            self._dirty.add(task_id)
        self.task_changed.emit(task_id)

    def _end_run(self, task_id: str, run_no: int) -> Task | None:
        task = self._current(task_id, run_no)
        if task is not None:
            del self._runs[task_id]
            self._dirty.discard(task_id)
        return task

    def _on_succeeded(self, task_id: str, run_no: int, result: Any) -> None:
        task = self._end_run(task_id, run_no)
        if task is None:
            return
        task.output_path = result.output_path
        try:
            task.metadata["output_size"] = os.path.getsize(result.output_path)
        except OSError:
            task.metadata["output_size"] = 0
        task.metadata["result"] = result.details
        for level, message in result.log:
            task.add_log(message, level)
        task.progress = 100.0
        task.progress_message = stage("done")
        task.checkpoint = {}
        task.transition(S.COMPLETED, result.output_path)
        self._commit(task)
        self._finished(task)

    def _on_failed(self, task_id: str, run_no: int, error: ProcessingError, checkpoint: Any) -> None:
        task = self._end_run(task_id, run_no)
        if task is None:
            return
        task.checkpoint = checkpoint
        if error.transient and task.attempts < task.max_attempts and task_id not in self._remove_after_run:
            for line in error.log_lines:
                task.add_log(line, "warning")
            delay = min(MAX_BACKOFF_S, 2.0 ** task.attempts)
            self._not_before[task_id] = time.monotonic() + delay
            task.progress_message = stage("waiting_to_retry")
            task.transition(S.QUEUED, f"{error.code}: {error.detail}; retrying in {delay:.0f} s", "warning")
            self._commit(task)
            self._after_run()
            return
        self._fail(task, error)
        self._finished(task)

    def _on_cancelled(self, task_id: str, run_no: int, reason: str, checkpoint: Any) -> None:
        run = self._runs.get(task_id)
        held, user_cancel = (run.hold, run.user_cancel) if run is not None else (False, False)
        task = self._end_run(task_id, run_no)
        if task is None:
            return
        task.checkpoint = checkpoint
        if user_cancel and reason != CancelReason.USER:  # cancelled while a hold was stopping the run
            work_dir = checkpoint.get("work_dir") if isinstance(checkpoint, dict) else None
            if work_dir:
                self._call("discard_work", lambda: remove_work_dir(work_dir))
            task.checkpoint = {}
            reason = CancelReason.USER
        if held and reason == CancelReason.SHUTDOWN:
            # not a failure: the attempt is given back, as after a quit
            task.attempts = max(0, task.attempts - 1)
            task.progress_message = stage("held")
            task.transition(S.PAUSED, "held by the user; resumes from its checkpoint")
            self._commit(task)
        elif reason == CancelReason.SHUTDOWN:
            task.transition(S.INTERRUPTED, "stopped because the app is quitting; will resume")
            self._commit(task)
        elif reason == CancelReason.TIMEOUT:
            minutes = self._settings.task_timeout_minutes
            self._fail(task, ProcessingError(f"took longer than the {minutes} min limit", code=ErrorCode.TIMEOUT))
        else:
            task.progress_message = stage("cancelled")
            task.transition(S.CANCELLED, "cancelled by the user")
            self._commit(task)
        self._finished(task)

    def _fail(self, task: Task, error: ProcessingError) -> None:
        for line in error.log_lines:
            task.add_log(line, "error")
        task.error_code = error.code
        task.error_message = error.detail
        task.transition(S.FAILED, f"{error.code}: {error.detail}", "error")
        self._commit(task)

    def _finished(self, task: Task) -> None:
        delete_output = self._remove_after_run.pop(task.task_id, None)
        if delete_output is not None:
            self._drop(task, delete_output)
        elif task.status.is_finished and not task.notified:
            self.notice.emit("finished", {"task_id": task.task_id, "status": task.status.value})
        self._after_run()

    def _after_run(self) -> None:
        self._maybe_finish_stop_after_current()
        self._schedule()

    def _maybe_finish_stop_after_current(self) -> None:
        if self._stop_after_current and not self._runs:
            self._stop_after_current = False
            self._queue_paused = True
            self.queue_changed.emit()

    def _on_tick(self) -> None:
        timeout = self._settings.task_timeout_minutes * 60
        now = time.monotonic()
        if timeout:
            for run in self._runs.values():
                if now - run.started > timeout and not run.token.cancelled:
                    run.token.cancel(CancelReason.TIMEOUT)
        if any(t <= now for t in self._not_before.values()):
            self._schedule()
        if now - self._disk_checked >= DISK_CHECK_S and (self._runs or self._disk_low is not None):
            self._check_disk()

    def refresh_usage(self) -> None:
        """Recompute temp and store disk usage in the background (stats() reports the last figures)."""
        temp_dir, store = self._temp_dir, self._store
        self._call("usage", lambda: {"temp_bytes": housekeeping.dir_size(temp_dir) if temp_dir else 0,
                                     "store_bytes": store.usage_bytes()})

    def _call(self, name: str, fn: Any) -> None:
        self._pool.start(CallJob(name, fn, self._call_signals))

    def _on_call_done(self, name: str, result: Any) -> None:
        if isinstance(result, Exception):
            return
        if name == "usage":
            self._usage = result
        elif name == "cleaned" and result["removed"]:
            self.notice.emit("cleaned", result)

    # ---------------------------------------------------------------- internals: persistence
    def _get(self, task_id: str) -> Task:
        task = self._tasks.get(task_id)
        if task is None:
            raise UnknownTask(task_id)
        return task

    def _save(self, task: Task) -> None:
        self._dirty.discard(task.task_id)
        self._writer.put(copy.deepcopy(task.to_dict()))

    def _commit(self, task: Task) -> None:
        """Persist a state change at once and tell the views."""
        self._save(task)
        self.task_changed.emit(task.task_id)

    def _flush_dirty(self) -> None:
        for task_id in list(self._dirty):
            task = self._tasks.get(task_id)
            if task is not None:
                self._save(task)
        self._dirty.clear()

    def flush(self, timeout_s: float = 30.0) -> bool:
        """Write everything pending and wait until it is durable."""
        self._flush_dirty()
        return self._writer.flush(timeout_s)

    def _drop(self, task: Task, delete_output: bool) -> None:
        if delete_output and task.output_path:
            try:
                os.remove(task.output_path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                self.notice.emit("delete_failed", {"path": task.output_path, "reason": exc.strerror})
        work_dir = task.checkpoint.get("work_dir")
        if work_dir:
            self._call("discard_work", lambda: remove_work_dir(work_dir))
        self._tasks.pop(task.task_id, None)
        self._not_before.pop(task.task_id, None)
        self._dirty.discard(task.task_id)
        self._writer.delete(task.task_id)
        self.task_removed.emit(task.task_id)

    def _on_store_failed(self, task_id: str, reason: str) -> None:
        self.notice.emit("store_error", {"task_id": task_id, "reason": reason, "at": utc_now()})
