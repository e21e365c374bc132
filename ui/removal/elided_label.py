"""A one-line label that shows "…" where its text does not fit, instead of cutting it (full text in the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Wants its whole text's width but may be squeezed down to ``keep_px`` (elided at ``mode``)."""

    def __init__(self, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, keep_px: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._mode = mode
        self._keep_px = keep_px

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        if not self.text():
            return QSize(0, super().minimumSizeHint().height())
        metrics = self.fontMetrics()
        keep = max(self._keep_px, metrics.horizontalAdvance("…") * 4)
        return QSize(min(keep, metrics.horizontalAdvance(self.text()) + 2), super().minimumSizeHint().height())

    def elided_text(self) -> str:
        """What is on screen now."""
        return self.fontMetrics().elidedText(self.text(), self._mode, self.contentsRect().width())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.elided_text())
