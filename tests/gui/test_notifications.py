"""Notifications: once per finished task (tray or in-window), grouped bursts, the start-up notice."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from tests.gui.conftest import input_file, quit_gui
from ui import notifications
from ui.notifications import AppTray


def test_finish_is_announced_once_and_not_again_after_restart(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path, "clip.bin")], {"steps": 2, "step_s": 0.01})
    notifier = gui.window.notifier
    assert not notifier.uses_tray  # offscreen: no system tray -> in-window notice
    qtbot.waitUntil(lambda: len(notifier.shown) == 1, timeout=10000)
    qtbot.wait(500)
    assert len(notifier.shown) == 1
    assert notifier.shown[0] == {"title": "Task completed", "text": "clip.bin", "task_ids": [task_id],
                                 "via": "window"}
    assert any("Task completed — clip.bin" in text for text in gui.window.notices.texts())
    assert gui.engine.task(task_id).notified
    quit_gui(gui)

    gui = gui_factory()
    qtbot.wait(600)
    assert gui.window.notifier.shown == []
    assert not any("Task completed" in text for text in gui.window.notices.texts())


def test_unannounced_finish_is_announced_at_next_start(qtbot, gui_factory, tmp_path):
    """A task that finished while no window could announce it (e.g. quit right away) is announced once later."""
    gui = gui_factory()
    gui.window.notifier.stop()  # as if the app quit before the notice was shown
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: gui.engine.task(task_id).status.value == "completed", timeout=10000)
    assert not gui.engine.task(task_id).notified
    quit_gui(gui)
    gui = gui_factory()
    qtbot.waitUntil(lambda: len(gui.window.notifier.shown) == 1, timeout=3000)
    assert gui.window.notifier.shown[0]["task_ids"] == [task_id]


def test_failure_says_what_went_wrong_and_opens_the_task(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path, "bad.bin")], {"steps": 3, "fail_at": 1})
    notifier = gui.window.notifier
    qtbot.waitUntil(lambda: len(notifier.shown) == 1, timeout=10000)
    assert notifier.shown[0]["title"] == "Task failed"
    assert notifier.shown[0]["text"] == "bad.bin: Something unexpected went wrong."
    notice = gui.window.notices.notices()[-1]
    assert notice.level == "error"
    notice.findChild(QPushButton, "noticeAction").click()
    assert task_id in gui.window._details


def test_burst_of_finishes_is_one_message(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    gui.engine.pause_queue()
    ids = [gui.engine.submit("test_steps", [input_file(tmp_path, f"b{i}.bin")], {"steps": 1, "step_s": 0})
           for i in range(3)]
    qtbot.waitUntil(lambda: all(gui.engine.task(i).status.value == "queued" for i in ids), timeout=5000)
    gui.engine.resume_queue()
    notifier = gui.window.notifier
    qtbot.waitUntil(lambda: sum(len(s["task_ids"]) for s in notifier.shown) == 3, timeout=10000)
    assert len(notifier.shown) == 1
    assert notifier.shown[0]["title"] == "3 tasks finished" and notifier.shown[0]["text"] == "3 completed"


def test_system_tray_message_once_and_click_opens_task(qtbot, gui_factory, tmp_path, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(notifications, "tray_available", lambda: True)
    monkeypatch.setattr(AppTray, "showMessage", lambda self, title, text, *args: shown.append((title, text)))
    gui = gui_factory(use_tray=True)
    assert gui.window.notifier.uses_tray
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path, "tray.bin")], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10000)
    qtbot.wait(500)
    assert shown == [("Task completed", "tray.bin")]
    assert gui.window.notices.texts() == [], "no in-window duplicate when the tray shows it"
    gui.window.tray.messageClicked.emit()
    assert task_id in gui.window._details and gui.window._details[task_id].isVisible()


def test_restart_with_unfinished_tasks_says_so_once_and_shows_them(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    engine = gui.engine
    running = engine.submit("test_steps", [input_file(tmp_path, "long.bin")], {"steps": 200, "step_s": 0.02})
    qtbot.waitUntil(lambda: engine.task(running).status.value == "running", timeout=5000)
    engine.pause_queue()
    waiting = engine.submit("test_steps", [input_file(tmp_path, "next.bin")], {"steps": 2, "step_s": 0.01})
    qtbot.waitUntil(lambda: engine.task(waiting).status.value == "queued", timeout=5000)
    quit_gui(gui)

    gui = gui_factory()
    texts = gui.window.notices.texts()
    assert texts == ["2 unfinished tasks from the last session will continue. 1 of them stopped while running "
                     "and resume where they left off."]
    notice = gui.window.notices.notices()[0]
    notice.findChild(QPushButton, "noticeAction").click()
    assert sorted(gui.window.tasks_dock.selected_ids()) == sorted([running, waiting])
    assert gui.window.tasks_dock.isVisible()
    qtbot.waitUntil(lambda: gui.engine.task(waiting).status.value == "completed", timeout=20000)
    qtbot.waitUntil(lambda: gui.engine.task(running).status.value == "completed", timeout=20000)
    quit_gui(gui)

    gui = gui_factory()
    assert gui.window.notices.texts() == [], "said once: nothing is unfinished any more"
