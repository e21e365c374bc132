"""Task states and the one table of legal transitions."""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    CREATED = "created"
    READY = "ready"
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"

    @property
    def is_finished(self) -> bool:
        return self in FINISHED

    @property
    def is_active(self) -> bool:
        return self is TaskStatus.RUNNING


S = TaskStatus
FINISHED = frozenset({S.COMPLETED, S.FAILED, S.CANCELLED})
UNFINISHED = frozenset(set(S) - FINISHED)

TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    S.CREATED: frozenset({S.READY, S.FAILED, S.CANCELLED}),
    S.READY: frozenset({S.QUEUED, S.PAUSED, S.FAILED, S.CANCELLED}),
    S.QUEUED: frozenset({S.RUNNING, S.PAUSED, S.FAILED, S.CANCELLED}),
    S.RUNNING: frozenset({S.COMPLETED, S.FAILED, S.CANCELLED, S.INTERRUPTED, S.QUEUED, S.PAUSED}),
    S.PAUSED: frozenset({S.QUEUED, S.CANCELLED}),
    S.INTERRUPTED: frozenset({S.QUEUED, S.CANCELLED, S.FAILED}),
    S.FAILED: frozenset({S.QUEUED}),
    S.CANCELLED: frozenset({S.QUEUED}),
    S.COMPLETED: frozenset(),
}
"""running -> queued is the automatic retry of a transient error (with backoff); running -> paused is a hold
that stopped the run at its checkpoint."""


class IllegalTransition(RuntimeError):
    """A bug: code asked for a transition the table does not allow."""


def check_transition(current: TaskStatus, new: TaskStatus) -> None:
    if new not in TRANSITIONS[current]:
        raise IllegalTransition(f"illegal task transition {current.value} -> {new.value}")
