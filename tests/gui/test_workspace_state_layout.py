"""The editor's layout at 1280x800: the picture is the largest thing on screen, the side panel folds away
(remembered for the next session), and a long file name does not widen the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.media_factory import make_clip


@pytest.fixture(scope="module")
def lclips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layout-clips")
    long_name = "-" + "很长的文件名 a very long file name " * 6 + ".mp4"
    return {"short": make_clip(folder / "s.mp4", duration=1.0, size="640x360", audio=None),
            "long": make_clip(folder / long_name, duration=1.0, size="640x360", audio=None)}


def _open(qtbot, window, path: Path) -> None:
    ws = window.removal
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(path))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (640, 360), timeout=20000)


def _area(widget) -> int:
    return widget.width() * widget.height() if widget.isVisible() else 0


def test_picture_is_the_largest_and_the_side_panel_folds_away_remembered(qtbot, window_factory, engine, lclips):
    window = window_factory(engine)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.size().width() == 1280, timeout=3000)
    _open(qtbot, window, lclips["short"])
    ws = window.removal
    qtbot.wait(50)
    picture = _area(ws.frame_view.viewport())
    for other in (ws._side_column, window.tasks_dock, ws.timeline):
        assert picture > _area(other), other.objectName()
    width_with_panel = ws.frame_view.width()

    ws.frame_view.setFocus()
    QTest.keyClick(ws.frame_view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not ws.side_panel_visible and not ws._side_column.isVisible()
    qtbot.waitUntil(lambda: ws.frame_view.width() > width_with_panel + 250, timeout=3000)

    later = window_factory(engine)  # the next session
    assert not later.removal.side_panel_visible
    later.removal.set_side_panel_visible(True)
    assert window_factory(engine).removal.side_panel_visible


def test_a_long_file_name_does_not_widen_the_window(qtbot, window_factory, engine, lclips):
    window = window_factory(engine)
    _open(qtbot, window, lclips["short"])
    qtbot.wait(50)
    short_min = window.minimumSizeHint().width()
    _open(qtbot, window, lclips["long"])
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1250  # fits a 1280 px screen (was 2603 with this name)
    assert window.minimumSizeHint().width() - short_min < 150  # (a short name: 1270 before)
    label = window.removal._file_label
    assert label.toolTip() == str(lclips["long"]) and label.text() == lclips["long"].name
