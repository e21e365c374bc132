"""Which queued tasks start next: priority order under global and per-type limits (Qt-free)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from mediacraft_desktop.settings import Settings
from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import Task


def queue_order(task: Task) -> tuple[int, str]:
    """Higher priority first; ties by creation time (older first)."""
    return (-task.priority, task.created_at)


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
