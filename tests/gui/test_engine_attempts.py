"""Attempt counting across quits and crashes: an interrupted run is not a failed attempt.

The engine is quit (``shutdown``, as the GUI's quit does) or "killed" (its store left with a ``running``
task, as after SIGKILL) while a task runs; a new engine on the same store resumes it. Only runs that ended
in an error count, so the resumed run is attempt 1 again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from mediacraft_desktop.states import TaskStatus
from tests.engine_helpers import input_file, make_engine, wait_until

S = TaskStatus


def _attempt_lines(task) -> list[str]:
    return [e["message"].split(": ", 1)[1] for e in task.log if e["message"].startswith("queued -> running: attempt")]


def _running_task(qtbot, data_dir: Path, tmp_path: Path, steps: int = 40):
    engine = make_engine(data_dir)
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": steps, "step_s": 0.05})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.RUNNING and engine.task(task_id).progress > 0)
    return engine, task_id


def test_quit_and_resume_keeps_attempt_one(qtbot, tmp_path: Path, _private_data_dir: Path):
    engine, task_id = _running_task(qtbot, _private_data_dir, tmp_path)
    for _ in range(3):  # each quit/restart gives its attempt back, however often
        engine.shutdown()
        assert engine.task(task_id).status is S.INTERRUPTED
        engine = make_engine(_private_data_dir)
        engine.start()
        wait_until(qtbot, lambda e=engine: e.task(task_id).status in (S.RUNNING, S.COMPLETED))
    wait_until(qtbot, lambda: engine.task(task_id).status is S.COMPLETED)
    task = engine.task(task_id)
    assert task.attempts == 1
    assert _attempt_lines(task) == ["attempt 1/3"] * 4
    assert Path(task.output_path).read_text() == "".join(f"step {i}\n" for i in range(40))
    engine.shutdown()


def _killed_while_running(qtbot, tmp_path: Path, data_dir: Path) -> tuple[str, dict]:
    """What a SIGKILL leaves: the task's document as last written while it ran (the engine is gone)."""
    engine, task_id = _running_task(qtbot, data_dir, tmp_path)
    engine.flush()
    path = data_dir / "tasks" / f"{task_id}.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    engine.shutdown()
    path.write_text(json.dumps(stored), encoding="utf-8")
    return task_id, stored


def test_killed_run_resumes_as_attempt_one(qtbot, tmp_path: Path, _private_data_dir: Path):
    task_id, stored = _killed_while_running(qtbot, tmp_path, _private_data_dir)
    assert stored["status"] == "running" and stored["attempts"] == 1
    again = make_engine(_private_data_dir)
    again.start()
    wait_until(qtbot, lambda: again.task(task_id).status is S.COMPLETED)
    assert again.task(task_id).attempts == 1
    assert _attempt_lines(again.task(task_id)) == ["attempt 1/3", "attempt 1/3"]
    again.shutdown()


def test_failed_attempts_still_count_after_a_quit(qtbot, tmp_path: Path, _private_data_dir: Path):
    engine = make_engine(_private_data_dir, max_attempts=3)
    engine.start()
    task_id = engine.submit("test_steps", [input_file(tmp_path)],
                            {"steps": 40, "step_s": 0.05, "transient_fail_times": 1})
    wait_until(qtbot, lambda: engine.task(task_id).attempts == 2 and engine.task(task_id).status is S.RUNNING
               and engine.task(task_id).progress > 0)
    engine.shutdown()
    again = make_engine(_private_data_dir, max_attempts=3)
    again.start()
    wait_until(qtbot, lambda: again.task(task_id).status is S.COMPLETED)
    assert again.task(task_id).attempts == 2  # the transient failure counts, the quit does not
    again.shutdown()


def test_result_renamed_before_the_kill_is_adopted(qtbot, tmp_path: Path, _private_data_dir: Path):
    task_id, stored = _killed_while_running(qtbot, tmp_path, _private_data_dir)
    target = Path(stored["config"]["output_target"])
    target.write_text("finished before the kill\n")  # the run had renamed its result into place
    now = time.time()
    os.utime(target, (now, now))
    again = make_engine(_private_data_dir)
    again.start()
    wait_until(qtbot, lambda: again.task(task_id).status is S.COMPLETED)
    task = again.task(task_id)
    assert task.output_path == str(target) and target.read_text() == "finished before the kill\n"
    assert task.attempts == 1 and task.metadata["result"] == {"adopted": True}
    again.shutdown()
