"""Hold on a running removal: it stops at its next checkpoint, keeps its finished segments, and a release
resumes from them (the result says how many segments were reused rather than encoded again)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from processors.probe import count_frames
from tests.gui.conftest import input_file
from tests.gui.test_tasks_dock import click_task, make_dock, status
from tests.media_factory import make_clip
from ui.tasks.model import Column, Role

WATERMARK = "drawbox=x=200:y=20:w=90:h=36:color=white@0.9:t=fill"
# 4 s at 25 fps in 0.8 s segments: 5 segments of 20 frames
CONFIG = {"regions": [{"x": 196, "y": 16, "w": 98, "h": 44}], "preset": "veryfast", "segment_s": 0.8,
          "method": "interp"}


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "-held clip 片段.mp4", duration=4.0, size="320x240", extra=["-vf", WATERMARK])


def test_hold_a_running_removal_keeps_its_segments_and_release_resumes(qtbot, engine, clip, tmp_path):
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("watermark_removal", [str(clip)], CONFIG)
    held_at: list[int] = []

    def hold_after_first_segment(changed: str) -> None:
        task = engine.task(changed)
        if changed == task_id and not held_at and len(task.checkpoint.get("segments", [])) >= 1:
            held_at.append(len(task.checkpoint["segments"]))
            click_task(qtbot, dock, task_id)
            assert dock.actions.hold.isEnabled()  # a running task can be held
            dock.actions.hold.trigger()

    engine.task_changed.connect(hold_after_first_segment)
    qtbot.waitUntil(lambda: status(engine, task_id) in ("paused", "completed", "failed"), timeout=90000)
    engine.task_changed.disconnect(hold_after_first_segment)
    task = engine.task(task_id)
    assert task.status.value == "paused", task.error_message
    assert held_at == [1]
    segments = task.checkpoint["segments"]
    assert 1 <= len(segments) < 5  # stopped at a checkpoint before the end
    work = Path(task.checkpoint["work_dir"])
    assert work.is_dir()
    for record in segments:  # the finished segments are on disk
        assert any(name.startswith(f"seg_{record['index']:05d}") for name in os.listdir(work))
    assert not os.path.exists(task.config["output_target"])
    assert task.attempts == 0  # a hold is not a failed attempt
    assert any("held by the user; resumes from its checkpoint" in e["message"] for e in task.log)
    dock.model.flush()
    assert dock.model.index_of(task_id, Column.STATUS).data() == "Held"
    assert dock.model.index_of(task_id, Column.PROGRESS).data(Role.STAGE) == "Held"
    kept = len(segments)

    click_task(qtbot, dock, task_id)
    qtbot.waitUntil(dock.actions.release.isEnabled, timeout=2000)  # the dock refreshes its actions
    assert not dock.actions.hold.isEnabled()
    dock.actions.release.trigger()
    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=90000)
    task = engine.task(task_id)
    assert task.status.value == "completed", task.error_message
    done = task.metadata["result"]["segments"]
    assert done["count"] == 5
    assert done["resumed"] == kept and done["encoded"] == 5 - kept  # the held segments were not redone
    assert count_frames(task.output_path) == 100
    assert not work.exists()  # the work folder goes once the result is in place


def test_hold_and_release_running_steps_resume_from_the_checkpoint(qtbot, engine, tmp_path):
    """The ``test_steps`` processor checkpoints every step: a held run resumes after its last finished step."""
    dock = make_dock(qtbot, engine)
    trace = tmp_path / "trace.txt"
    task_id = engine.submit("test_steps", [input_file(tmp_path)],
                            {"steps": 30, "step_s": 0.05, "trace_path": str(trace)})
    qtbot.waitUntil(lambda: engine.task(task_id).checkpoint.get("steps_done", 0) >= 3, timeout=10000)
    click_task(qtbot, dock, task_id)
    dock.actions.hold.trigger()
    assert dock.model.index_of(task_id).data(Role.STAGE) == "Holding…"
    qtbot.waitUntil(lambda: status(engine, task_id) == "paused", timeout=5000)
    done = engine.task(task_id).checkpoint["steps_done"]
    assert 3 <= done < 30
    qtbot.wait(300)
    assert engine.task(task_id).checkpoint["steps_done"] == done  # held: nothing runs
    click_task(qtbot, dock, task_id)
    qtbot.waitUntil(dock.actions.release.isEnabled, timeout=2000)
    dock.actions.release.trigger()
    qtbot.waitUntil(lambda: status(engine, task_id) == "completed", timeout=20000)
    assert engine.task(task_id).metadata["result"]["resumed_from"] == done
    executed = trace.read_text().split("\n")[:-1]
    assert len(executed) <= 31  # at most the step in flight when the hold landed ran twice


def test_cancel_while_a_hold_is_stopping_the_run_cancels(qtbot, engine, tmp_path):
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 30, "step_s": 0.05})
    qtbot.waitUntil(lambda: engine.task(task_id).checkpoint.get("steps_done", 0) >= 1, timeout=10000)
    assert engine.pause_task(task_id)
    assert engine.cancel(task_id)
    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=5000)
    assert status(engine, task_id) == "cancelled"


def test_bulk_hold_and_release_on_a_mixed_selection(qtbot, engine_factory, tmp_path):
    """Hold applies to the running and the waiting tasks of a multi-selection; release lets all of them go."""
    from PySide6.QtCore import Qt

    engine = engine_factory(max_concurrent=1)
    dock = make_dock(qtbot, engine)
    running = engine.submit("test_steps", [input_file(tmp_path, "r.bin")], {"steps": 200, "step_s": 0.05})
    qtbot.waitUntil(lambda: engine.task(running).checkpoint.get("steps_done", 0) >= 1, timeout=10000)
    waiting = engine.submit("test_steps", [input_file(tmp_path, "w.bin")], {"steps": 2, "step_s": 0})
    qtbot.waitUntil(lambda: status(engine, waiting) == "queued", timeout=10000)
    click_task(qtbot, dock, running)
    click_task(qtbot, dock, waiting, Qt.KeyboardModifier.ControlModifier)
    assert set(dock.selected_ids()) == {running, waiting}
    dock.actions.hold.trigger()
    qtbot.waitUntil(lambda: status(engine, running) == "paused", timeout=5000)
    assert status(engine, waiting) == "paused"  # the freed slot did not start it
    qtbot.waitUntil(dock.actions.release.isEnabled, timeout=2000)
    dock.actions.release.trigger()
    qtbot.waitUntil(lambda: status(engine, running) == status(engine, waiting) == "completed", timeout=30000)
