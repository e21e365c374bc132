"""Editor breakages a new user met (issue 9 §5, §4): the wheel over combos, the primary actions out of view,
timeline clicks, cut text, messages left from the last video, banners, unreadable colours, path-like names.

Real clips made with ffmpeg at test time, the real MediaService and engine, the real main window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from tests.gui.conftest import input_file, quit_gui
from tests.gui.layout_checks import cut_labels, fully_visible
from tests.gui.removal_helpers import aim, drag, slider_point
from tests.media_factory import make_clip
from ui.merge.clip_model import ClipRole
from ui.removal.workspace import RemovalWorkspace
from ui.style import apply_palette, contrast_ratio

# a window at 1280x800 on screen, less a title bar and a desktop panel (with margin)
WINDOW = (1280, 740)


@pytest.fixture(scope="module")
def uclips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("usability-clips")
    return {
        "hd": make_clip(folder / "vtest.mp4", duration=4.0, size="1280x720", fps="25"),
        "other": make_clip(folder / "other clip.mp4", duration=2.0, size="640x360", fps="25", video="testsrc"),
        "c30": make_clip(folder / "c30.mp4", duration=1.0, size="320x240", fps="30", audio=None),
    }


@pytest.fixture
def window(qtbot, engine, window_factory):
    win = window_factory(engine)
    win.resize(*WINDOW)
    qtbot.waitUntil(lambda: (win.width(), win.height()) == WINDOW, timeout=3000)
    return win


def _open(qtbot, ws: RemovalWorkspace, path: Path) -> None:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(path))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (ws.video_info["width"], ws.video_info["height"]),
                    timeout=20000)


def _wheel(widget: QWidget, steps: int = -1) -> QWheelEvent:
    """One wheel notch (down for negative ``steps``) over the middle of ``widget``, delivered as Qt does."""
    center = QPointF(widget.rect().center())
    event = QWheelEvent(center, QPointF(widget.mapToGlobal(center.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


# ------------------------------------------------------------------------------------------ the wheel
def test_wheel_over_the_side_panel_scrolls_it_and_leaves_combos_and_spins_alone(qtbot, window, uclips):
    ws = window.removal
    _open(qtbot, ws, uclips["hd"])
    window.resize(1100, 560)  # short enough that the side panel scrolls
    scroll = ws.findChild(QScrollArea)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    panel = ws.output_panel
    guarded = [panel.format_combo, panel.quality_combo, panel.method_combo, ws.tools_panel.size_spin]
    before = [w.currentIndex() if isinstance(w, QComboBox) else w.value() for w in guarded]
    for widget in guarded:
        start = bar.value()
        _wheel(widget, -1)
        assert bar.value() > start or bar.value() == bar.maximum(), f"the panel did not scroll over {widget}"
        bar.setValue(0)
    after = [w.currentIndex() if isinstance(w, QComboBox) else w.value() for w in guarded]
    assert after == before, "an unfocused combo or spin box took the wheel"

    # once the user clicked into it (focus), the wheel changes it as usual
    window.activateWindow()
    panel.quality_combo.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(panel.quality_combo.hasFocus, timeout=3000)
    _wheel(panel.quality_combo, -1)
    assert panel.quality_combo.currentIndex() == before[1] + 1


def test_every_combo_and_spin_box_in_the_app_takes_focus_only_by_click_or_tab(qtbot, window):
    dialog = window.open_settings()
    widgets = [w for root in (window, dialog) for w in root.findChildren(QWidget)
               if isinstance(w, (QComboBox, QAbstractSpinBox))]
    assert len(widgets) >= 10
    wheel_focus = [w.objectName() or type(w).__name__ for w in widgets
                   if w.focusPolicy() == Qt.FocusPolicy.WheelFocus]
    assert wheel_focus == []
    dialog.close()


# ------------------------------------------------------------------------------------------ in view
def test_add_to_queue_is_in_view_at_1280x800_without_scrolling(qtbot, window, uclips, tmp_path):
    ws = window.removal
    _open(qtbot, ws, uclips["hd"])
    ws.frame_view.set_zoom(0.25)
    drag(ws.frame_view, aim(ws.frame_view, 100, 100)[0], aim(ws.frame_view, 400, 300)[0])
    assert len(ws.region_model) == 1
    ws.tools_panel.set_status("Mask estimated: 68 % of the rectangle is logo. Correct it with the brush (B).")
    qtbot.wait(50)
    button = ws.output_panel.submit_button
    assert button.isEnabled() and fully_visible(button)
    scroll = ws.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible(), "the side panel needs no horizontal scroll bar"
    # the picture stays the largest thing on screen
    view = ws.frame_view.viewport()
    area = view.width() * view.height()
    assert area > scroll.width() * scroll.height()
    dock = window.tasks_dock
    assert area > dock.width() * dock.height()
    assert cut_labels(window) == []


def test_merge_add_to_queue_is_in_view_at_1280x800(qtbot, window, clips, uclips):
    window.tabs.setCurrentWidget(window.merge)
    ws = window.merge
    ws.add_paths([str(clips["a"]), str(clips["c30"]), str(uclips["c30"]), str(clips["noaudio"])])
    qtbot.waitUntil(lambda: ws.model.probing() == 0, timeout=20000)
    window.notices.show_notice("n1", "info", "A notice above the workspace.")
    ws.output_name.setText("joined")
    qtbot.wait(50)
    assert ws.submit_button.isEnabled() and fully_visible(ws.submit_button)
    assert cut_labels(window) == []


# ------------------------------------------------------------------------------------------ timeline
def test_clicking_the_timeline_jumps_to_the_clicked_position(qtbot, window, uclips):
    ws = window.removal
    _open(qtbot, ws, uclips["hd"])  # 100 frames: one second (a page) is 25
    slider = ws.timeline.slider
    for target in (75, 30, 99, 0):
        QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         slider_point(slider, target))
        qtbot.waitUntil(lambda t=target: abs(ws.current_index - t) <= 1, timeout=5000)
        assert ws.timeline.frame_label.text() == f"Frame {ws.current_index + 1} of 100"


def test_the_task_detail_slider_jumps_too(qtbot, window, engine, tmp_path):
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0.01})
    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=10000)
    dialog = window.open_task_detail(task_id)
    dialog.tabs.setCurrentWidget(dialog.preview_page)
    slider = dialog.slider
    slider.blockSignals(True)  # only the slider's own behaviour is looked at here
    slider.setRange(0, 200)
    slider.setPageStep(10)
    slider.setVisible(True)
    qtbot.waitUntil(lambda: slider.isVisible() and slider.width() > 100, timeout=3000)
    QTest.mouseClick(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     slider_point(slider, 150))
    assert abs(slider.value() - 150) <= 1
    dialog.close()


# ------------------------------------------------------------------------------------------ cut text
def test_empty_page_and_open_error_show_all_their_lines(qtbot, window, tmp_path):
    ws = window.removal
    assert cut_labels(ws) == []
    junk = tmp_path / "notes.mp4"
    junk.write_text("not a video\n" * 50, encoding="utf-8")
    ws.open_video(str(junk))
    status = ws.findChild(QLabel, "removalOpenStatus")
    qtbot.waitUntil(lambda: "not a readable video" in status.text(), timeout=20000)
    qtbot.wait(50)
    assert cut_labels(ws) == []
    for width in (1000, window.minimumSizeHint().width()):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w, timeout=3000)
        qtbot.wait(50)
        assert cut_labels(ws) == [], f"at {width} px"


# ------------------------------------------------------------------------------------------ a new video
def test_opening_a_video_resets_the_workspace(qtbot, window, engine, uclips, tmp_path):
    ws = window.removal
    _open(qtbot, ws, uclips["other"])
    ws.frame_view.set_zoom(1.0)
    drag(ws.frame_view, aim(ws.frame_view, 100, 80)[0], aim(ws.frame_view, 180, 140)[0])
    ws.masks._show_suggestions([{"x": 10, "y": 10, "w": 40, "h": 20, "score": 0.9, "kind": "opaque"}])
    ws.masks.dismiss()
    ws.tools_panel.set_status("Mask estimated: 68 % of the rectangle is logo. Correct it with the brush (B).")
    ws.output_panel.folder_edit.setText(str(tmp_path / "out"))
    task_id = ws.submit()
    assert task_id is not None and ws.output_panel.status_label.text()
    ws.set_preview_enabled(True)

    _open(qtbot, ws, uclips["hd"])
    assert len(ws.region_model) == 0 and ws.undo_stack.count() == 0
    assert ws.last_task_id is None
    assert ws.output_panel.status_label.text() == ""
    assert not ws.tools_panel.status_label.isVisibleTo(ws)
    assert not ws.tools_panel.suggestions_box.isVisibleTo(ws) and ws.masks.suggestions == []
    assert not ws.preview_enabled
    assert ws.frame_view.fit_mode
    assert ws.output_panel.name_edit.text() == "vtest_clean"
    engine.task_changed.emit(task_id)  # news of the old video's task does not come back
    assert ws.output_panel.status_label.text() == ""
    engine.cancel(task_id)  # nothing left running when the window closes
    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=20000)


# ------------------------------------------------------------------------------------------ banners
def test_new_banners_do_not_move_the_workspace(qtbot, window):
    notices = window.notices
    notices.show_notice("first", "info", "One thing happened.")
    qtbot.wait(50)
    top = window.tabs.mapTo(window, QPoint(0, 0)).y()
    height = window.tabs.height()
    notices.show_notice("second", "warning", "Another thing happened.")
    notices.show_notice("third", "success", "A third thing happened.", timeout_ms=0)
    qtbot.wait(50)
    assert (window.tabs.mapTo(window, QPoint(0, 0)).y(), window.tabs.height()) == (top, height)
    assert notices.texts() == ["One thing happened.", "Another thing happened.", "A third thing happened."]
    assert notices.current().text() == "A third thing happened."
    assert notices.more_button.isVisible() and notices.more_button.text() == "2 more"
    notices.more_button.click()
    assert notices.current().text() == "Another thing happened."
    notices.current().dismiss()
    qtbot.waitUntil(lambda: len(notices.texts()) == 2, timeout=2000)
    assert notices.current() is not None and notices.more_button.text() == "1 more"


def test_unfinished_tasks_banner_goes_when_they_finished(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    engine = gui.engine
    engine.pause_queue()
    task_id = engine.submit("test_steps", [input_file(tmp_path, "next.bin")], {"steps": 2, "step_s": 0.01})
    quit_gui(gui)

    gui = gui_factory()
    qtbot.waitUntil(lambda: bool(gui.window.notices.texts()), timeout=3000)
    assert "will continue" in gui.window.notices.texts()[0]
    qtbot.waitUntil(lambda: gui.engine.task(task_id).status.value == "completed", timeout=20000)
    qtbot.waitUntil(lambda: not any("will continue" in t for t in gui.window.notices.texts()), timeout=3000)


# ------------------------------------------------------------------------------------------ colours
def _max_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The highest contrast of any pixel in ``rect`` against ``background`` (the text's own colour)."""
    best = 1.0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1, 2):
            best = max(best, contrast_ratio(QColor(image.pixel(x, y)), background))
    return best


def _line_contrast(qtbot, view, row: int, line_no: int, selected: bool) -> float:
    """The contrast of the text on line ``line_no`` (0 = name) of ``row`` against the row's background."""
    view.selectAll() if selected else view.clearSelection()
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    palette = view.palette()
    if selected:
        background = palette.color(QPalette.ColorRole.Highlight)
    else:
        background = palette.color(QPalette.ColorRole.AlternateBase if row % 2 else QPalette.ColorRole.Base)
    rect = view.visualRect(view.model().index(row, 0))
    line = view.fontMetrics().height() + 4
    text_x = 8 + 96 + 12 + 20  # past the thumbnail and the warning sign
    return _max_contrast(image, QRect(rect.left() + text_x, rect.top() + 7 + line_no * line, 160, line - 4),
                         background)


@pytest.fixture
def app_palette(qapp):
    """The app's own light palette (as ``mediacraft`` starts), restored afterwards."""
    before = qapp.palette()
    apply_palette(qapp, False)
    yield
    qapp.setPalette(before)


def test_selected_merge_rows_keep_warning_and_error_text_readable(qtbot, app_palette, window, clips, tmp_path):
    window.tabs.setCurrentWidget(window.merge)
    ws = window.merge
    ws.add_paths([str(clips["a"]), str(clips["c30"])])
    qtbot.waitUntil(lambda: ws.model.probing() == 0, timeout=20000)
    qtbot.waitUntil(lambda: ws.model.index(1, 0).data(ClipRole).mismatch is not None, timeout=5000)
    for selected in (False, True):  # the orange "clip 2 has 30 fps" line
        contrast = _line_contrast(qtbot, ws.view, 1, 2, selected)
        assert contrast >= 4.5, f"warning line, selected={selected}: contrast {contrast:.2f}"
    junk = tmp_path / "broken.mp4"
    junk.write_bytes(b"not a video" * 100)
    ws.add_paths([str(junk)])
    qtbot.waitUntil(lambda: ws.model.probing() == 0, timeout=20000)
    qtbot.waitUntil(lambda: bool(ws.model.index(2, 0).data(ClipRole).error_code), timeout=5000)
    for selected in (False, True):  # the red "could not be read" line
        contrast = _line_contrast(qtbot, ws.view, 2, 1, selected)
        assert contrast >= 4.5, f"error line, selected={selected}: contrast {contrast:.2f}"


# ------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize("name", ["../../x/evil", "a/b", "..\\evil", ".."])
def test_removal_file_name_refuses_paths(qtbot, window, uclips, tmp_path, name):
    ws = window.removal
    _open(qtbot, ws, uclips["other"])
    ws.frame_view.set_zoom(1.0)
    drag(ws.frame_view, aim(ws.frame_view, 100, 80)[0], aim(ws.frame_view, 180, 140)[0])
    panel = ws.output_panel
    panel.folder_edit.setText(str(tmp_path / "out"))
    assert panel.submit_button.isEnabled()
    panel.name_edit.clear()
    QTest.keyClicks(panel.name_edit, name)
    assert not panel.submit_button.isEnabled()
    assert "not a file name" in panel.hint_label.text() or "cannot contain" in panel.hint_label.text()
    assert panel.hint_label.isVisible()
    added: list[str] = []
    window.engine.task_added.connect(added.append)
    assert ws.submit() is None and added == []
    assert not (tmp_path / "x").exists() and not (tmp_path / "out").exists()
    panel.name_edit.setText("evil")
    assert panel.submit_button.isEnabled() and not panel.hint_label.isVisible()


@pytest.mark.parametrize("name", ["../../x/evil", "/tmp/evil", "sub\\evil", ".."])
def test_merge_file_name_refuses_paths(qtbot, window, clips, name):
    window.tabs.setCurrentWidget(window.merge)
    ws = window.merge
    ws.add_paths([str(clips["a"]), str(clips["b"])])
    qtbot.waitUntil(lambda: ws.model.probing() == 0, timeout=20000)
    assert ws.submit_button.isEnabled()
    QTest.keyClicks(ws.output_name, name)
    assert not ws.submit_button.isEnabled()
    assert ws.name_message.isVisible() and ws.name_message.text()
    added: list[str] = []
    window.engine.task_added.connect(added.append)
    assert ws.submit() is None and added == []
    assert ws.model.rowCount() == 2, "nothing is lost: the list stays"
    ws.output_name.setText("joined")
    assert ws.submit_button.isEnabled() and not ws.name_message.isVisible()
