"""Cancelling a running task asks first (dock and detail window); "Don't ask again" is stored in settings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from mediacraft_desktop.settings import load_settings
from tests.gui.conftest import input_file
from tests.gui.test_tasks_dock import answer_next_dialog, click_task, make_dock, status

LONG = {"steps": 400, "step_s": 0.02}


def test_cancel_of_a_running_task_asks_and_keep_running_keeps_it(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path)], LONG)
    qtbot.waitUntil(lambda: status(engine, task_id) == "running", timeout=5000)
    click_task(qtbot, dock, task_id)
    seen = answer_next_dialog("keepRunningButton")
    dock.actions.cancel.trigger()
    assert seen == ["confirmCancel"]
    qtbot.wait(200)
    assert status(engine, task_id) == "running", "keep running means keep running"
    answer_next_dialog("confirmCancelButton")
    dock.actions.cancel.trigger()
    qtbot.waitUntil(lambda: status(engine, task_id) == "cancelled", timeout=5000)
    assert engine.settings.confirm_cancel_running, "asked again next time unless ticked"


def test_queued_tasks_cancel_without_asking(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    engine.pause_queue()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], LONG)
    qtbot.waitUntil(lambda: status(engine, task_id) == "queued", timeout=5000)
    click_task(qtbot, dock, task_id)
    dock.actions.cancel.trigger()  # a question here would block the test
    assert status(engine, task_id) == "cancelled"


def test_dont_ask_again_is_stored_in_settings_and_the_detail_window_obeys(qtbot, engine, window_factory, data_dir,
                                                                            tmp_path):
    window = window_factory(engine)
    dock = window.tasks_dock
    first = engine.submit("test_steps", [input_file(tmp_path, "one.bin")], LONG)
    qtbot.waitUntil(lambda: status(engine, first) == "running", timeout=5000)
    dialog = window.open_task_detail(first)
    qtbot.waitExposed(dialog)
    seen = answer_next_dialog("confirmCancelButton", tick="dontAskAgain")
    dialog.cancel_button.click()
    assert seen == ["confirmCancel"], "the detail window asks too"
    qtbot.waitUntil(lambda: status(engine, first) == "cancelled", timeout=5000)
    assert engine.settings.confirm_cancel_running is False
    assert load_settings(data_dir).confirm_cancel_running is False, "stored for the next start"
    second = engine.submit("test_steps", [input_file(tmp_path, "two.bin")], LONG)
    qtbot.waitUntil(lambda: status(engine, second) == "running", timeout=5000)
    click_task(qtbot, dock, second)
    dock.actions.cancel.trigger()  # no question any more
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: status(engine, second) == "cancelled", timeout=5000)


def test_settings_dialog_turns_the_question_back_on(qtbot, test_settings):
    from dataclasses import replace

    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(replace(test_settings, confirm_cancel_running=False))
    qtbot.addWidget(dialog)
    assert not dialog.confirm_cancel.isChecked()
    dialog.confirm_cancel.setChecked(True)
    assert dialog.result_settings().confirm_cancel_running is True
