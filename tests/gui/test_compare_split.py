"""Compare while editing: split view with a draggable divider and hold-to-compare, on the real canvas.

A grey clip with a white box burned in; a region over the box; the removal preview (border interpolation)
turns the box grey. What the user sees is read from the canvas's viewport, left and right of the divider.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.removal_helpers import aim, drag, shown_workspace
from tests.media_factory import make_clip
from ui.removal.workspace import RemovalWorkspace

BOX = (110, 90, 100, 60)  # the white "logo" in the 320x240 grey clip
REGION = ((100, 80), (220, 160))
ROW = 100  # inside the box, away from the divider's round handle (at the frame's middle height)
PREVIEW_DONE = "Preview: this frame with the regions removed."


@pytest.fixture(scope="module")
def box_clip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("compare-clips")
    x, y, w, h = BOX
    return make_clip(folder / "-box 片段 'c'.mp4", duration=1.0, size="320x240", video="color",
                     video_opts="c=0x606060", audio=None,
                     extra=["-vf", f"drawbox=x={x}:y={y}:w={w}:h={h}:color=white:t=fill"])


@pytest.fixture
def ws(qtbot, engine, media, box_clip) -> RemovalWorkspace:
    workspace = shown_workspace(qtbot, engine, media)
    with qtbot.waitSignal(workspace.video_opened, timeout=20000):
        workspace.open_video(str(box_clip))
    qtbot.waitUntil(lambda: workspace.frame_view.frame_size == (320, 240), timeout=20000)
    workspace.frame_view.set_zoom(1.0)
    view = workspace.frame_view
    drag(view, aim(view, *REGION[0])[0], aim(view, *REGION[1])[0])
    assert len(workspace.region_model) == 1
    return workspace


def _grey_at(ws: RemovalWorkspace, sx: float, sy: float) -> int:
    """The grey level the user sees at source pixel (sx, sy), read from the canvas on screen."""
    view = ws.frame_view
    shot: QImage = view.viewport().grab().toImage()
    point = view.map_from_source(QPointF(sx, sy)).toPoint()
    scale = shot.width() / view.viewport().width()
    return shot.pixelColor(round(point.x() * scale), round(point.y() * scale)).lightness()


def _is_white(level: int) -> bool:
    return level > 200  # the box (255); grey is 0x60 = 96


def _is_grey(level: int) -> bool:
    return 70 < level < 130


def _key(ws: RemovalWorkspace, key: Qt.Key) -> None:
    QTest.keyClick(ws.frame_view, key)


def test_split_shows_original_left_and_preview_right_and_the_divider_drags(qtbot, ws):
    region_before = ws.region_model.regions()
    _key(ws, Qt.Key.Key_S)
    assert ws.split_enabled and ws.preview_enabled and ws.compare.mode == "split"
    qtbot.waitUntil(lambda: ws.status_text() == PREVIEW_DONE, timeout=30000)
    qtbot.wait(20)
    # divider in the middle of the frame (x 160): the box is white left of it, removed (grey) right of it
    assert ws.compare.split == pytest.approx(0.5)
    assert _is_white(_grey_at(ws, 130, ROW)) and _is_grey(_grey_at(ws, 190, ROW))
    assert _is_grey(_grey_at(ws, 40, 40))  # outside the box both are grey

    # drag the divider to x 200 (of 320): 190 is now on the original's side
    view = ws.frame_view
    x = ws.compare.divider_view_x()
    y = round(view.map_from_source(QPointF(0, 120)).y())
    target = round(view.map_from_source(QPointF(200, 0)).x())
    drag(view, QPoint(round(x), y), QPoint(target, y))
    assert ws.compare.split == pytest.approx(200 / 320, abs=0.01)
    qtbot.wait(20)
    assert _is_white(_grey_at(ws, 190, ROW)) and _is_grey(_grey_at(ws, 205, ROW))
    assert ws.region_model.regions() == region_before and ws.undo_stack.count() == 1  # no region drawn or moved

    # zoomed in, the divider stays on the same source column
    view.set_zoom(3.0)
    qtbot.wait(20)
    assert ws.compare.divider_view_x() == pytest.approx(view.map_from_source(QPointF(200, 0)).x(), abs=1)
    assert _is_white(_grey_at(ws, 195, ROW)) and _is_grey(_grey_at(ws, 204, ROW))

    # off again: the preview stays, the original no longer covers it
    _key(ws, Qt.Key.Key_S)
    assert not ws.split_enabled and ws.preview_enabled and ws.compare.mode == ""
    qtbot.wait(20)
    assert _is_grey(_grey_at(ws, 160, ROW))


def test_drawing_still_works_in_split_view_away_from_the_divider(qtbot, ws):
    ws.set_split_enabled(True)
    view = ws.frame_view
    drag(view, aim(view, 20, 20)[0], aim(view, 60, 50)[0])
    assert len(ws.region_model) == 2


def test_hold_to_compare_shows_the_original_while_the_key_is_down(qtbot, ws):
    _key(ws, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: ws.status_text() == PREVIEW_DONE, timeout=30000)
    qtbot.wait(20)
    assert _is_grey(_grey_at(ws, 160, ROW))  # the box removed
    QTest.keyPress(ws.frame_view, Qt.Key.Key_C)
    assert ws.holding and ws.compare.mode == "hold"
    for kind in (QEvent.Type.KeyRelease, QEvent.Type.KeyPress):  # auto-repeat while held (as X11 sends it)
        QApplication.sendEvent(ws.frame_view, QKeyEvent(kind, Qt.Key.Key_C, Qt.KeyboardModifier.NoModifier, "c",
                                                        True))
    assert ws.holding
    qtbot.wait(20)
    assert _is_white(_grey_at(ws, 160, ROW))  # the original
    QTest.keyRelease(ws.frame_view, Qt.Key.Key_C)
    assert not ws.holding and ws.compare.mode == "" and ws.preview_enabled
    qtbot.wait(20)
    assert _is_grey(_grey_at(ws, 160, ROW))


def test_hold_with_the_preview_off_shows_the_preview_until_released(qtbot, ws):
    assert not ws.preview_enabled
    QTest.keyPress(ws.frame_view, Qt.Key.Key_Backslash)
    assert ws.holding and ws.preview_enabled
    qtbot.waitUntil(lambda: ws.status_text() == PREVIEW_DONE, timeout=30000)
    qtbot.wait(20)
    assert _is_grey(_grey_at(ws, 160, ROW))
    QTest.keyRelease(ws.frame_view, Qt.Key.Key_Backslash)
    assert not ws.holding and not ws.preview_enabled
    qtbot.wait(20)
    assert _is_white(_grey_at(ws, 160, ROW))


def test_typing_c_in_the_file_name_is_text_not_a_compare(qtbot, ws):
    name = ws.output_panel.name_edit
    name.setFocus()
    name.selectAll()
    QTest.keyClicks(name, "clean")
    assert name.text() == "clean" and not ws.holding and not ws.preview_enabled
