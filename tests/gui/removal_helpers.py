"""Helpers for the removal tests: a shown workspace; map source pixels to viewport points as a user aims."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider

from ui.removal.frame_view import FrameView
from ui.removal.workspace import RemovalWorkspace


def shown_workspace(qtbot, engine, media) -> RemovalWorkspace:
    """The removal workspace on ``engine`` and ``media``, shown, exposed and active (1300x800)."""
    ws = RemovalWorkspace(engine, media)
    qtbot.addWidget(ws)
    ws.resize(1300, 800)
    ws.show()
    qtbot.waitExposed(ws)
    ws.activateWindow()
    return ws


def aim(view: FrameView, sx: float, sy: float) -> tuple[QPoint, tuple[int, int]]:
    """The viewport pixel a user would click to hit source boundary ``(sx, sy)``, and the boundary it hits.

    Zoomed in (>= 1) every boundary is reachable, so the returned boundary is ``(sx, sy)`` itself.
    Zoomed out one screen pixel spans several source pixels; then the nearest viewport pixel whose
    position maps exactly onto a boundary is chosen (from the view's public transform) and returned.
    """
    transform = view.viewportTransform()
    inverse, _ok = transform.inverted()
    target = transform.map(QPointF(sx, sy))
    best: tuple[float, QPoint, tuple[int, int]] | None = None
    for dx in range(-3, 4):
        for dy in range(-3, 4):
            point = QPoint(round(target.x()) + dx, round(target.y()) + dy)
            source = inverse.map(QPointF(point))
            hit = (round(source.x()), round(source.y()))
            if view.zoom() < 1 and (abs(source.x() - hit[0]) > 1e-6 or abs(source.y() - hit[1]) > 1e-6):
                continue
            if view.zoom() >= 1 and hit != (round(sx), round(sy)):
                continue
            cost = math.hypot(point.x() - target.x(), point.y() - target.y())
            if best is None or cost < best[0]:
                best = (cost, point, hit)
    assert best is not None, f"no viewport pixel reaches ({sx}, {sy}) at zoom {view.zoom()}"
    return best[1], best[2]


def drag(view: FrameView, start: QPoint, end: QPoint, button=Qt.MouseButton.LeftButton,
         modifiers=Qt.KeyboardModifier.NoModifier, steps: int = 5) -> None:
    """Press at ``start``, move in a few steps, release at ``end`` (like a hand on a mouse)."""
    viewport = view.viewport()
    QTest.mouseMove(viewport, start)
    QTest.mousePress(viewport, button, modifiers, start)
    for i in range(1, steps + 1):
        point = QPoint(start.x() + (end.x() - start.x()) * i // steps, start.y() + (end.y() - start.y()) * i // steps)
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, button, modifiers, end)


def click(view: FrameView, point: QPoint) -> None:
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def slider_point(slider: QSlider, value: int) -> QPoint:
    """Where the handle's centre sits for ``value`` (from the style's own geometry): where a user grabs it."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider)
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider)
    span = groove.width() - handle.width()
    x = groove.x() + handle.width() // 2 + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value,
                                                                           span)
    return QPoint(x, slider.height() // 2)
