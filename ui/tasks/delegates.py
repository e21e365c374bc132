"""Painted cells: a coloured status badge and a progress bar with stage text and an honest ETA."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.formatting import eta_text
from ui.i18n import status_label
from ui.style import status_color
from ui.tasks.model import Role

Index = QModelIndex | QPersistentModelIndex


class StatusBadgeDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = index.data(Role.STATUS)
        if status is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        text = status_label(status)
        fm = QFontMetrics(option.font)
        width = min(option.rect.width() - 8, fm.horizontalAdvance(text) + 16)
        height = min(option.rect.height() - 6, fm.height() + 4)
        badge = QRectF(option.rect.left() + 4, option.rect.center().y() - height / 2 + 1, width, height)
        color = status_color(status)
        fill = QColor(color)
        fill.setAlpha(40)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(color)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(color if not option.state & QStyle.StateFlag.State_Selected
                       else option.palette.highlightedText().color())
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, fm.elidedText(text, Qt.TextElideMode.ElideRight,
                                                                             int(width) - 8))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, hint.height())


def progress_caption(percent: float, stage: str, eta: float | None, status: str) -> str:
    """What the bar says: percent, stage text and, once measured, the time left."""
    parts = [f"{percent:.0f}%"]
    if stage and status in ("running", "queued", "interrupted", "paused"):
        parts.append(stage)
    if eta is not None and status == "running":
        parts.append(eta_text(eta))
    return " · ".join(parts)


class ProgressDelegate(QStyledItemDelegate):
    """The caption (percent · stage · time left) above a thin bar in the status colour."""

    BAR_HEIGHT = 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = index.data(Role.STATUS)
        if status is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        percent = max(0.0, min(100.0, float(index.data(Role.PROGRESS) or 0.0)))
        caption = progress_caption(percent, index.data(Role.STAGE) or "", index.data(Role.ETA), status)
        rect = option.rect.adjusted(6, 3, -6, -4)
        fm = option.fontMetrics
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_rect = QRect(rect.left(), rect.top(), rect.width(), rect.height() - self.BAR_HEIGHT - 2)
        painter.setPen(option.palette.highlightedText().color() if selected else option.palette.text().color())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         fm.elidedText(caption, Qt.TextElideMode.ElideRight, text_rect.width()))
        track = QRectF(rect.left(), rect.bottom() - self.BAR_HEIGHT, rect.width(), self.BAR_HEIGHT)
        back = QColor(option.palette.text().color())
        back.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(back)
        painter.drawRoundedRect(track, 3, 3)
        if percent > 0:
            fill = QRectF(track.left(), track.top(), max(track.height(), track.width() * percent / 100), track.height())
            painter.setBrush(status_color(status))
            painter.drawRoundedRect(fill, 3, 3)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(220, max(hint.height(), option.fontMetrics.height() + self.BAR_HEIGHT + 10))
