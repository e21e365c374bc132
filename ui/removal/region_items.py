"""Graphics item that draws one region on the frame canvas.

The scene is in source pixels (1 scene unit = 1 pixel of the displayed frame); borders, handles and
labels are drawn at a constant size on screen whatever the zoom, using the painter's device transform.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

HANDLE_PX = 8.0  # handle square size in device-independent pixels
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")

_ACCENT = QColor(255, 112, 67)  # region outline
_SELECTED = QColor(41, 182, 246)  # selected outline and handles
_INACTIVE = QColor(180, 180, 180)  # region outside its time range at this frame


def handle_points(rect: QRectF) -> dict[str, QPointF]:
    """Centre of each resize handle of ``rect`` (in the same coordinates as ``rect``)."""
    cx, cy = rect.center().x(), rect.center().y()
    return {
        "tl": rect.topLeft(), "t": QPointF(cx, rect.top()), "tr": rect.topRight(),
        "r": QPointF(rect.right(), cy), "br": rect.bottomRight(), "b": QPointF(cx, rect.bottom()),
        "bl": rect.bottomLeft(), "l": QPointF(rect.left(), cy),
    }


class RegionItem(QGraphicsItem):
    """A region rectangle with its number, selection handles and time-range state."""

    def __init__(self, region_id: int, rect: QRectF, number: int, draft: bool = False) -> None:
        super().__init__()
        self.region_id = region_id
        self._rect = QRectF(rect)
        self._number = number
        self._selected = False
        self._active = True
        self._outline_only = False
        self._filled = True
        self._draft = draft
        self._view_scale = 1.0
        self.setZValue(10 if draft else 1)

    # -- state -----------------------------------------------------------------------------------------
    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def set_rect(self, rect: QRectF) -> None:
        if rect == self._rect:
            return
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def set_number(self, number: int) -> None:
        if number != self._number:
            self._number = number
            self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def set_active(self, active: bool) -> None:
        if active != self._active:
            self._active = active
            self.update()

    def set_outline_only(self, outline_only: bool) -> None:
        if outline_only != self._outline_only:
            self._outline_only = outline_only
            self.update()

    def set_filled(self, filled: bool) -> None:
        """Whether the rectangle is tinted inside (off while its mask overlay shows the logo pixels)."""
        if filled != self._filled:
            self._filled = filled
            self.update()

    def set_view_scale(self, scale: float) -> None:
        """The view's zoom; the bounding rect grows by the handles' on-screen size."""
        if scale > 0 and scale != self._view_scale:
            self.prepareGeometryChange()
            self._view_scale = scale

    # -- QGraphicsItem ---------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        margin = (HANDLE_PX + 24.0) / self._view_scale  # handles and the number tag
        return self._rect.adjusted(-margin, -margin, margin, margin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        device = painter.worldTransform()
        top_left = device.map(self._rect.topLeft())
        bottom_right = device.map(self._rect.bottomRight())
        box = QRectF(top_left, bottom_right).normalized()
        painter.save()
        painter.setWorldTransform(QTransform())  # draw in device-independent pixels from here on
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        color = _SELECTED if self._selected or self._draft else (_ACCENT if self._active else _INACTIVE)
        if not self._outline_only and self._filled:
            fill = QColor(color)
            fill.setAlpha(55 if self._active else 25)
            painter.fillRect(box, fill)
            if not self._active:
                painter.fillRect(box, QBrush(QColor(0, 0, 0, 70), Qt.BrushStyle.BDiagPattern))
        # a dark halo under the coloured line keeps it visible on any picture
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 150), 3.0))
        painter.drawRect(box)
        pen = QPen(color, 1.5)
        if self._draft or not self._active or self._outline_only:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(box)

        if not self._draft:
            self._paint_tag(painter, box, color)
        if self._selected and not self._draft:
            painter.setPen(QPen(QColor(20, 20, 20), 1.0))
            painter.setBrush(QColor(255, 255, 255))
            half = HANDLE_PX / 2
            for point in handle_points(box).values():
                painter.drawRect(QRectF(point.x() - half, point.y() - half, HANDLE_PX, HANDLE_PX))
        painter.restore()

    def _paint_tag(self, painter: QPainter, box: QRectF, color: QColor) -> None:
        font = QFont(painter.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        text = str(self._number)
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        tag = QRectF(box.left(), box.top() - 16, max(16.0, width), 16)
        if tag.top() < 0:
            tag.moveTop(box.top())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRect(tag)
        painter.setPen(QColor(0, 0, 0))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
