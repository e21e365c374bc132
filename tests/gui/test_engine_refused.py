"""Submissions refused by the input check: a failed task in the list (GUI), or no task at all (CLI)."""

from __future__ import annotations

from pathlib import Path

from mediacraft_desktop.states import TaskStatus
from tests.engine_helpers import make_engine, wait_until

S = TaskStatus


def _empty(tmp_path: Path) -> str:
    path = tmp_path / "-空 'x'.bin"
    path.write_bytes(b"")
    return str(path)


def test_refused_submission_without_keep_leaves_no_task(qtbot, tmp_path: Path, _private_data_dir: Path):
    engine = make_engine(_private_data_dir)
    engine.start()
    removed: list[str] = []
    engine.task_removed.connect(removed.append)
    task_id = engine.submit("test_steps", [_empty(tmp_path)], {"steps": 1}, keep_refused=False)
    wait_until(qtbot, lambda: removed == [task_id])
    assert engine.task(task_id) is None and engine.tasks() == []
    verdict = engine.refused(task_id)
    assert verdict["status"] == "failed" and verdict["error_code"] == "input_invalid"
    assert "-空 'x'.bin" in verdict["error_message"]
    assert engine.stats()["by_status"]["failed"] == 0 and engine.stats()["total"] == 0
    engine.flush()
    assert list((_private_data_dir / "tasks").glob("*.json")) == []
    engine.shutdown()
    again = make_engine(_private_data_dir)
    again.start(run=False)
    assert again.tasks() == []
    again.shutdown()


def test_refused_submission_kept_by_default_as_failed(qtbot, tmp_path: Path, _private_data_dir: Path):
    engine = make_engine(_private_data_dir)
    engine.start()
    task_id = engine.submit("test_steps", [_empty(tmp_path)], {"steps": 1})
    wait_until(qtbot, lambda: engine.task(task_id).status is S.FAILED)
    assert engine.task(task_id).error_code == "input_invalid" and engine.refused(task_id) is None
    engine.shutdown()
