"""TaskEngine behaviour with the real thread pool and the step-working test processor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mediacraft_desktop.states import TaskStatus
from tests.engine_helpers import all_finished, input_file, make_engine, wait_until

S = TaskStatus


@pytest.fixture
def engine_factory(qtbot, _private_data_dir: Path):
    engines = []

    def factory(**settings):
        engine = make_engine(_private_data_dir, **settings)
        engines.append(engine)
        return engine

    yield factory
    for engine in engines:
        engine.shutdown()


def test_submit_runs_to_completion_and_persists(engine_factory, qtbot, tmp_path: Path, _private_data_dir: Path):
    engine = engine_factory()
    engine.start()
    with qtbot.waitSignal(engine.task_added, timeout=2000):
        task_id = engine.submit("test_steps", [input_file(tmp_path, "片段 'a' -x.bin")], {"steps": 4, "step_s": 0.02})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED)
    task = engine.task(task_id)
    assert task.progress == 100.0 and task.attempts == 1
    assert Path(task.output_path).read_text() == "".join(f"step {i}\n" for i in range(4))
    assert Path(task.output_path).name == "片段 'a' -x_steps.txt"
    messages = [e["message"] for e in task.log]
    assert any("created -> ready" in m for m in messages) and any("running -> completed" in m for m in messages)
    engine.flush()
    stored = json.loads((_private_data_dir / "tasks" / f"{task_id}.json").read_text(encoding="utf-8"))
    assert stored["status"] == "completed" and stored["output_path"] == task.output_path


def test_missing_input_fails_with_code(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    task_id = engine.submit("test_steps", [str(tmp_path / "nope.bin")], {})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED)
    assert engine.task(task_id).error_code == "input_missing"


def test_concurrency_limits_are_never_exceeded(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_concurrent=3, per_type_limits={"test_steps": 2, "test_steps_b": 1})
    observed = {"total": 0, "a": 0, "b": 0}

    def on_change(_task_id: str) -> None:
        running = [t for t in engine.tasks() if t.status is S.RUNNING]
        observed["total"] = max(observed["total"], len(running))
        observed["a"] = max(observed["a"], sum(t.task_type == "test_steps" for t in running))
        observed["b"] = max(observed["b"], sum(t.task_type == "test_steps_b" for t in running))

    engine.task_changed.connect(on_change)
    engine.start()
    src = input_file(tmp_path)
    ids = [engine.submit("test_steps", [src], {"steps": 3, "step_s": 0.05}) for _ in range(6)]
    ids += [engine.submit("test_steps_b", [src], {"steps": 3, "step_s": 0.05}) for _ in range(4)]
    wait_until(qtbot, lambda: all_finished(engine, ids), 30000)
    assert all(engine.task(i).status is S.COMPLETED for i in ids)
    assert observed == {"total": 3, "a": 2, "b": 1}


def test_priority_order(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_concurrent=1, per_type_limits={})
    started: list[str] = []
    engine.task_changed.connect(
        lambda i: engine.task(i).status is S.RUNNING and i not in started and started.append(i))
    engine.start()
    engine.pause_queue()
    src = input_file(tmp_path)
    ids = {p: engine.submit("test_steps", [src], {"steps": 1, "step_s": 0.01}, priority=p) for p in (0, 5, -1, 9)}
    late_low = engine.submit("test_steps", [src], {"steps": 1, "step_s": 0.01}, priority=5)
    wait_until(qtbot, lambda: all(engine.task(i).status is S.QUEUED for i in [*ids.values(), late_low]))
    engine.set_priority(ids[-1], 7)
    engine.resume_queue()
    wait_until(qtbot, lambda: all_finished(engine, [*ids.values(), late_low]))
    assert started == [ids[9], ids[-1], ids[5], late_low, ids[0]]


def test_cancel_running_and_queued(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_concurrent=1, per_type_limits={})
    engine.start()
    src = input_file(tmp_path)
    running = engine.submit("test_steps", [src], {"steps": 200, "step_s": 0.05})
    wait_until(qtbot, lambda: engine.task(running).status is S.RUNNING)
    queued = engine.submit("test_steps", [src], {"steps": 2, "step_s": 0.01})
    wait_until(qtbot, lambda: engine.task(queued).status is S.QUEUED)
    assert engine.cancel(queued)
    assert engine.task(queued).status is S.CANCELLED
    wait_until(qtbot, lambda: engine.task(running).progress > 0)
    assert engine.cancel(running)
    wait_until(qtbot, lambda: engine.task(running).status is S.CANCELLED, 5000)
    out_dir = Path(engine.settings.output_dir)
    assert list(out_dir.iterdir()) == []  # no partial result anywhere
    assert not engine.cancel(running)  # finished tasks cannot be cancelled


def test_retry_after_cancel_resumes_from_checkpoint(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    trace = tmp_path / "trace.txt"
    task_id = engine.submit("test_steps", [input_file(tmp_path)],
                            {"steps": 40, "step_s": 0.03, "trace_path": str(trace)})
    wait_until(qtbot, lambda: engine.task(task_id).checkpoint.get("steps_done", 0) >= 5)
    engine.cancel(task_id)
    wait_until(qtbot, lambda: engine.task(task_id).status is S.CANCELLED)
    done_at_cancel = engine.task(task_id).checkpoint["steps_done"]
    assert engine.retry(task_id)
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED)
    executed = trace.read_text().splitlines()
    assert len(executed) <= 40 + 1  # at most the step in flight is done twice
    assert engine.task(task_id).metadata["result"]["resumed_from"] == done_at_cancel


def test_permanent_failure_then_manual_retry(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 3, "step_s": 0.01, "fail_at": 1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED)
    task = engine.task(task_id)
    assert task.error_code == "internal" and "step 1" in task.error_message and task.attempts == 1
    assert any(e["level"] == "error" and e["message"] == "step 1 failed" for e in task.log)
    assert engine.retry(task_id)
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED)
    assert engine.task(task_id).attempts == 1


def test_transient_errors_retry_automatically_with_backoff(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_attempts=3)
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)],
                            {"steps": 2, "step_s": 0.01, "transient_fail_times": 2})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED, 20000)
    task = engine.task(task_id)
    assert task.attempts == 3
    assert sum("retrying in" in e["message"] for e in task.log) == 2


def test_transient_errors_stop_at_max_attempts(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_attempts=2)
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "transient_fail_times": 5})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED, 20000)
    assert engine.task(task_id).attempts == 2


def test_timeout_fails_the_task(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(task_timeout_minutes=0.01)  # 0.6 s
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 100, "step_s": 0.1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED, 10000)
    assert engine.task(task_id).error_code == "timeout"


def test_pause_resume_and_stop_after_current(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory(max_concurrent=1, per_type_limits={})
    engine.start()
    src = input_file(tmp_path)
    first = engine.submit("test_steps", [src], {"steps": 10, "step_s": 0.03})
    wait_until(qtbot, lambda: engine.task(first).status is S.RUNNING)
    second = engine.submit("test_steps", [src], {"steps": 1, "step_s": 0.01})
    wait_until(qtbot, lambda: engine.task(second).status is S.QUEUED)
    with qtbot.waitSignal(engine.queue_changed):
        engine.set_stop_after_current(True)
    wait_until(qtbot, lambda: engine.task(first).status is S.COMPLETED)
    qtbot.wait(300)
    assert engine.queue_paused and not engine.stop_after_current
    assert engine.task(second).status is S.QUEUED
    engine.resume_queue()
    wait_until(qtbot, lambda: engine.task(second).status is S.COMPLETED)


def test_pause_and_resume_single_task(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    engine.pause_queue()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.QUEUED)
    assert engine.pause_task(task_id)
    engine.resume_queue()
    qtbot.wait(300)
    assert engine.task(task_id).status is S.PAUSED
    assert engine.resume_task(task_id)
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED)


def test_remove_running_task_with_output(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    src = input_file(tmp_path)
    done = engine.submit("test_steps", [src], {"steps": 1})
    wait_until(qtbot, lambda: engine.task(done).status is S.COMPLETED)
    output = Path(engine.task(done).output_path)
    with qtbot.waitSignal(engine.task_removed):
        engine.remove(done, delete_output=True)
    assert not output.exists() and engine.task(done) is None
    running = engine.submit("test_steps", [src], {"steps": 100, "step_s": 0.05})
    wait_until(qtbot, lambda: engine.task(running).status is S.RUNNING)
    with qtbot.waitSignal(engine.task_removed, timeout=5000):
        engine.remove(running)
    engine.flush()
    assert not (Path(engine._store.root) / f"{running}.json").exists()  # noqa: SLF001


def test_progress_signals_are_throttled(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 400, "step_s": 0.0025})
    changes = []
    engine.task_changed.connect(lambda i: i == task_id and changes.append(engine.task(i).progress))
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED)
    # 400 progress calls in >= 1 s, at most 10 signals per second get through (plus state changes)
    assert 5 <= len(changes) < 60


def test_stats_and_notified(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    finished = []
    engine.notice.connect(lambda kind, data: kind == "finished" and finished.append(data["task_id"]))
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1})
    wait_until(qtbot, lambda: finished == [task_id])
    stats = engine.stats()
    assert stats["total"] == 1 and stats["by_status"]["completed"] == 1
    assert stats["by_type"] == {"test_steps": 1} and stats["results_bytes"] > 0
    engine.mark_notified(task_id)
    assert engine.task(task_id).notified


def test_start_cleans_what_dead_runs_left(qtbot, tmp_path: Path, _private_data_dir: Path):
    from mediacraft_desktop.engine import TaskEngine
    from mediacraft_desktop.settings import Settings
    from storage import open_store
    from tests.engine_helpers import make_registry

    engine = make_engine(_private_data_dir)
    engine.start()
    engine.pause_queue()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.QUEUED)
    target = Path(engine.task(task_id).config["output_target"])
    engine.shutdown()
    partial = target.with_name(f".{target.stem}.mediacraft-1a2b3c4d.part{target.suffix}")
    partial.write_text("half")
    unrelated = target.with_name(".someone-else.part.txt")
    unrelated.write_text("keep")
    temp = tmp_path / "temp"
    (temp / "job").mkdir(parents=True)
    (temp / "job" / "seg.mkv").write_bytes(b"x" * 100)
    notices = []
    again = TaskEngine(open_store(_private_data_dir), Settings(output_dir=str(target.parent), min_free_disk_mb=0),
                       make_registry(), temp_dir=str(temp))
    again.notice.connect(lambda kind, data: notices.append((kind, data)))
    again.start(run=False)
    wait_until(qtbot, lambda: any(kind == "cleaned" for kind, _ in notices))
    assert not partial.exists() and unrelated.exists() and list(temp.iterdir()) == []
    assert dict(notices)["cleaned"] == {"removed": 2, "freed_bytes": 104}
    wait_until(qtbot, lambda: again.stats()["store_bytes"] > 0)
    again.shutdown()


def test_corrupt_task_file_is_reported_once(qtbot, _private_data_dir: Path):
    tasks_dir = _private_data_dir / "tasks"
    tasks_dir.mkdir(parents=True, exist_ok=True)
    (tasks_dir / "0b7e4c1e-5d7a-4a57-9a55-1b1f1c0c9f00.json").write_text("{ broken")
    for expected in (1, 0):
        engine = make_engine(_private_data_dir)
        notices = []
        engine.notice.connect(lambda kind, data, notices=notices: notices.append((kind, data)))
        engine.start(run=False)
        reported = [data for kind, data in notices if kind == "quarantined"]
        assert len(reported) == expected
        if expected:
            assert reported[0]["files"] == ["0b7e4c1e-5d7a-4a57-9a55-1b1f1c0c9f00.json"]
        engine.shutdown()


def test_remove_deletes_the_work_folder_of_unfinished_work(engine_factory, qtbot, tmp_path: Path):
    engine = engine_factory()
    engine.start()
    engine.pause_queue()
    src = input_file(tmp_path)
    work = tmp_path / ".clip_merged.mediacraft-work-0123abcd"
    work.mkdir()
    (work / "clip_0.mkv").write_bytes(b"x" * 100)
    other = tmp_path / "keep-me"
    other.mkdir()
    ids = [engine.submit("test_steps", [src], {"steps": 1}) for _ in range(2)]
    wait_until(qtbot, lambda: all(engine.task(i).status is S.QUEUED for i in ids))
    engine.task(ids[0]).checkpoint["work_dir"] = str(work)
    engine.task(ids[1]).checkpoint["work_dir"] = str(other)  # not a work folder: never deleted
    for task_id in ids:
        engine.remove(task_id)
    wait_until(qtbot, lambda: not work.exists())
    qtbot.wait(200)
    assert other.is_dir()
