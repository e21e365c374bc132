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


def test_a_moved_task_runs_where_it_was_dropped_and_takes_that_priority() -> None:
    from mediacraft_desktop.scheduler import queue_order, reordered

    tasks = []
    for i, prio in enumerate([5, 0, 0, 0]):
        task = Task(task_type="test_steps", name=f"t{i}", priority=prio, created_at=f"2026-01-01T00:00:0{i}Z")
        task.status = TaskStatus.QUEUED
        tasks.append(task)
    t0, t1, t2, t3 = tasks
    order = reordered(tasks, [t3], t0)  # to the front: before the priority-5 task, with its priority
    assert [(t.name, p) for t, p in order] == [("t3", 5), ("t0", 5), ("t1", 0), ("t2", 0)]
    for rank, (task, priority) in enumerate(order):
        task.priority, task.metadata["queue_rank"] = priority, rank
    assert [t.name for t in sorted(tasks, key=queue_order)] == ["t3", "t0", "t1", "t2"]
    order = reordered(tasks, [t3, t0], None)  # both to the end, keeping their order, with the last one's priority
    assert [(t.name, p) for t, p in order] == [("t1", 0), ("t2", 0), ("t3", 0), ("t0", 0)]
    newcomer = Task(task_type="test_steps", name="new", created_at="2025-01-01T00:00:00Z")  # never moved: after
    assert queue_order(newcomer) > queue_order(t2)
