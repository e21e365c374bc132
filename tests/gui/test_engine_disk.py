"""The engine's free-space guard (before a start and while tasks run) and ENOSPC during a task."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pytest

import processors.steps
from mediacraft_desktop import disk_guard
from mediacraft_desktop import engine as engine_module
from mediacraft_desktop.states import TaskStatus
from storage import open_store
from tests.engine_helpers import input_file, make_engine, wait_until

S = TaskStatus
MB = 1024 * 1024


class FakeDisk:
    """Stands in for the free-space probe: ``free`` bytes everywhere, counting the calls."""

    def __init__(self, free: int) -> None:
        self.free = free
        self.calls: list[str] = []

    def __call__(self, folder: str) -> int:
        self.calls.append(folder)
        return self.free


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FakeDisk:
    fake = FakeDisk(10 * 1024 * MB)
    monkeypatch.setattr(disk_guard, "free_bytes", fake)
    monkeypatch.setattr(engine_module, "DISK_CHECK_S", 0.2)
    return fake


@pytest.fixture
def engines(qtbot, _private_data_dir: Path):
    made = []

    def factory(**settings):
        engine = make_engine(_private_data_dir, **settings)
        made.append(engine)
        return engine

    yield factory
    for engine in made:
        engine.shutdown()


def record_notices(engine) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    engine.notice.connect(lambda kind, data: seen.append((kind, data)))
    return seen


def test_low_space_before_start_holds_the_queue_until_space_is_back(engines, disk, qtbot, tmp_path: Path):
    engine = engines(min_free_disk_mb=100)
    notices = record_notices(engine)
    disk.free = 10 * MB
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 2, "step_s": 0.01})
    wait_until(qtbot, lambda: engine.queue_paused, 5000)
    qtbot.wait(600)  # several ticks and schedule passes: still one notice, nothing started
    low = [data for kind, data in notices if kind == "disk_low"]
    out_dir = str(Path(engine.settings.output_dir))
    assert low == [{"folder": out_dir, "free_bytes": 10 * MB, "needed_bytes": 100 * MB}]
    assert engine.disk_low == low[0]
    assert engine.task(task_id).status is S.QUEUED and engine.task(task_id).attempts == 0

    disk.free = 500 * MB
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED, 10000)
    assert ("disk_ok", {"folder": out_dir}) in notices
    assert not engine.queue_paused and engine.disk_low is None


def test_space_running_out_during_a_run_pauses_the_queue(engines, disk, qtbot, tmp_path: Path):
    engine = engines(min_free_disk_mb=100, max_concurrent=1)
    notices = record_notices(engine)
    engine.start()
    first = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 30, "step_s": 0.05})
    wait_until(qtbot, lambda: engine.task(first).status is S.RUNNING, 5000)
    second = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.0})
    wait_until(qtbot, lambda: engine.task(second).status is S.QUEUED, 5000)  # waits for the one slot
    calls_before = len(disk.calls)
    disk.free = 50 * MB
    wait_until(qtbot, lambda: engine.queue_paused, 3000)
    assert len(disk.calls) > calls_before  # found by the periodic check, not by a start
    assert engine.task(first).status is S.RUNNING  # the running task goes on (it fails itself if space ends)
    wait_until(qtbot, lambda: engine.task(first).status is S.COMPLETED, 10000)
    qtbot.wait(500)
    assert engine.task(second).status is S.QUEUED  # nothing new starts while space is short
    assert [kind for kind, _ in notices].count("disk_low") == 1

    disk.free = 200 * MB
    wait_until(qtbot, lambda: engine.task(second).status is S.COMPLETED, 10000)
    assert [kind for kind, _ in notices].count("disk_ok") == 1


def test_the_users_pause_is_not_lifted_by_the_guard(engines, disk, qtbot, tmp_path: Path):
    engine = engines(min_free_disk_mb=100)
    disk.free = 1 * MB
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.0})
    wait_until(qtbot, lambda: engine.disk_low is not None, 5000)
    engine.pause_queue()  # the user takes over
    disk.free = 500 * MB
    qtbot.wait(800)
    assert engine.queue_paused and engine.task(task_id).status is S.QUEUED
    engine.resume_queue()
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED, 5000)


def test_resuming_by_hand_while_still_short_pauses_again(engines, disk, qtbot, tmp_path: Path):
    engine = engines(min_free_disk_mb=100)
    notices = record_notices(engine)
    disk.free = 1 * MB
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.0})
    wait_until(qtbot, lambda: engine.queue_paused, 5000)
    engine.resume_queue()
    assert engine.queue_paused and engine.task(task_id).status is S.QUEUED
    assert [kind for kind, _ in notices].count("disk_low") == 2  # said again: the user asked


def test_guard_off_never_asks(engines, disk, qtbot, tmp_path: Path):
    engine = engines(min_free_disk_mb=0)
    disk.free = 0
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 3, "step_s": 0.1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED, 5000)
    assert disk.calls == []


class _FullDiskFile(io.TextIOWrapper):
    """A real temp file whose data never reaches the disk: flushing raises ENOSPC like a full file system."""

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", self.name)


def test_enospc_during_a_task_fails_it_with_disk_full(engines, qtbot, tmp_path: Path, monkeypatch,
                                                      _private_data_dir: Path):
    def full_open(path, mode="r", encoding=None, **kwargs):
        if "w" in mode and ".mediacraft-" in str(path):
            return _FullDiskFile(open(path, "wb"), encoding=encoding or "utf-8")  # noqa: SIM115
        return open(path, mode, encoding=encoding, **kwargs)  # noqa: SIM115

    monkeypatch.setattr(processors.steps, "open", full_open, raising=False)
    engine = engines(max_concurrent=2)
    engine.start()
    done = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.0})
    wait_until(qtbot, lambda: engine.task(done).status is S.FAILED, 5000)
    task = engine.task(done)
    assert task.error_code == "disk_full" and "no space left" in task.error_message
    out_dir = Path(engine.settings.output_dir)
    assert [p.name for p in out_dir.iterdir()] == []  # no temp file, no result
    monkeypatch.undo()
    other = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 2, "step_s": 0.0})
    wait_until(qtbot, lambda: engine.task(other).status is S.COMPLETED, 5000)
    engine.flush()
    stored = {d["task_id"]: d for d in open_store(_private_data_dir).load_all()}
    assert stored[done]["status"] == "failed" and stored[done]["error_code"] == "disk_full"
    assert stored[other]["status"] == "completed"
    assert json.loads(json.dumps(stored[done]))["log"][-1]["level"] == "error"


def test_window_says_why_the_queue_waits_and_when_it_goes_on(disk, qtbot, gui_factory, data_dir: Path,
                                                              tmp_path: Path):
    from dataclasses import replace

    gui = gui_factory()
    gui.engine.apply_settings(replace(gui.engine.settings, min_free_disk_mb=2048))
    disk.free = 300 * MB
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.0})
    notices = gui.window.notices
    qtbot.waitUntil(lambda: any("queue is paused" in t for t in notices.texts()), timeout=5000)
    text = next(t for t in notices.texts() if "queue is paused" in t)
    folder = gui.engine.settings.output_dir
    locale = gui.window.locale()
    assert folder in text and locale.formattedDataSize(300 * MB, 1) in text
    assert locale.formattedDataSize(2048 * MB, 1) in text
    assert gui.engine.task(task_id).status is S.QUEUED

    disk.free = 4096 * MB
    qtbot.waitUntil(lambda: gui.engine.task(task_id).status is S.COMPLETED, timeout=10000)
    qtbot.waitUntil(lambda: not any("queue is paused" in t for t in notices.texts()), timeout=3000)
    assert any("Free space is back" in t and folder in t for t in notices.texts())


class BreaksOnCancel:
    """A processor whose cancel breaks something underneath it (a pipe closed, a file gone) instead of raising
    Cancelled; ``config["error"]`` picks what it raises, ``config["cancel_wait_s"]`` how long it waits."""

    task_type = "breaks_on_cancel"

    def validate(self, inputs, config):
        return dict(config)

    def default_output_name(self, inputs, config):
        return "never.txt"

    def run(self, inputs, config, output_path, progress, cancel, checkpoint):
        cancel.wait(config.get("cancel_wait_s", 10.0))
        raise {"pipe": BrokenPipeError(32, "Broken pipe"), "value": ValueError("I/O operation on closed file"),
               "ffmpeg": processors.steps.ProcessingError("encoder failed", code="ffmpeg_failed")}[config["error"]]


breaks_on_cancel = BreaksOnCancel()


@pytest.mark.parametrize("error", ["pipe", "value", "ffmpeg"])
def test_whatever_breaks_after_a_cancel_ends_as_cancelled(qtbot, tmp_path: Path, _private_data_dir: Path, error: str):
    from mediacraft_desktop.engine import TaskEngine
    from mediacraft_desktop.registry import ProcessorSpec, default_registry
    from mediacraft_desktop.settings import Settings

    def extra(registry) -> None:
        registry.register(ProcessorSpec("breaks_on_cancel", f"{__name__}:breaks_on_cancel", extensions=None,
                                        probe_inputs=False))

    engine = TaskEngine(open_store(_private_data_dir), Settings(output_dir=str(tmp_path / "out"), min_free_disk_mb=0),
                        default_registry(extra))
    try:
        engine.start()
        cancelled = engine.submit("breaks_on_cancel", [input_file(tmp_path)], {"error": error})
        wait_until(qtbot, lambda: engine.task(cancelled).status is S.RUNNING, 5000)
        engine.cancel(cancelled)
        failing = engine.submit("breaks_on_cancel", [input_file(tmp_path)], {"error": error, "cancel_wait_s": 0.0})
        wait_until(qtbot, lambda: engine.task(cancelled).status.is_finished and engine.task(failing).status.is_finished,
                   10000)
        assert engine.task(cancelled).status is S.CANCELLED
        failed = engine.task(failing)  # the same error without a cancel is a failure, in words
        assert failed.status is S.FAILED
        assert failed.error_code == {"pipe": "output_unwritable", "value": "internal", "ffmpeg": "ffmpeg_failed"}[error]
    finally:
        engine.shutdown()
