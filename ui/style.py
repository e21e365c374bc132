"""Look and feel: Fusion with a light or dark palette that follows the OS colour scheme.

``MEDIACRAFT_THEME=light|dark`` forces one (screenshots, testing). Widgets that paint by hand take
their colours from ``status_color()`` and ``is_dark()`` so they match the palette.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_STATUS_COLORS = {
    # status: (light, dark)
    "created": ("#6b7280", "#9ca3af"),
    "ready": ("#6b7280", "#9ca3af"),
    "queued": ("#2563eb", "#60a5fa"),
    "running": ("#0891b2", "#22d3ee"),
    "paused": ("#b45309", "#fbbf24"),
    "completed": ("#15803d", "#4ade80"),
    "failed": ("#dc2626", "#f87171"),
    "cancelled": ("#57534e", "#a8a29e"),
    "interrupted": ("#c2410c", "#fb923c"),
}
TYPE_COLORS = ("#4f7cff", "#f59e0b", "#10b981", "#ec4899", "#8b5cf6", "#14b8a6")

_state = {"dark": False}


def _os_prefers_dark(app: QGuiApplication) -> bool:
    forced = os.environ.get("MEDIACRAFT_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2228",
        QPalette.ColorRole.WindowText: "#e5e7eb",
        QPalette.ColorRole.Base: "#16181d",
        QPalette.ColorRole.AlternateBase: "#1c1f25",
        QPalette.ColorRole.ToolTipBase: "#2b2f37",
        QPalette.ColorRole.ToolTipText: "#e5e7eb",
        QPalette.ColorRole.PlaceholderText: "#8b919c",
        QPalette.ColorRole.Text: "#e5e7eb",
        QPalette.ColorRole.Button: "#2a2e36",
        QPalette.ColorRole.ButtonText: "#e5e7eb",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#3a3f49",
        QPalette.ColorRole.Midlight: "#323741",
        QPalette.ColorRole.Mid: "#272b33",
        QPalette.ColorRole.Dark: "#121418",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#3b82f6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa7ff",
        QPalette.ColorRole.LinkVisited: "#b191ff",
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return p


def light_palette() -> QPalette:
    p = QApplication.style().standardPalette() if QApplication.instance() else QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#f4f5f7"))
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8fa"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2563eb"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#6b7280"))
    return p


class ThemeWatcher(QObject):
    """Re-applies the palette when the OS switches between light and dark."""

    changed = Signal(bool)  # dark

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.styleHints().colorSchemeChanged.connect(self._on_scheme)

    def _on_scheme(self, _scheme: Qt.ColorScheme) -> None:
        dark = _os_prefers_dark(self._app)
        if dark != _state["dark"]:
            apply_palette(self._app, dark)
            self.changed.emit(dark)


def apply_style(app: QApplication) -> ThemeWatcher:
    """Fusion style and the palette for the OS scheme; returns the watcher that follows changes."""
    app.setStyle("Fusion")
    apply_palette(app, _os_prefers_dark(app))
    return ThemeWatcher(app)


def apply_palette(app: QApplication, dark: bool) -> None:
    _state["dark"] = dark
    app.setPalette(dark_palette() if dark else light_palette())


def is_dark() -> bool:
    return _state["dark"]


def status_color(status: str) -> QColor:
    light, dark = _STATUS_COLORS.get(status, ("#6b7280", "#9ca3af"))
    return QColor(dark if _state["dark"] else light)


def type_color(index: int) -> QColor:
    return QColor(TYPE_COLORS[index % len(TYPE_COLORS)])


def muted_text_color() -> QColor:
    return QColor("#9ca3af" if _state["dark"] else "#6b7280")


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21; body text wants at least 4.5)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


MIN_CONTRAST = 4.5


def readable_on(color: QColor, background: QColor, fallback: QColor) -> QColor:
    """``color`` if text in it is readable on ``background``, else ``fallback`` (e.g. the highlighted text)."""
    return color if contrast_ratio(color, background) >= MIN_CONTRAST else fallback
