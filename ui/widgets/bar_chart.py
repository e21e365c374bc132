"""A stacked bar chart painted with QPainter (no chart library needed)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ui.style import muted_text_color


@dataclass
class Series:
    label: str
    color: QColor
    values: list[int]


def nice_max(value: int) -> int:
    """A round axis maximum ≥ value (1, 2, 5, 10, 20, 50...)."""
    if value <= 5:
        return max(1, value)
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return step * m
        step *= 10


def tick_count(top: int) -> int:
    """Grid intervals with whole-number labels for a ``nice_max`` top: one per unit up to 5, else five."""
    return top if top <= 5 else 5


class StackedBarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.empty_text = ""
        self._bars: list[tuple[QRectF, int]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 160)

    def set_data(self, categories: list[str], series: list[Series]) -> None:
        self.categories = list(categories)
        self.series = [s for s in series if len(s.values) == len(categories)]
        self.update()

    def totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        muted = muted_text_color()
        text_color = self.palette().windowText().color()
        totals = self.totals()
        top = nice_max(max(totals, default=0))
        legend_h = fm.height() + 8 if self.series else 0
        left = fm.horizontalAdvance(str(top)) + 10
        plot = QRectF(left, legend_h + 6, self.width() - left - 8, self.height() - legend_h - fm.height() - 14)
        self._bars = []
        if plot.width() < 20 or plot.height() < 20:
            return
        # legend
        x = left
        for s in self.series:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(s.color)
            painter.drawRoundedRect(QRectF(x, 4 + (fm.height() - 10) / 2, 10, 10), 2, 2)
            painter.setPen(text_color)
            painter.drawText(QPointF(x + 14, 4 + fm.ascent()), s.label)
            x += 14 + fm.horizontalAdvance(s.label) + 16
        # grid and y labels (whole numbers only)
        grid = QPen(muted)
        grid.setWidthF(0.5)
        grid.setStyle(Qt.PenStyle.DotLine)
        steps = tick_count(top)
        for i in range(steps + 1):
            y = plot.bottom() - plot.height() * i / steps
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(top * i // steps))
        if not self.categories or not any(totals):
            painter.setPen(muted)
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
            return
        n = len(self.categories)
        slot = plot.width() / n
        bar_w = max(2.0, slot * 0.62)
        label_every = max(1, int(fm.horizontalAdvance("00-00") * 1.4 // slot) + 1)
        for i, category in enumerate(self.categories):
            x = plot.left() + i * slot + (slot - bar_w) / 2
            y = plot.bottom()
            for s in self.series:
                value = s.values[i]
                if not value:
                    continue
                h = plot.height() * value / top
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(s.color)
                painter.drawRect(QRectF(x, y - h, bar_w, h))
                y -= h
            self._bars.append((QRectF(plot.left() + i * slot, plot.top(), slot, plot.height()), i))
            if i % label_every == 0 or i == n - 1:
                painter.setPen(muted)
                painter.drawText(QRectF(plot.left() + i * slot - 20, plot.bottom() + 4, slot + 40, fm.height()),
                                 int(Qt.AlignmentFlag.AlignHCenter), category)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            for rect, i in self._bars:
                if rect.contains(QPointF(event.pos())):
                    lines = [self.categories[i]] + [f"{s.label}: {s.values[i]}" for s in self.series if s.values[i]]
                    QToolTip.showText(event.globalPos(), "\n".join(lines), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)
