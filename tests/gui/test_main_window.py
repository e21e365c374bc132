"""The main window as the user meets it: start-up, workspaces, drops, shortcuts, state, closing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import input_file, quit_gui
from tests.gui.dnd import drop_files
from tests.gui.test_tasks_dock import answer_next_dialog
from ui.main_window import TAB_DASHBOARD, TAB_MERGE, TAB_REMOVAL
from ui.settings_dialog import SettingsDialog


def test_start_shows_workspaces_dock_menus_and_toolbar(qtbot, gui_factory):
    gui = gui_factory()
    window = gui.window
    assert window.isVisible()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Remove watermark", "Merge",
                                                                          "Dashboard"]
    assert window.tasks_dock.isVisible(), "the Tasks dock is visible by default"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Queue", "&Help"]
    toolbar = [a.text() for a in window.toolbar.actions() if a.text()]
    assert toolbar[:2] == ["&Open video…", "&Add clips to merge…"] and "&Pause queue" in toolbar
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert [a.shortcut().toString() for a in window.workspace_actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
    assert window.settings_action.shortcut().toString() in ("Ctrl+,", "Ctrl+P")
    assert window.undo_action is not None and window.undo_action.shortcut().toString() == "Ctrl+Z"
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.tabs, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == TAB_DASHBOARD, timeout=2000)
    window.workspace_actions[TAB_MERGE].trigger()
    assert window.tabs.currentWidget() is window.merge
    assert gui.timings["shown_s"] < 5


def test_drops_route_by_what_was_dropped(qtbot, gui_factory, clips, tmp_path):
    window = gui_factory().window
    opened = []
    window.removal.video_opened.connect(opened.append)
    assert drop_files(window, [clips["a"]])
    assert window.tabs.currentIndex() == TAB_REMOVAL
    qtbot.waitUntil(lambda: opened == [str(clips["a"])], timeout=15000)
    assert drop_files(window, [clips["a"], clips["b"]])
    assert window.tabs.currentIndex() == TAB_MERGE
    assert [Path(p).name for p in window.merge.model.paths()] == ["a.mp4", "b.mp4"]
    note = tmp_path / "notes.txt"
    note.write_text("x")
    assert drop_files(window, [note])
    assert window.notices.texts()[-1] == "Not a video file: notes.txt"
    assert window.recent_files()[:2] == [str(clips["b"]), str(clips["a"])]


def test_window_state_and_recent_files_survive_a_restart(qtbot, gui_factory, clips):
    gui = gui_factory()
    window = gui.window
    window.resize(1000, 720)
    window.tasks_dock.hide()
    window.tabs.setCurrentIndex(TAB_MERGE)
    window.add_recent(str(clips["b"]))
    window.add_recent(str(clips["a"]))
    quit_gui(gui)

    window = gui_factory().window
    assert window.size() == QSize(1000, 720)
    assert not window.tasks_dock.isVisible()
    assert window.tabs.currentIndex() == TAB_MERGE
    window.recent_menu.aboutToShow.emit()
    items = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert items[:2] == ["&1 a.mp4", "&2 b.mp4"]
    window.recent_menu.actions()[1].trigger()  # open b again: a single video goes to the removal workspace
    assert window.tabs.currentIndex() == TAB_REMOVAL
    assert window.recent_files()[0] == str(clips["b"])


def test_closing_with_running_tasks_asks_then_they_resume_next_start(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    engine = gui.engine
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 300, "step_s": 0.02})
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "running", timeout=5000)
    qtbot.waitUntil(lambda: engine.task(task_id).progress > 1, timeout=5000)
    seen = answer_next_dialog("quitButton")
    with qtbot.waitSignal(gui.window.quit_requested, timeout=5000):
        gui.window.close()
    assert seen == ["confirmQuit"]
    done_before = engine.task(task_id).checkpoint.get("steps_done", 0)
    quit_gui(gui)
    assert done_before > 0

    gui = gui_factory()
    task = gui.engine.task(task_id)
    assert "resuming after restart" in [e["message"].split(": ")[-1] for e in task.log]
    qtbot.waitUntil(lambda: gui.engine.task(task_id).status.value == "running", timeout=5000)


def test_cancel_in_the_close_question_keeps_the_window(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    engine = gui.engine
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 300, "step_s": 0.02})
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "running", timeout=5000)
    seen: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, cancel)
            return
        seen.append(dialog.objectName())
        dialog.reject()

    QTimer.singleShot(0, cancel)
    gui.window.close()
    assert seen == ["confirmQuit"]
    assert gui.window.isVisible() and engine.task(task_id).status.value == "running"


def test_keep_running_in_tray_hides_the_window_and_work_goes_on(qtbot, gui_factory, data_dir, tmp_path):
    from mediacraft_desktop.settings import load_settings, save_settings

    settings = load_settings(data_dir)
    settings.keep_running_in_tray = True
    save_settings(data_dir, settings)
    gui = gui_factory(use_tray=True)
    engine = gui.engine
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 20, "step_s": 0.03})
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "running", timeout=5000)
    gui.window.close()
    assert not gui.window.isVisible()
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "completed", timeout=10000)
    gui.window.tray.show_window.emit()
    assert gui.window.isVisible()


def test_settings_menu_opens_the_dialog(qtbot, gui_factory):
    window = gui_factory().window
    window.settings_action.trigger()
    dialogs = window.findChildren(SettingsDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].reject()


def test_a_second_launch_hands_its_files_to_the_running_window(qtbot, gui_factory, data_dir, clips):
    """``mediacraft clip.mp4`` while the app runs: the running window comes forward and opens the clip."""
    import threading

    from ui.app import forward_to_owner

    gui = gui_factory()
    assert (data_dir / "instance.json").exists()
    opened: list[str] = []
    gui.window.removal.video_opened.connect(opened.append)
    result: dict[str, bool] = {}
    thread = threading.Thread(target=lambda: result.update(ok=forward_to_owner(data_dir, [str(clips["a"])])))
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=10000)
    assert result == {"ok": True}
    qtbot.waitUntil(lambda: opened == [str(clips["a"])], timeout=15000)
    assert gui.window.tabs.currentIndex() == TAB_REMOVAL
    quit_gui(gui)
    assert not (data_dir / "instance.json").exists()
    assert forward_to_owner(data_dir, [str(clips["a"])]) is False, "nobody to hand them to after quitting"
