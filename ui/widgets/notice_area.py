"""In-window notices: coloured bars with a message, an optional action button and a close button, one at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QToolButton, QWidget

from ui import icons
from ui.style import is_dark

LEVEL_ICONS = {"info": "info", "success": "ok", "warning": "warning", "error": "error"}
LEVEL_COLORS = {"info": "#2563eb", "success": "#16a34a", "warning": "#d97706", "error": "#dc2626"}
MAX_VISIBLE = 4
Text = str | Callable[[], str]  # a callable is re-evaluated when the language changes


def _resolve(text: Text) -> str:
    return text() if callable(text) else text


class Notice(QFrame):
    closed = Signal()

    def __init__(self, key: str, level: str, text: Text, action_text: Text | None,
                 action: Callable[[], None] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.level = level
        self._text = text
        self._action_text = action_text
        self.setObjectName(f"notice_{key}")
        color = QColor(LEVEL_COLORS.get(level, LEVEL_COLORS["info"]))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        glyph = QLabel(self)
        glyph.setPixmap(icons.icon(LEVEL_ICONS.get(level, "info"), color.name()).pixmap(18, 18))
        layout.addWidget(glyph)
        self.label = QLabel(_resolve(text), self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action_text and action is not None:
            self.button = QPushButton(_resolve(action_text), self)
            self.button.setObjectName("noticeAction")
            self.button.clicked.connect(action)
            self.button.clicked.connect(self.dismiss)
            layout.addWidget(self.button)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("noticeClose")
        self.close_button.setIcon(icons.icon("clear"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button)

    def text(self) -> str:
        return self.label.text()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A tinted rounded box in the level's colour (painted, so it follows palette changes)."""
        color = QColor(LEVEL_COLORS.get(self.level, LEVEL_COLORS["info"]))
        back = QColor(color)
        back.setAlpha(50 if is_dark() else 28)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(color)
        painter.setBrush(back)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.label.setText(_resolve(self._text))
            if self.button is not None and self._action_text is not None:
                self.button.setText(_resolve(self._action_text))
        super().changeEvent(event)

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
        self.deleteLater()


class NoticeArea(QWidget):
    """The notices at the top of the window, in one row: the newest is shown, "N more" brings up the others.

    A notice with the same key replaces the old one. Notices never stack into a growing column, so a
    new one does not push the workspace (and the picture's zoom) down under the user's pointer; the row
    is as tall as its tallest notice.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeArea")
        self._stack = QStackedWidget(self)
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("noticeMore")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self.show_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(4)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._notices: list[Notice] = []
        self.hide()

    def show_notice(self, key: str, level: str, text: Text, action_text: Text | None = None,
                    action: Callable[[], None] | None = None, timeout_ms: int = 0) -> Notice:
        self.remove(key)
        notice = Notice(key, level, text, action_text, action, self._stack)
        notice.closed.connect(lambda n=notice: self._forget(n))
        self._notices.append(notice)
        self._stack.addWidget(notice)
        while len(self._notices) > MAX_VISIBLE:
            self._notices[0].dismiss()
        self._stack.setCurrentWidget(notice)
        self._update_more()
        self.show()
        if timeout_ms:
            QTimer.singleShot(timeout_ms, notice, notice.dismiss)
        return notice

    def remove(self, key: str) -> None:
        for notice in [n for n in self._notices if n.key == key]:
            notice.dismiss()

    def notices(self) -> list[Notice]:
        return list(self._notices)

    def texts(self) -> list[str]:
        return [n.text() for n in self._notices]

    def current(self) -> Notice | None:
        """The notice on show (None when there is none)."""
        widget = self._stack.currentWidget()
        return widget if isinstance(widget, Notice) and widget in self._notices else None

    def show_next(self) -> None:
        """Bring up the next older notice (after the oldest, the newest again)."""
        current = self.current()
        if current is None or len(self._notices) < 2:
            return
        index = self._notices.index(current)
        self._stack.setCurrentWidget(self._notices[index - 1])
        self._update_more()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._update_more()
        super().changeEvent(event)

    def _update_more(self) -> None:
        others = len(self._notices) - 1
        self.more_button.setVisible(others > 0)
        self.more_button.setText(self.tr("%n more", "", others))
        self.more_button.setToolTip(self.tr("Show the other notices"))

    def _forget(self, notice: Notice) -> None:
        if notice in self._notices:
            self._notices.remove(notice)
        self._stack.removeWidget(notice)
        if self._notices and self.current() is None:
            self._stack.setCurrentWidget(self._notices[-1])
        self._update_more()
        if not self._notices:
            self.hide()
