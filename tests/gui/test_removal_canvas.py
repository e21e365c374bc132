"""The frame canvas driven with the mouse: draw, move, resize, delete, undo/redo at several zoom levels.

Every assertion is on the region model in source pixels; the mouse positions are computed from the
view's transform the way a user aims at a pixel on screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QUndoStack, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.removal_helpers import aim, click, drag
from ui.removal.frame_view import FrameView
from ui.removal.region_model import Region, RegionModel

FRAME_W, FRAME_H = 320, 180
ZOOMS = [0.5, 1.0, 2.37]


@pytest.fixture
def canvas(qtbot):
    model = RegionModel()
    stack = QUndoStack()
    view = FrameView(model, stack)
    qtbot.addWidget(view)
    view.resize(900, 620)
    view.show()
    qtbot.waitExposed(view)
    image = QImage(FRAME_W, FRAME_H, QImage.Format.Format_RGB32)
    image.fill(QColor(90, 110, 130))
    model.set_frame_size(FRAME_W, FRAME_H)
    view.set_frame(image)
    view._test_keep = (model, stack)  # keep Python owners alive with the view
    return view, model, stack


def _draw(view: FrameView, a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    start, hit_a = aim(view, *a)
    end, hit_b = aim(view, *b)
    drag(view, start, end)
    return hit_a, hit_b


@pytest.mark.parametrize("zoom", ZOOMS)
def test_draw_region_in_source_pixels(canvas, zoom):
    view, model, stack = canvas
    view.set_zoom(zoom)
    assert view.zoom() == pytest.approx(zoom)
    hit_a, hit_b = _draw(view, (40, 30), (141, 93))
    assert len(model) == 1
    region = model.regions()[0]
    assert (region.x, region.y, region.right, region.bottom) == (*hit_a, *hit_b)
    if zoom >= 1:
        assert (region.x, region.y, region.w, region.h) == (40, 30, 101, 63)
    else:  # one screen pixel covers 1/zoom source pixels: the user lands within that distance
        assert abs(region.x - 40) <= 1 / zoom and abs(region.bottom - 93) <= 1 / zoom
    assert model.selected_id == model.ids()[0]
    assert stack.count() == 1 and stack.canUndo()

    # drawing backwards (bottom-right to top-left) gives the same normalised rectangle
    hit_c, hit_d = _draw(view, (300, 170), (200, 120))
    second = model.regions()[1]
    assert (second.x, second.y, second.right, second.bottom) == (hit_d[0], hit_d[1], hit_c[0], hit_c[1])


@pytest.mark.parametrize("zoom", ZOOMS)
def test_move_region_keeps_size(canvas, zoom):
    view, model, stack = canvas
    view.set_zoom(zoom)
    _draw(view, (50, 40), (130, 100))
    before = model.regions()[0]
    inside, _ = aim(view, before.x + before.w / 2, before.y + before.h / 2)
    # move by a whole number of screen pixels that is (exactly) 30 and -12 source pixels at this zoom
    delta = QPoint(round(30 * zoom), round(-12 * zoom))
    drag(view, inside, inside + delta)
    after = model.regions()[0]
    assert (after.w, after.h) == (before.w, before.h)
    assert (after.x - before.x, after.y - before.y) == (30, -12)
    assert stack.count() == 2 and stack.undoText() == "Move region"


@pytest.mark.parametrize("zoom", ZOOMS)
def test_resize_by_each_corner_handle(canvas, zoom):
    view, model, stack = canvas
    view.set_zoom(zoom)
    _draw(view, (60, 40), (160, 120))
    r0 = model.regions()[0]

    # bottom-right handle: +20, +14 source pixels
    handle = view.map_from_source(QPointF(r0.right, r0.bottom)).toPoint()
    drag(view, handle, handle + QPoint(round(20 * zoom), round(14 * zoom)))
    r1 = model.regions()[0]
    assert (r1.x, r1.y, r1.right, r1.bottom) == (r0.x, r0.y, r0.right + 20, r0.bottom + 14)

    # top-left handle: -10, -6 source pixels
    handle = view.map_from_source(QPointF(r1.x, r1.y)).toPoint()
    drag(view, handle, handle + QPoint(round(-10 * zoom), round(-6 * zoom)))
    r2 = model.regions()[0]
    assert (r2.x, r2.y, r2.right, r2.bottom) == (r1.x - 10, r1.y - 6, r1.right, r1.bottom)

    # right edge handle only changes the width
    handle = view.map_from_source(QPointF(r2.right, r2.y + r2.h / 2)).toPoint()
    drag(view, handle, handle + QPoint(round(-40 * zoom), round(25 * zoom)))
    r3 = model.regions()[0]
    assert (r3.x, r3.y, r3.w, r3.h) == (r2.x, r2.y, r2.w - 40, r2.h)
    assert stack.undoText() == "Resize region"

    # undo walks back through every step exactly
    stack.undo()
    assert model.regions()[0] == r2
    stack.undo()
    assert model.regions()[0] == r1
    stack.undo()
    assert model.regions()[0] == r0
    stack.redo()
    stack.redo()
    stack.redo()
    assert model.regions()[0] == r3


def test_regions_do_not_depend_on_zoom(canvas):
    view, model, _stack = canvas
    view.set_zoom(2.37)
    _draw(view, (10, 20), (90, 70))
    drawn = model.regions()[0]
    for zoom in (0.5, 1.0, 4.0, 2.37):
        view.set_zoom(zoom)
        assert model.regions()[0] == drawn
        item = view.region_item(model.ids()[0])
        top_left = view.map_from_source(QPointF(drawn.x, drawn.y))
        expected = view.viewportTransform().map(item.rect().topLeft())
        assert (top_left - expected).manhattanLength() < 1e-6
    view.fit()
    assert model.regions()[0] == drawn


def test_edits_are_clamped_to_the_frame(canvas):
    view, model, _stack = canvas
    view.set_zoom(1.0)
    # drawn from outside the frame (top-left beyond the picture) to inside
    outside = view.map_from_source(QPointF(-30, -20)).toPoint()
    inside, _ = aim(view, 50, 40)
    drag(view, outside, inside)
    assert model.regions()[0] == Region(0, 0, 50, 40)
    # moved far past the bottom-right corner: stays inside at its size
    centre, _ = aim(view, 25, 20)
    drag(view, centre, centre + QPoint(1000, 1000))
    assert model.regions()[0] == Region(FRAME_W - 50, FRAME_H - 40, 50, 40)
    # resized smaller than the minimum: stops at the minimum size
    handle = view.map_from_source(QPointF(FRAME_W - 50, FRAME_H - 40)).toPoint()
    drag(view, handle, handle + QPoint(200, 200))
    region = model.regions()[0]
    assert (region.w, region.h) == (4, 4) and region.right == FRAME_W and region.bottom == FRAME_H


def test_click_selects_and_empty_click_deselects_without_new_region(canvas):
    view, model, stack = canvas
    view.set_zoom(1.0)
    _draw(view, (20, 20), (60, 60))
    _draw(view, (100, 20), (150, 60))
    first, second = model.ids()
    assert model.selected_id == second
    point, _ = aim(view, 40, 40)
    click(view, point)
    assert model.selected_id == first
    empty, _ = aim(view, 250, 150)
    click(view, empty)
    assert model.selected_id is None
    assert len(model) == 2 and stack.count() == 2  # clicks create nothing


def test_delete_selected_and_undo_redo(canvas):
    view, model, stack = canvas
    view.set_zoom(1.0)
    _draw(view, (20, 20), (60, 60))
    _draw(view, (100, 20), (150, 60))
    first, second = model.ids()
    click(view, aim(view, 30, 30)[0])
    assert view.delete_selected()
    assert model.ids() == [second]
    stack.undo()
    assert model.ids() == [first, second]  # back at its place in the list, selected again
    assert model.selected_id == first
    stack.redo()
    assert model.ids() == [second]
    assert not view.delete_selected() or model.selected_id is None


def test_middle_drag_pans_without_touching_regions(canvas):
    view, model, _stack = canvas
    view.set_zoom(6.0)  # larger than the view: scroll bars appear
    _draw(view, (100, 80), (120, 100))
    drawn = model.regions()[0]
    h0 = view.horizontalScrollBar().value()
    v0 = view.verticalScrollBar().value()
    centre = view.viewport().rect().center()
    drag(view, centre, centre + QPoint(-120, -60), button=Qt.MouseButton.MiddleButton)
    assert view.horizontalScrollBar().value() == h0 + 120
    assert view.verticalScrollBar().value() == v0 + 60
    assert model.regions() == [drawn]


def test_space_drag_pans(canvas):
    view, model, _stack = canvas
    view.set_zoom(6.0)
    view.setFocus()
    h0 = view.horizontalScrollBar().value()
    QTest.keyPress(view, Qt.Key.Key_Space)
    centre = view.viewport().rect().center()
    drag(view, centre, centre + QPoint(-80, 0))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert view.horizontalScrollBar().value() == h0 + 80
    assert len(model) == 0


def test_ctrl_wheel_zooms_around_the_cursor(canvas):
    view, _model, _stack = canvas
    view.set_zoom(4.0)  # larger than the view, so it can scroll to keep the anchor
    anchor = view.map_from_source(QPointF(200, 100)).toPoint()
    assert view.viewport().rect().contains(anchor)
    event = QWheelEvent(QPointF(anchor), QPointF(view.viewport().mapToGlobal(anchor)), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() == pytest.approx(5.0)
    assert not view.fit_mode
    # the source point under the cursor stays under the cursor (within a screen pixel)
    after = view.map_from_source(QPointF(200, 100))
    assert abs(after.x() - anchor.x()) <= 1.0 and abs(after.y() - anchor.y()) <= 1.0


def test_escape_cancels_a_drag(canvas):
    view, model, stack = canvas
    view.set_zoom(1.0)
    _draw(view, (20, 20), (60, 60))
    before = model.regions()[0]
    viewport = view.viewport()
    start, _ = aim(view, 40, 40)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(50, 50))
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(50, 50))
    assert model.regions()[0] == before and stack.count() == 1
