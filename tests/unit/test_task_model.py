"""Task JSON round trip and schema handling."""

from __future__ import annotations

import json

import pytest

from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import MAX_LOG_ENTRIES, SCHEMA_VERSION, Task

ARCHITECTURE_FIELDS = {
    "schema_version", "task_id", "task_type", "name", "status", "progress", "progress_message", "created_at",
    "started_at", "completed_at", "updated_at", "inputs", "output_path", "error_code", "error_message", "config",
    "priority", "attempts", "max_attempts", "notified", "log", "checkpoint", "metadata",
}


def make_task() -> Task:
    task = Task(task_type="watermark_removal", name="片段 'a'.mp4", priority=3,
                inputs=[{"path": "/v/片段 'a'.mp4", "original_filename": "片段 'a'.mp4", "size": 10, "mtime": 1.5,
                         "media": {"duration": 2.0}}],
                config={"regions": [{"x": 1, "y": 2, "w": 3, "h": 4}]})
    task.transition(TaskStatus.READY)
    task.checkpoint = {"segments_done": [0, 1]}
    return task


def test_round_trip_through_json_keeps_every_field() -> None:
    task = make_task()
    doc = json.loads(json.dumps(task.to_dict(), ensure_ascii=False))
    assert set(doc) == ARCHITECTURE_FIELDS
    assert doc["status"] == "ready" and doc["schema_version"] == SCHEMA_VERSION
    again = Task.from_dict(doc)
    assert again == task
    assert again.status is TaskStatus.READY


def test_unknown_fields_are_kept_in_metadata() -> None:
    doc = make_task().to_dict()
    doc["billing_account"] = "x"
    assert Task.from_dict(doc).metadata["unknown_fields"] == {"billing_account": "x"}


def test_newer_schema_is_refused() -> None:
    doc = make_task().to_dict()
    doc["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ValueError, match="newer version"):
        Task.from_dict(doc)


def test_log_is_bounded_and_keeps_the_beginning() -> None:
    task = Task(task_type="test_steps", name="t")
    for i in range(MAX_LOG_ENTRIES * 2):
        task.add_log(f"line {i}")
    assert len(task.log) == MAX_LOG_ENTRIES
    assert task.log[0]["message"] == "line 0"
    assert task.log[-1]["message"] == f"line {MAX_LOG_ENTRIES * 2 - 1}"
