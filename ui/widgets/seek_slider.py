"""A horizontal slider that jumps to the clicked position (a player's timeline), then drags from there.

Qt's QSlider moves one page towards a click on its groove; on a timeline that reads as "the click
moved one second". Here a left click on the groove sets the value under the pointer and grabs the
handle, so the same press can go on dragging. Keys, wheel and handle drags behave as in QSlider.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget


class SeekSlider(QSlider):
    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Horizontal,
                 parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)

    def value_at(self, x: float, y: float) -> int:
        """The value whose handle position is under the point (``x``, ``y``) in widget coordinates."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove,
                                      self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle,
                                      self)
        if self.orientation() == Qt.Orientation.Horizontal:
            start, span, pos = groove.x() + handle.width() / 2, groove.width() - handle.width(), x
        else:
            start, span, pos = groove.y() + handle.height() / 2, groove.height() - handle.height(), y
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), round(pos - start), max(1, span),
                                              option.upsideDown)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            hit = self.style().hitTestComplexControl(QStyle.ComplexControl.CC_Slider, option,
                                                     event.position().toPoint(), self)
            if hit != QStyle.SubControl.SC_SliderHandle:
                point = event.position()
                self.setValue(self.value_at(point.x(), point.y()))
        super().mousePressEvent(event)  # the handle is under the pointer now: the press grabs it
