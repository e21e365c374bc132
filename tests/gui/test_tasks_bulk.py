"""Bulk actions on a multi-selection: texts say how many, and cancel/retry/priority/remove act on all that apply."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from tests.gui.conftest import input_file
from tests.gui.test_tasks_dock import answer_next_dialog, click_task, make_dock, status

FAIL = {"steps": 2, "step_s": 0, "fail_at": 1}


def set_next_priority(value: int) -> list[str]:
    """Type ``value`` into the next priority dialog and accept it; returns the dialog's label text."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.labelText())
        dialog.setIntValue(value)
        dialog.accept()

    QTimer.singleShot(0, answer)
    return seen


def test_bulk_retry_priority_cancel_and_remove_on_a_mixed_selection(qtbot, engine_factory, tmp_path):
    engine = engine_factory(max_concurrent=1, per_type_limits={"test_steps": 1})
    dock = make_dock(qtbot, engine)
    failed = [engine.submit("test_steps", [input_file(tmp_path, f"f{i}.bin")], FAIL) for i in range(3)]
    qtbot.waitUntil(lambda: all(status(engine, i) == "failed" for i in failed), timeout=10000)
    engine.pause_queue()
    queued = [engine.submit("test_steps", [input_file(tmp_path, f"q{i}.bin")], {"steps": 2, "step_s": 0})
              for i in range(2)]
    qtbot.waitUntil(lambda: all(status(engine, i) == "queued" for i in queued), timeout=10000)
    dock.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by input: f0 f1 f2 q0 q1
    click_task(qtbot, dock, failed[1])
    click_task(qtbot, dock, queued[0], Qt.KeyboardModifier.ShiftModifier)  # f1 f2 q0
    click_task(qtbot, dock, queued[1], Qt.KeyboardModifier.ControlModifier)  # + q1
    assert set(dock.selected_ids()) == {failed[1], failed[2], queued[0], queued[1]}
    a = dock.actions
    assert (a.retry.text(), a.cancel.text(), a.remove.text(), a.set_priority.text()) == (
        "&Retry 2 tasks", "&Cancel 2 tasks", "Re&move 4 tasks…", "Set priority of 2 tasks…")

    seen = set_next_priority(7)
    a.set_priority.trigger()
    assert seen == ["Priority of 2 tasks (higher runs first):"]
    assert [engine.task(i).priority for i in failed + queued] == [0, 0, 0, 7, 7]

    a.retry.trigger()
    assert [status(engine, i) for i in failed + queued] == ["failed", "queued", "queued", "queued", "queued"]
    qtbot.wait(300)
    assert a.retry.text() == "&Retry 0 tasks" and not a.retry.isEnabled()
    assert a.cancel.text() == "&Cancel 4 tasks"

    a.cancel.trigger()  # none of them runs (the queue is paused): no question
    assert [status(engine, i) for i in failed + queued] == ["failed"] + ["cancelled"] * 4

    seen_remove = answer_next_dialog("removeButton")
    a.remove.trigger()
    assert seen_remove == ["confirmRemove"]
    qtbot.waitUntil(lambda: [t.task_id for t in engine.tasks()] == [failed[0]], timeout=2000)
    dock.model.flush()
    click_task(qtbot, dock, failed[0])
    assert a.retry.text() == "&Retry", "one task: the plain text"


def test_removing_a_running_task_says_it_is_stopped(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 400, "step_s": 0.02})
    qtbot.waitUntil(lambda: status(engine, task_id) == "running", timeout=5000)
    click_task(qtbot, dock, task_id)
    texts: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        texts.append(dialog.informativeText())
        dialog.findChild(type(dialog.defaultButton()), "removeButton").click()

    QTimer.singleShot(0, answer)
    dock.actions.remove.trigger()
    assert texts == ["1 of them is running: it is cancelled and its work so far is discarded."]
    qtbot.waitUntil(lambda: engine.task(task_id) is None, timeout=5000)
