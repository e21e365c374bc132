"""Before/after comparison: one picture split by a divider the user drags sideways."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.style import muted_text_color


class CompareView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.before: QImage | None = None
        self.after: QImage | None = None
        self.split = 0.5
        self.before_label = ""
        self.after_label = ""
        self.placeholder = ""
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 320)

    def set_images(self, before: QImage | None, after: QImage | None) -> None:
        self.before, self.after = before, after
        self.update()

    def image_rect(self) -> QRectF:
        image = self.after or self.before
        if image is None or image.isNull():
            return QRectF()
        scale = min(self.width() / image.width(), self.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#111318"))
        rect = self.image_rect()
        if rect.isNull():
            painter.setPen(muted_text_color())
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.placeholder)
            return
        x = rect.left() + rect.width() * self.split
        if self.before is not None and self.after is not None:
            painter.save()
            painter.setClipRect(QRectF(rect.left(), rect.top(), x - rect.left(), rect.height()))
            painter.drawImage(rect, self.before)
            painter.setClipRect(QRectF(x, rect.top(), rect.right() - x, rect.height()))
            painter.drawImage(rect, self.after)
            painter.restore()
            painter.setPen(QPen(QColor("#ffffff"), 2))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(x, rect.center().y()), 7, 7)
            self._label(painter, QPointF(rect.left() + 8, rect.top() + 8), self.before_label)
            fm = painter.fontMetrics()
            self._label(painter, QPointF(rect.right() - 16 - fm.horizontalAdvance(self.after_label), rect.top() + 8),
                        self.after_label)
        else:
            painter.drawImage(rect, self.after or self.before)

    @staticmethod
    def _label(painter: QPainter, at: QPointF, text: str) -> None:
        if not text:
            return
        fm = painter.fontMetrics()
        box = QRectF(at.x(), at.y(), fm.horizontalAdvance(text) + 10, fm.height() + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _set_split_from(self, x: float) -> None:
        rect = self.image_rect()
        if rect.width() > 0:
            self.split = min(1.0, max(0.0, (x - rect.left()) / rect.width()))
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._set_split_from(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._set_split_from(event.position().x())
