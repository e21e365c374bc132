"""The removal workspace driven as a user would: open, step, draw, undo, time ranges, preview, submit.

Real clips (made with ffmpeg at test time), the real MediaService and processors, the real engine on
a private data dir.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.removal_helpers import aim, drag, shown_workspace
from tests.media_factory import make_clip
from ui.removal.messages import open_error_text
from ui.removal.workspace import RemovalWorkspace

FPS = 25
RAMP = ["-vf", "geq=lum='16+4*N':cb=128:cr=128,format=yuv420p"]  # frame n has luma 16+4n (grey 4n*255/219 in RGB)


@pytest.fixture(scope="module")
def rclips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("removal-clips")
    return {
        "ramp": make_clip(folder / "ramp 片段 'a'.mp4", duration=2.0, size="320x240", fps=str(FPS),
                          video="nullsrc", extra=RAMP),
        "other": make_clip(folder / "-other.mp4", duration=1.0, size="320x240", fps=str(FPS)),
        "wide": make_clip(folder / "wide.mkv", duration=1.0, size="480x270", fps=str(FPS)),
    }


@pytest.fixture
def workspace(qtbot, engine, media):
    """The workspace on a started engine (real registry, private data dir) and a real media service."""
    return shown_workspace(qtbot, engine, media)


def _grey(index: int) -> float:
    """The RGB grey level of frame ``index`` of the ramp clip."""
    return 4 * index * 255 / 219


def _luma(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    ptr = image.constBits()
    data = np.frombuffer(ptr, np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())
    rgb = data[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(np.float64)
    return float((rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).mean())


def _open(qtbot, ws: RemovalWorkspace, path: Path) -> None:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(path))
    info = ws.video_info
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (info["width"], info["height"]), timeout=20000)


def _shows_frame(ws: RemovalWorkspace, index: int) -> bool:
    return ws.current_index == index and abs(_luma(ws.frame_view.current_image()) - _grey(index)) < 2.0


def _key(ws: RemovalWorkspace, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(ws.frame_view, key, modifiers)


def _draw(ws: RemovalWorkspace, a: tuple[int, int], b: tuple[int, int]) -> None:
    view = ws.frame_view
    drag(view, aim(view, *a)[0], aim(view, *b)[0])


def test_open_shows_first_frame_and_readouts(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    qtbot.waitUntil(lambda: _shows_frame(workspace, 0), timeout=10000)
    assert workspace.timeline.frame_label.text() == "Frame 1 of 50"
    assert workspace.timeline.time_label.text() == "0:00.000 / 0:02.000"
    assert workspace.timeline.slider.maximum() == 49
    assert workspace.region_model.frame_size == (320, 240)
    assert workspace.output_panel.name_edit.text() == "ramp 片段 'a'_clean"


def test_arrow_keys_step_frames_and_seconds(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    workspace.frame_view.setFocus()
    _key(workspace, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 1), timeout=10000)
    _key(workspace, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 26), timeout=10000)
    assert workspace.timeline.frame_label.text() == "Frame 27 of 50"
    assert workspace.timeline.time_label.text() == "0:01.040 / 0:02.000"
    _key(workspace, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 25), timeout=10000)
    _key(workspace, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 49), timeout=10000)  # stops at the last frame
    _key(workspace, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 24), timeout=10000)
    _key(workspace, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 0), timeout=10000)
    _key(workspace, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 49), timeout=10000)


def test_slider_drag_ends_on_the_last_position(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    slider = workspace.timeline.slider
    for value in range(0, 45, 2):  # the values a mouse drag produces
        slider.setValue(value)
    qtbot.waitUntil(lambda: _shows_frame(workspace, 44), timeout=10000)
    assert workspace.timeline.frame_label.text() == "Frame 45 of 50"


def test_draw_then_undo_redo_and_delete_with_keys(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    view = workspace.frame_view
    view.set_zoom(1.0)
    _draw(workspace, (30, 40), (130, 90))
    model = workspace.region_model
    assert [r.to_config() for r in model.regions()] == [{"x": 30, "y": 40, "w": 100, "h": 50}]
    assert workspace.region_panel.list.count() == 1

    _key(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(model) == 0 and workspace.region_panel.list.count() == 0
    _key(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [r.to_config() for r in model.regions()] == [{"x": 30, "y": 40, "w": 100, "h": 50}]

    _key(workspace, Qt.Key.Key_Delete)
    assert len(model) == 0
    _key(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(model) == 1
    assert workspace.undo_action.isEnabled() and workspace.undo_stack.count() == 2


def test_region_list_and_spin_boxes_edit_exact_pixels(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    workspace.frame_view.set_zoom(1.0)
    _draw(workspace, (10, 10), (50, 50))
    _draw(workspace, (100, 100), (200, 150))
    panel = workspace.region_panel
    panel.list.setCurrentRow(0)
    first = workspace.region_model.ids()[0]
    assert workspace.region_model.selected_id == first
    spin = panel.spins["w"]
    spin.setValue(64)
    assert workspace.region_model.region(first).w == 64
    spin = panel.spins["x"]
    spin.setValue(1000)  # beyond the frame: clamped so the region stays inside
    region = workspace.region_model.region(first)
    assert region.right == 320 and region.w == 64
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert workspace.region_model.region(first).to_config() == {"x": 10, "y": 10, "w": 40, "h": 40}


def test_time_range_from_the_current_frame(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    workspace.frame_view.set_zoom(1.0)
    _draw(workspace, (20, 20), (80, 60))
    region_id = workspace.region_model.ids()[0]
    workspace.seek(10)
    qtbot.mouseClick(workspace.region_panel.start_button, Qt.MouseButton.LeftButton)
    workspace.seek(20)
    qtbot.mouseClick(workspace.region_panel.end_button, Qt.MouseButton.LeftButton)
    config = workspace.region_model.region(region_id).to_config()
    assert config == {"x": 20, "y": 20, "w": 60, "h": 40, "start_s": 0.4, "end_s": 0.84}
    assert workspace.region_panel.time_label.text() == "Applies from 0:00.400 until 0:00.840."
    assert workspace.frame_view.region_item(region_id)._active
    workspace.seek(21)  # past the end: drawn as inactive
    assert not workspace.frame_view.region_item(region_id)._active
    qtbot.mouseClick(workspace.region_panel.whole_button, Qt.MouseButton.LeftButton)
    assert "start_s" not in workspace.region_model.region(region_id).to_config()
    workspace.undo_stack.undo()
    assert workspace.region_model.region(region_id).to_config()["end_s"] == 0.84


def test_not_a_video_shows_a_clear_message(qtbot, workspace, tmp_path):
    junk = tmp_path / "notes.mp4"
    junk.write_text("not a video\n" * 50, encoding="utf-8")
    workspace.open_video(str(junk))
    status = workspace.findChild(type(workspace._empty_status), "removalOpenStatus")
    qtbot.waitUntil(lambda: status.text() == open_error_text("input_unreadable"), timeout=20000)
    assert status.isVisible()
    assert not workspace.output_panel.submit_button.isEnabled()


def test_dropping_a_video_opens_it(qtbot, workspace, rclips):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(rclips["other"]))])
    enter = QDragEnterEvent(workspace.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(workspace, enter)
    assert enter.isAccepted()
    # Qt delivers Drop only to the target of a real drag; hand the event to the handler directly
    drop = QDropEvent(QPointF(workspace.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(workspace.video_opened, timeout=20000):
        workspace.dropEvent(drop)
    assert workspace.current_path == str(rclips["other"])

    two = QMimeData()
    two.setUrls([QUrl.fromLocalFile(str(rclips["other"])), QUrl.fromLocalFile(str(rclips["wide"]))])
    enter = QDragEnterEvent(workspace.rect().center(), Qt.DropAction.CopyAction, two,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(workspace, enter)
    assert not enter.isAccepted()  # one video at a time


def test_a_new_video_starts_without_the_last_ones_regions(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["ramp"])
    workspace.frame_view.set_zoom(1.0)
    _draw(workspace, (20, 20), (80, 60))
    _open(qtbot, workspace, rclips["other"])  # the same size: still a fresh start (issue 9 §5)
    assert len(workspace.region_model) == 0 and workspace.undo_stack.count() == 0
    _draw(workspace, (20, 20), (80, 60))
    _open(qtbot, workspace, rclips["wide"])
    assert len(workspace.region_model) == 0 and workspace.region_model.frame_size == (480, 270)
    assert workspace.undo_stack.count() == 0


def test_live_preview_removes_the_region(qtbot, workspace, rclips):
    _open(qtbot, workspace, rclips["other"])  # testsrc2: detail inside the region to remove
    workspace.frame_view.set_zoom(1.0)
    workspace.seek(5)
    qtbot.waitUntil(lambda: workspace._shown_index == 5, timeout=10000)
    original = workspace.frame_view.current_image().copy()
    _draw(workspace, (100, 80), (180, 140))
    _key(workspace, Qt.Key.Key_P)
    assert workspace.preview_enabled
    status = workspace._status_label
    qtbot.waitUntil(lambda: status.text() == "Preview: this frame with the regions removed.", timeout=30000)
    shown = workspace.frame_view.current_image()
    inside_before = original.copy(100, 80, 80, 60)
    inside_after = shown.copy(100, 80, 80, 60)
    assert inside_before != inside_after
    assert original.copy(0, 0, 80, 60) == shown.copy(0, 0, 80, 60)  # far from the region: unchanged
    _key(workspace, Qt.Key.Key_P)
    assert not workspace.preview_enabled
    assert workspace.frame_view.current_image() == original


def test_submit_adds_the_task_and_it_runs(qtbot, workspace, engine, rclips, tmp_path):
    _open(qtbot, workspace, rclips["other"])
    workspace.frame_view.set_zoom(1.0)
    _draw(workspace, (100, 80), (180, 140))
    panel = workspace.output_panel
    panel.folder_edit.setText(str(tmp_path / "results"))
    panel.name_edit.setText("clean 结果")
    assert panel.submit_button.isEnabled()
    progress: list[float] = []
    engine.task_changed.connect(lambda tid: progress.append(engine.task(tid).progress))
    with qtbot.waitSignal(engine.task_added, timeout=1000) as added:
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
    task_id = added.args[0]
    assert workspace.last_task_id == task_id
    task = engine.task(task_id)
    assert task.task_type == "watermark_removal"
    assert task.inputs[0]["path"] == str(rclips["other"])
    assert task.config["regions"] == [{"x": 100, "y": 80, "w": 80, "h": 60}]
    assert task.config["reference_frame"] == 0
    assert (task.config["method"], task.config["crf"], task.config["container"]) == ("auto", 18, "mp4")
    assert "waiting in the queue" in panel.status_label.text() or "Checking" in panel.status_label.text() \
        or "Removing" in panel.status_label.text()

    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=120000)
    task = engine.task(task_id)
    assert task.status == "completed", (task.error_code, task.error_message)
    assert Path(task.output_path).is_file()
    assert Path(task.output_path).parent == tmp_path / "results"
    assert Path(task.output_path).name == "clean 结果.mp4"
    assert any(0 < p < 100 for p in progress) and max(progress) == 100
    assert panel.status_label.text() == "Finished. Saved as clean 结果.mp4."


def test_submit_needs_a_region_and_a_folder(qtbot, workspace, rclips):
    panel = workspace.output_panel
    assert not panel.submit_button.isEnabled() and panel.hint_label.text() == "Open a video first."
    _open(qtbot, workspace, rclips["other"])
    assert not panel.submit_button.isEnabled()
    assert panel.hint_label.text() == "Draw at least one region over the watermark."
    workspace.frame_view.set_zoom(1.0)
    _draw(workspace, (10, 10), (60, 60))
    panel.folder_edit.setText("")
    assert not panel.submit_button.isEnabled() and panel.hint_label.text() == "Choose an output folder."
    assert workspace.submit() is None
    panel.folder_edit.setText("/tmp")
    assert panel.submit_button.isEnabled()


def test_in_the_main_window_keys_undo_once_and_the_task_shows_in_the_dock(qtbot, engine, window_factory,
                                                                          rclips, tmp_path):
    window = window_factory(engine)
    ws = window.removal
    assert isinstance(ws, RemovalWorkspace)
    window.tabs.setCurrentWidget(ws)
    _open(qtbot, ws, rclips["other"])
    ws.frame_view.set_zoom(1.0)
    _draw(ws, (100, 80), (180, 140))
    _draw(ws, (10, 10), (40, 40))
    model = ws.region_model
    ws.frame_view.setFocus()
    _key(ws, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo: no ambiguous shortcut
    assert len(model) == 1
    _key(ws, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(model) == 2
    ws.output_panel.folder_edit.setText(str(tmp_path / "out"))
    qtbot.mouseClick(ws.output_panel.submit_button, Qt.MouseButton.LeftButton)
    task_id = ws.last_task_id
    assert task_id is not None and engine.task(task_id) is not None
    qtbot.waitUntil(lambda: window.tasks_dock.model.row_of(task_id) is not None, timeout=1000)
