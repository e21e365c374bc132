"""Compare while editing: the original frame drawn over the removal preview on the frame canvas.

The frame view shows the processed preview; this overlay is an item in the same scene (source pixels),
so it follows every zoom and pan. *Split*: the original covers the part of the frame left of a divider
the user drags sideways (the divider's place is a fraction of the frame's width, kept from frame to
frame). *Hold*: the original covers the whole frame while a key is held. Mouse presses on the divider
are taken before the canvas sees them (an event filter on its viewport); elsewhere the canvas works as
usual, so regions can still be drawn and moved in split view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ui.removal.frame_view import FrameView

GRAB_PX = 8  # viewport pixels either side of the divider that pick it up
_Z = -0.5  # over the frame (-1), under masks (0.5) and region outlines (1+)


class _OriginalItem(QGraphicsItem):
    """Paints the original frame (all of it, or left of the divider), the divider and the side labels."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.image: QImage | None = None
        self.split = 0.5
        self.mode = ""  # "", "split" or "hold"
        self.labels = ("", "")

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        if self.image is None:
            return QRectF()
        return QRectF(0, 0, self.image.width(), self.image.height())

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None) -> None:
        image = self.image
        if image is None or image.isNull() or not self.mode:
            return
        width, height = image.width(), image.height()
        if self.mode == "hold":
            painter.drawImage(QRectF(0, 0, width, height), image)
            self._labels(painter, width, height, self.labels[0], "")
            return
        x = width * self.split
        painter.save()
        painter.setClipRect(QRectF(0, 0, x, height))
        painter.drawImage(QRectF(0, 0, width, height), image)
        painter.restore()
        pen = QPen(QColor("#ffffff"), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        to_view = painter.worldTransform()
        centre = to_view.map(QPointF(x, height / 2))
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setBrush(QColor("#ffffff"))
        painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
        painter.drawEllipse(centre, 7, 7)
        painter.restore()
        self._labels(painter, width, height, *self.labels)

    @staticmethod
    def _labels(painter: QPainter, width: int, height: int, left: str, right: str) -> None:
        """Labels in screen pixels at the top corners of the visible part of the frame."""
        to_view = painter.worldTransform()
        frame = to_view.mapRect(QRectF(0, 0, width, height))
        device = painter.device()
        visible = frame.intersected(QRectF(0, 0, device.width(), device.height()))
        painter.save()
        painter.setWorldTransform(QTransform())
        fm = painter.fontMetrics()
        for text, at_right in ((left, False), (right, True)):
            if not text:
                continue
            box = QRectF(0, visible.top() + 8, fm.horizontalAdvance(text) + 12, fm.height() + 4)
            box.moveLeft(visible.right() - 8 - box.width() if at_right else visible.left() + 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 160))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class CompareOverlay(QObject):
    """Split and hold-to-compare on a ``FrameView``; the workspace feeds it the original frame."""

    split_moved = Signal(float)  # the divider's place, 0 (left edge) .. 1 (right edge) of the frame

    def __init__(self, view: FrameView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._item = _OriginalItem()
        view.scene().addItem(self._item)
        self._split_on = False
        self._holding = False
        self._dragging = False
        view.viewport().installEventFilter(self)

    # -- state -----------------------------------------------------------------------------------------
    @property
    def split(self) -> float:
        return self._item.split

    @property
    def split_shown(self) -> bool:
        return self._split_on

    @property
    def holding(self) -> bool:
        return self._holding

    @property
    def mode(self) -> str:
        """What is drawn now: "hold" (the original over the whole frame), "split" or ""."""
        return self._item.mode

    def set_labels(self, original: str, processed: str) -> None:
        self._item.labels = (original, processed)
        self._item.update()

    @property
    def original(self) -> QImage | None:
        return self._item.image

    def set_original(self, image: QImage | None) -> None:
        """The unprocessed picture of the frame on screen."""
        self._item.prepareGeometryChange()
        self._item.image = image
        self._item.update()

    def set_split_shown(self, shown: bool) -> None:
        self._split_on = shown
        self._dragging = self._dragging and shown
        self._apply()

    def set_holding(self, holding: bool) -> None:
        self._holding = holding
        self._apply()

    def set_split(self, fraction: float) -> None:
        self._item.split = min(1.0, max(0.0, float(fraction)))
        self._item.update()
        self.split_moved.emit(self._item.split)

    def divider_view_x(self) -> float | None:
        """The divider's x in viewport pixels (None without a frame or outside split view)."""
        image = self._item.image
        if not self._split_on or image is None or image.isNull():
            return None
        return self._view.map_from_source(QPointF(image.width() * self._item.split, 0)).x()

    def _apply(self) -> None:
        self._item.mode = "hold" if self._holding else ("split" if self._split_on else "")
        self._item.update()

    # -- dragging the divider --------------------------------------------------------------------------
    def _near_divider(self, pos: QPointF) -> bool:
        x = self.divider_view_x()
        image = self._item.image
        if x is None or image is None or self._holding:
            return False
        top = self._view.map_from_source(QPointF(0, 0)).y()
        bottom = self._view.map_from_source(QPointF(0, image.height())).y()
        return abs(pos.x() - x) <= GRAB_PX and top <= pos.y() <= bottom

    def _split_at(self, pos: QPointF) -> None:
        image = self._item.image
        if image is not None and image.width():
            self.set_split(self._view.map_to_source(pos).x() / image.width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        assert isinstance(event, QMouseEvent)
        pos = event.position()
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.LeftButton and self._near_divider(pos):
                self._dragging = True
                self._split_at(pos)
                return True
            return False
        if kind == QEvent.Type.MouseMove:
            if self._dragging:
                self._split_at(pos)
                return True
            if not event.buttons() and self._near_divider(pos):
                self._view.viewport().setCursor(Qt.CursorShape.SplitHCursor)
                return True
            return False
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            return True
        return False
