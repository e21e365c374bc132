"""Logo detection in the removal workspace: busy indicator, suggestions on the canvas, accept, undo, cancel.

The real MediaService with a controlled ``detect_logos`` (its answer is known), and the real one at
the end when ``processors.watermark.analysis`` is installed.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mediacraft_desktop import media_service
from processors.contract import Cancelled
from tests.gui import test_removal_mask as mask_cases

LOGO = mask_cases.LOGO
logo_clip = mask_cases.logo_clip  # the same fixtures: a clip with a drawn logo, the workspace
workspace = mask_cases.workspace

FOUND = [
    {"x": 100, "y": 80, "w": 60, "h": 30, "score": 0.93, "kind": "opaque"},
    {"x": 10, "y": 200, "w": 50, "h": 20, "score": 0.41, "kind": "translucent"},
]


def open_clip(qtbot, ws, clip) -> None:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(clip))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (320, 240), timeout=20000)


def detect(qtbot, ws) -> None:
    QTest.keyClick(ws.frame_view, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: not ws.masks.busy, timeout=30000)


def rects(ws) -> list[tuple[int, int, int, int]]:
    return [(r.x, r.y, r.w, r.h) for r in ws.region_model.regions()]


def test_detect_shows_suggestions_and_accepting_adds_undoable_regions(qtbot, workspace, logo_clip, monkeypatch):
    found = [dict(f) for f in FOUND] + [{"x": 1, "y": 2}, "junk"]  # incomplete answers are left out
    found[0].update(x=np.int64(100), score=np.float32(0.93))  # numpy numbers, as an analysis may give them
    monkeypatch.setattr(media_service, "_detect_logos", lambda path, media, cancel: found)
    ws, panel = workspace, workspace.tools_panel
    open_clip(qtbot, ws, logo_clip)
    detect(qtbot, ws)
    items = ws.masks.suggestion_items()
    assert [item.rect().getRect() for item in items] == [(100.0, 80.0, 60.0, 30.0), (10.0, 200.0, 50.0, 20.0)]
    assert [item.label() for item in items] == ["1 · 93 %", "2 · 41 %"]
    assert all(item.scene() is ws.frame_view.scene() for item in items)
    assert panel.suggestion_list.count() == 2 and panel.suggestions_box.isVisibleTo(ws)
    assert panel.suggestion_list.item(1).text() == "2. 50 × 20 at 10, 200 · 41 % · translucent"
    assert "2 possible watermarks found" in panel.status_label.text()

    # accept the second by double-click: one region, one undo step; the suggestion leaves the list
    list_item = panel.suggestion_list.item(1)
    rect = panel.suggestion_list.visualItemRect(list_item)
    viewport = panel.suggestion_list.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    QTest.mouseDClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert rects(ws) == [(10, 200, 50, 20)]
    assert panel.suggestion_list.count() == 1 and len(ws.masks.suggestion_items()) == 1
    ws.undo_stack.undo()
    assert rects(ws) == []

    qtbot.mouseClick(panel.add_all_button, Qt.MouseButton.LeftButton)
    assert rects(ws) == [LOGO]
    assert not panel.suggestions_box.isVisibleTo(ws) and ws.masks.suggestion_items() == []
    assert ws.undo_stack.undoText() == "Add suggested regions"


def test_dismiss_clears_the_suggestions(qtbot, workspace, logo_clip, monkeypatch):
    monkeypatch.setattr(media_service, "_detect_logos", lambda path, media, cancel: [dict(f) for f in FOUND])
    ws, panel = workspace, workspace.tools_panel
    open_clip(qtbot, ws, logo_clip)
    detect(qtbot, ws)
    qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert ws.masks.suggestion_items() == [] and panel.suggestion_list.count() == 0 and rects(ws) == []


def test_cancel_stops_detection_and_the_ui_stays_responsive(qtbot, workspace, logo_clip, monkeypatch):
    started, finished = threading.Event(), threading.Event()

    def slow(path, media, cancel):
        started.set()
        try:
            if cancel.wait(20):
                raise Cancelled("user")
            return [dict(FOUND[0])]
        finally:
            finished.set()

    monkeypatch.setattr(media_service, "_detect_logos", slow)
    ws, panel = workspace, workspace.tools_panel
    open_clip(qtbot, ws, logo_clip)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_D)
    assert started.wait(10)
    assert ws.masks.busy and panel.busy_row.isVisibleTo(ws) and panel.cancel_button.isVisibleTo(ws)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Right)  # the GUI thread is free while it runs
    qtbot.waitUntil(lambda: ws.current_index == 1, timeout=10000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not ws.masks.busy and not panel.busy_row.isVisibleTo(ws)
    assert finished.wait(10)
    qtbot.wait(100)
    assert ws.masks.suggestion_items() == [] and panel.suggestion_list.count() == 0


def test_real_detection_suggests_the_drawn_logo(qtbot, workspace, logo_clip):
    pytest.importorskip("processors.watermark.analysis")
    ws = workspace
    open_clip(qtbot, ws, logo_clip)
    detect(qtbot, ws)
    suggestions = ws.masks.suggestions
    assert suggestions, ws.tools_panel.status_label.text()
    best = suggestions[0]
    x0, y0 = max(best["x"], LOGO[0]), max(best["y"], LOGO[1])
    x1 = min(best["x"] + best["w"], LOGO[0] + LOGO[2])
    y1 = min(best["y"] + best["h"], LOGO[1] + LOGO[3])
    overlap = max(0, x1 - x0) * max(0, y1 - y0)
    assert overlap / (LOGO[2] * LOGO[3]) > 0.8, best
