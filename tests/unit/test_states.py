"""The state machine table, tested exhaustively."""

from __future__ import annotations

import itertools

import pytest

from mediacraft_desktop.states import FINISHED, TRANSITIONS, IllegalTransition, TaskStatus, check_transition
from mediacraft_desktop.task import Task

S = TaskStatus
EXPECTED_LEGAL = {
    (S.CREATED, S.READY), (S.CREATED, S.FAILED), (S.CREATED, S.CANCELLED),
    (S.READY, S.QUEUED), (S.READY, S.PAUSED), (S.READY, S.FAILED), (S.READY, S.CANCELLED),
    (S.QUEUED, S.RUNNING), (S.QUEUED, S.PAUSED), (S.QUEUED, S.FAILED), (S.QUEUED, S.CANCELLED),
    (S.RUNNING, S.COMPLETED), (S.RUNNING, S.FAILED), (S.RUNNING, S.CANCELLED), (S.RUNNING, S.INTERRUPTED),
    (S.RUNNING, S.QUEUED), (S.RUNNING, S.PAUSED),
    (S.PAUSED, S.QUEUED), (S.PAUSED, S.CANCELLED),
    (S.INTERRUPTED, S.QUEUED), (S.INTERRUPTED, S.CANCELLED), (S.INTERRUPTED, S.FAILED),
    (S.FAILED, S.QUEUED), (S.CANCELLED, S.QUEUED),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(S, S)))
def test_every_pair(old: TaskStatus, new: TaskStatus) -> None:
    task = Task(task_type="test_steps", name="t")
    task.status = old
    if (old, new) in EXPECTED_LEGAL:
        task.transition(new, "why")
        assert task.status is new
        assert task.log[-1]["message"] == f"{old.value} -> {new.value}: why"
    else:
        with pytest.raises(IllegalTransition):
            check_transition(old, new)
        with pytest.raises(IllegalTransition):
            task.transition(new)
        assert task.status is old
        assert task.log == []


def test_table_covers_every_state_and_completed_is_terminal() -> None:
    assert set(TRANSITIONS) == set(S)
    assert TRANSITIONS[S.COMPLETED] == frozenset()
    assert FINISHED == {S.COMPLETED, S.FAILED, S.CANCELLED}


def test_timestamps_follow_transitions() -> None:
    task = Task(task_type="test_steps", name="t")
    for status in (S.READY, S.QUEUED, S.RUNNING):
        task.transition(status)
    assert task.started_at and not task.completed_at
    task.transition(S.FAILED)
    assert task.completed_at
    task.transition(S.QUEUED)
    assert task.completed_at is None
