"""Priority order and concurrency limits of the pure scheduler."""

from __future__ import annotations

from mediacraft_desktop.scheduler import pick_next
from mediacraft_desktop.settings import Settings
from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import Task


def queued(task_type: str, priority: int, created: str) -> Task:
    task = Task(task_type=task_type, name=created, priority=priority, created_at=created)
    task.status = TaskStatus.QUEUED
    return task


def test_priority_then_age_order_under_limits() -> None:
    settings = Settings(max_concurrent=3, per_type_limits={"a": 2, "b": 1})
    tasks = [queued("a", 0, "2026-01-01T00:00:03Z"), queued("a", 5, "2026-01-01T00:00:04Z"),
             queued("b", 1, "2026-01-01T00:00:01Z"), queued("b", 9, "2026-01-01T00:00:02Z"),
             queued("a", 0, "2026-01-01T00:00:00Z")]
    picked = pick_next(tasks, [], settings)
    assert [t.name for t in picked] == ["2026-01-01T00:00:02Z", "2026-01-01T00:00:04Z", "2026-01-01T00:00:00Z"]


def test_running_counts_against_limits() -> None:
    settings = Settings(max_concurrent=2, per_type_limits={"a": 1})
    tasks = [queued("a", 0, "1"), queued("b", 0, "2"), queued("b", 0, "3")]
    assert [t.name for t in pick_next(tasks, ["a"], settings)] == ["2"]
    assert pick_next(tasks, ["a", "b"], settings) == []


def test_only_queued_and_eligible_tasks_start() -> None:
    settings = Settings(max_concurrent=5)
    paused = queued("a", 9, "0")
    paused.status = TaskStatus.PAUSED
    tasks = [paused, queued("a", 0, "1"), queued("x", 0, "2")]
    assert [t.name for t in pick_next(tasks, [], settings, eligible=lambda t: t.task_type != "x")] == ["1"]
