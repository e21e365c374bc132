"""Which queued tasks start next: priority order under global and per-type limits (Qt-free)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from mediacraft_desktop.settings import Settings
from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import Task

WAITING = frozenset({TaskStatus.CREATED, TaskStatus.READY, TaskStatus.QUEUED, TaskStatus.PAUSED,
                     TaskStatus.INTERRUPTED})


def queue_order(task: Task) -> tuple[int, float, str]:
    """Higher priority first; then the place the user dragged it to (``metadata["queue_rank"]``; tasks never
    moved come after those, as newcomers join the end); then creation time (older first)."""
    rank = task.metadata.get("queue_rank")
    return (-task.priority, float(rank) if isinstance(rank, int | float) else float("inf"), task.created_at)


def reordered(waiting: list[Task], moved: list[Task], before: Task | None) -> list[tuple[Task, int]]:
    """The waiting tasks in their new run order, each with the priority it needs to keep that place: ``moved``
    (in their current order) go just before ``before`` (at the end when None) and take its priority (the last
    task's at the end), so the order holds under ``queue_order``."""
    ordered = sorted(waiting, key=queue_order)
    moving = [t for t in ordered if t in moved]
    rest = [t for t in ordered if t not in moved]
    at = rest.index(before) if before is not None and before in rest else len(rest)
    neighbour = rest[at] if at < len(rest) else (rest[-1] if rest else None)
    priority = neighbour.priority if neighbour is not None else None
    result = [(t, t.priority) for t in rest[:at]]
    result += [(t, t.priority if priority is None else priority) for t in moving]
    return result + [(t, t.priority) for t in rest[at:]]


def pick_next(
    tasks: Iterable[Task],
    running_types: Iterable[str],
    settings: Settings,
    eligible: Callable[[Task], bool] = lambda _t: True,
) -> list[Task]:
    """Queued tasks to start now, in start order, never exceeding the limits."""
    running = Counter(running_types)
    total = sum(running.values())
    free = settings.max_concurrent - total
    if free <= 0:
        return []
    chosen: list[Task] = []
    for task in sorted((t for t in tasks if t.status is TaskStatus.QUEUED and eligible(t)), key=queue_order):
        if running[task.task_type] >= settings.limit_for(task.task_type):
            continue
        chosen.append(task)
        running[task.task_type] += 1
        free -= 1
        if free == 0:
            break
    return chosen
