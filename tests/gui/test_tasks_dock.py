"""The Tasks dock driven as a user would: select rows, cancel, retry, hold, prioritise, remove, filter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from tests.gui.conftest import input_file
from ui.tasks.dock import TasksDock
from ui.tasks.model import Column, Role


def make_dock(qtbot, engine) -> TasksDock:
    dock = TasksDock(engine)
    qtbot.addWidget(dock)
    dock.resize(1100, 500)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def click_task(qtbot, dock: TasksDock, task_id: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    dock.model.flush()
    index = dock.proxy.mapFromSource(dock.model.index_of(task_id, Column.NAME))
    assert index.isValid()
    rect = dock.view.visualRect(index)
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def status(engine, task_id) -> str:
    return engine.task(task_id).status.value


def answer_next_dialog(button_name: str, tick: str | None = None) -> list[str]:
    """Click ``button_name`` in the next modal dialog (optionally tick a checkbox first)."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.objectName())
        if tick:
            dialog.findChild(QCheckBox, tick).setChecked(True)
        dialog.findChild(QPushButton, button_name).click()

    QTimer.singleShot(0, answer)
    return seen


def test_cancel_and_retry_from_the_dock(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 400, "step_s": 0.02})
    qtbot.waitUntil(lambda: status(engine, task_id) == "running", timeout=5000)
    qtbot.waitUntil(lambda: engine.task(task_id).progress > 0, timeout=5000)
    click_task(qtbot, dock, task_id)
    assert dock.selected_ids() == [task_id]
    assert dock.actions.cancel.isEnabled() and not dock.actions.retry.isEnabled()
    answer_next_dialog("confirmCancelButton")
    dock.actions.cancel.trigger()
    qtbot.waitUntil(lambda: status(engine, task_id) == "cancelled", timeout=5000)
    qtbot.waitUntil(lambda: dock.proxy.index(0, Column.STATUS).data() == "Cancelled", timeout=2000)
    qtbot.wait(300)  # the dock re-reads what is possible now
    assert dock.actions.retry.isEnabled() and not dock.actions.cancel.isEnabled()
    dock.actions.retry.trigger()
    qtbot.waitUntil(lambda: status(engine, task_id) == "running", timeout=5000)
    answer_next_dialog("confirmCancelButton")
    dock.actions.cancel.trigger()
    qtbot.waitUntil(lambda: status(engine, task_id) == "cancelled", timeout=5000)


def test_hold_priority_and_pause_queue(qtbot, engine_factory, tmp_path):
    engine = engine_factory(max_concurrent=1, per_type_limits={"test_steps": 1})
    dock = make_dock(qtbot, engine)
    dock.actions.pause_queue.trigger()
    assert engine.queue_paused and dock.actions.pause_queue.isChecked()
    ids = [engine.submit("test_steps", [input_file(tmp_path, f"in{i}.bin")], {"steps": 2, "step_s": 0.01})
           for i in range(3)]
    qtbot.waitUntil(lambda: all(status(engine, i) == "queued" for i in ids), timeout=5000)
    qtbot.waitUntil(lambda: dock.summary.text() == "3 tasks · 0 running · 3 waiting · 0 failed · queue paused",
                    timeout=2000)
    click_task(qtbot, dock, ids[2])
    dock.actions.raise_priority.trigger()
    dock.actions.raise_priority.trigger()
    assert engine.task(ids[2]).priority == 2
    click_task(qtbot, dock, ids[0])
    dock.actions.hold.trigger()
    assert status(engine, ids[0]) == "paused"
    order: list[str] = []
    engine.task_changed.connect(lambda tid: order.append(tid) if status(engine, tid) == "running"
                                and tid not in order else None)
    dock.actions.pause_queue.trigger()  # resume
    assert not engine.queue_paused
    qtbot.waitUntil(lambda: status(engine, ids[1]) == "completed", timeout=10000)
    assert order == [ids[2], ids[1]], "the raised task runs first; the held one not at all"
    assert status(engine, ids[0]) == "paused"
    click_task(qtbot, dock, ids[0])
    dock.actions.release.trigger()
    qtbot.waitUntil(lambda: status(engine, ids[0]) == "completed", timeout=10000)


def test_remove_asks_about_the_result_file(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    ids = [engine.submit("test_steps", [input_file(tmp_path, f"r{i}.bin")], {"steps": 1, "step_s": 0})
           for i in range(2)]
    qtbot.waitUntil(lambda: all(status(engine, i) == "completed" for i in ids), timeout=10000)
    outputs = [Path(engine.task(i).output_path) for i in ids]
    click_task(qtbot, dock, ids[0])
    seen = answer_next_dialog("removeButton")
    dock.actions.remove.trigger()
    assert seen == ["confirmRemove"]
    qtbot.waitUntil(lambda: engine.task(ids[0]) is None, timeout=2000)
    assert outputs[0].exists(), "kept unless the box is ticked"
    click_task(qtbot, dock, ids[1])
    answer_next_dialog("removeButton", tick="deleteOutputs")
    dock.actions.remove.trigger()
    qtbot.waitUntil(lambda: engine.task(ids[1]) is None, timeout=2000)
    assert not outputs[1].exists()
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 0, timeout=2000)


def test_filters_search_sort_and_clear_finished(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    good = [engine.submit("test_steps", [input_file(tmp_path, f"good{i}.bin")], {"steps": 1, "step_s": 0})
            for i in range(3)]
    bad = engine.submit("test_steps", [str(tmp_path / "missing.bin")], {})
    qtbot.waitUntil(lambda: all(status(engine, i) == "completed" for i in good), timeout=10000)
    qtbot.waitUntil(lambda: status(engine, bad) == "failed", timeout=5000)
    dock.model.flush()
    assert dock.proxy.rowCount() == 4
    dock.set_status_group("failed")
    assert dock.proxy.task_ids() == [bad]
    dock.set_status_group("all")
    qtbot.keyClicks(dock.search, "good1")
    assert dock.proxy.rowCount() == 1 and dock.proxy.task_ids() == [good[1]]
    dock.search.clear()
    dock.type_filter.setCurrentIndex(dock.type_filter.findData("video_merge"))
    assert dock.proxy.rowCount() == 0
    dock.type_filter.setCurrentIndex(0)
    dock.view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    # the failed one never got a target: titled by its input
    assert [dock.proxy.index(r, 0).data() for r in range(4)] == ["good0_steps.txt", "good1_steps.txt",
                                                                "good2_steps.txt", "missing.bin"]
    qtbot.waitUntil(dock.actions.clear_finished.isEnabled, timeout=2000)
    answer_next_dialog("removeButton")
    dock.queue_buttons[2].click()
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 0, timeout=2000)
    assert engine.tasks() == []


def test_detail_dialog_shows_error_in_words_and_log(qtbot, engine_factory, window_factory, tmp_path):
    engine = engine_factory()
    window = window_factory(engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 5, "step_s": 0.01, "fail_at": 2})
    qtbot.waitUntil(lambda: status(engine, task_id) == "failed", timeout=10000)
    click_task(qtbot, window.tasks_dock, task_id)
    index = window.tasks_dock.view.currentIndex()
    window.tasks_dock.view.doubleClicked.emit(index)
    dialog = window._details[task_id]
    qtbot.waitExposed(dialog)
    assert dialog.error_frame.isVisible()
    assert dialog.error_summary.text() == "Something unexpected went wrong."
    assert dialog.error_advice.text().startswith("What to do: Retry the task.")
    assert "simulated failure at step 2" in dialog.error_detail.text()
    assert "step 2 failed" in dialog.log.toPlainText()
    assert dialog.retry_button.isEnabled() and not dialog.cancel_button.isEnabled()
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status(engine, task_id) == "failed" and engine.task(task_id).attempts == 1
                    and "retry requested" in dialog.log.toPlainText(), timeout=10000)
    assert window.open_task_detail(task_id) is dialog, "one detail window per task"
    dialog.close()


def test_selection_survives_updates(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    ids = [engine.submit("test_steps", [input_file(tmp_path, f"s{i}.bin")], {"steps": 30, "step_s": 0.02})
           for i in range(3)]
    qtbot.waitUntil(lambda: any(status(engine, i) == "running" for i in ids), timeout=5000)
    click_task(qtbot, dock, ids[1])
    qtbot.wait(400)
    assert dock.selected_ids() == [ids[1]]
    assert dock.proxy.index(dock.view.currentIndex().row(), 0).data(Role.TASK_ID) == ids[1]


def test_stop_after_current_then_resume(qtbot, engine_factory, tmp_path):
    engine = engine_factory(max_concurrent=1, per_type_limits={"test_steps": 1})
    dock = make_dock(qtbot, engine)
    first = engine.submit("test_steps", [input_file(tmp_path, "one.bin")], {"steps": 40, "step_s": 0.02})
    qtbot.waitUntil(lambda: status(engine, first) == "running", timeout=5000)
    # submitted together, either could start first (preparations finish in any order): queue it behind
    second = engine.submit("test_steps", [input_file(tmp_path, "two.bin")], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: status(engine, second) == "queued", timeout=5000)
    dock.queue_buttons[1].click()  # Stop after current
    assert engine.stop_after_current and dock.actions.stop_after_current.isChecked()
    qtbot.waitUntil(lambda: status(engine, first) == "completed", timeout=10000)
    qtbot.waitUntil(lambda: engine.queue_paused, timeout=2000)
    assert dock.actions.pause_queue.isChecked() and not dock.actions.stop_after_current.isChecked()
    qtbot.wait(300)
    assert status(engine, second) == "queued", f"nothing new started, but the second is {status(engine, second)}"
    dock.queue_buttons[0].click()  # resume
    qtbot.waitUntil(lambda: status(engine, second) == "completed", timeout=10000)


def test_open_result_and_show_in_folder(qtbot, engine, tmp_path, monkeypatch):
    from ui import desktop

    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(desktop, "open_file", lambda path: calls.append(("open", path)) or True)
    monkeypatch.setattr(desktop, "show_in_folder", lambda path: calls.append(("folder", path)) or True)
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: status(engine, task_id) == "completed", timeout=10000)
    click_task(qtbot, dock, task_id)
    dock.actions.update_enabled()
    assert dock.actions.open_result.isEnabled() and dock.actions.show_in_folder.isEnabled()
    dock.actions.open_result.trigger()
    dock.actions.show_in_folder.trigger()
    output = engine.task(task_id).output_path
    assert calls == [("open", output), ("folder", output)]
