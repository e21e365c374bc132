"""Graphics items of the mask tools: the tinted mask overlay, the brush outline and detection suggestions.

All live in the frame scene, whose unit is one source pixel, so a mask pixel covers exactly its source
pixel at every zoom (drawn without smoothing), and the brush outline shows the true brush footprint.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

MASK_TINT = QColor(255, 0, 170, 150)  # logo pixels: translucent magenta over the frame
_SUGGESTION = QColor(255, 214, 0)


def tinted(mask: np.ndarray, color: QColor = MASK_TINT) -> QImage:
    """An image of ``mask``'s size: ``color`` where the mask is nonzero, transparent elsewhere."""
    array = np.ascontiguousarray((mask > 0).astype(np.uint8))
    height, width = array.shape
    image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Indexed8)
    image.setColorTable([QColor(0, 0, 0, 0).rgba(), color.rgba()])
    return image.copy()


class MaskOverlayItem(QGraphicsItem):
    """A region's mask over the frame: one tinted source pixel per mask pixel."""

    def __init__(self, region_id: int) -> None:
        super().__init__()
        self.region_id = region_id
        self._rect = QRectF()
        self._image = QImage()
        self.setZValue(0.5)  # over the frame, under the region outlines
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_mask(self, x: int, y: int, mask: np.ndarray) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(x, y, mask.shape[1], mask.shape[0])
        self._image = tinted(mask)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._image.isNull():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(self._rect, self._image)
        painter.restore()


class BrushCursorItem(QGraphicsItem):
    """The brush footprint around the mouse (a circle of the brush's size in source pixels)."""

    def __init__(self) -> None:
        super().__init__()
        self._centre = QPointF()
        self._radius = 1.0
        self._erase = False
        self.setZValue(30)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_brush(self, centre: QPointF, radius: float, erase: bool) -> None:
        self.prepareGeometryChange()
        self._centre = QPointF(centre)
        self._radius = max(0.5, radius)
        self._erase = erase
        self.update()

    def boundingRect(self) -> QRectF:
        r = self._radius + 4
        return QRectF(self._centre.x() - r, self._centre.y() - r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        circle = QRectF(self._centre.x() - self._radius, self._centre.y() - self._radius,
                        2 * self._radius, 2 * self._radius)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for color, width in ((QColor(0, 0, 0, 170), 3.0), (QColor(255, 255, 255), 1.2)):
            pen = QPen(color, width)
            pen.setCosmetic(True)
            if self._erase and width < 2:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawEllipse(circle)
        painter.restore()


class SuggestionItem(QGraphicsItem):
    """A detected watermark candidate: dashed rectangle with its number and score."""

    def __init__(self, number: int, rect: QRectF, score: float) -> None:
        super().__init__()
        self.number = number
        self._rect = QRectF(rect)
        self._score = score
        self._view_scale = 1.0
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def label(self) -> str:
        return f"{self.number} · {round(self._score * 100)} %"

    def set_view_scale(self, scale: float) -> None:
        if scale > 0 and scale != self._view_scale:
            self.prepareGeometryChange()
            self._view_scale = scale

    def boundingRect(self) -> QRectF:
        margin = 24.0 / self._view_scale
        return self._rect.adjusted(-margin, -margin, margin * 4, margin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        device = painter.worldTransform()
        box = QRectF(device.map(self._rect.topLeft()), device.map(self._rect.bottomRight())).normalized()
        painter.save()
        painter.setWorldTransform(QTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3.0))
        painter.drawRect(box)
        pen = QPen(_SUGGESTION, 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(box)
        font = QFont(painter.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        text = self.label()
        tag = QRectF(box.left(), box.bottom() + 2, painter.fontMetrics().horizontalAdvance(text) + 10, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRect(tag)
        painter.setPen(_SUGGESTION)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
