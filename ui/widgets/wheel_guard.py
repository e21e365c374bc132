"""Combo boxes and spin boxes take the mouse wheel only when they have keyboard focus.

One application-wide event filter (``install_wheel_guard(app)``): scrolling a panel with the wheel no
longer changes whichever combo or spin box passes under the pointer. An unfocused one passes the wheel
on to its parents (the scroll area scrolls); wheeling never gives it focus (StrongFocus instead of Qt's
WheelFocus). Click or Tab into it first, then the wheel changes its value as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


def _guarded(obj: QObject) -> QWidget | None:
    return obj if isinstance(obj, GUARDED) else None  # type: ignore[return-value]


class WheelGuard(QObject):
    """The filter: see the module docstring."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Polish:
            widget = _guarded(obj)
            if widget is not None and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel:
            widget = _guarded(obj)
            if widget is not None and not widget.hasFocus():
                _offer_to_parents(widget, event)  # type: ignore[arg-type]
                return True
        return False


def _offer_to_parents(widget: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the nearest parent that takes it (the scroll area's viewport), as Qt would.

    Done here rather than by ignoring the event: Qt propagates only spontaneous wheel events, and the
    guard must behave the same for a real mouse and for events sent by code.
    """
    parent = widget.parentWidget()
    while parent is not None:
        copy = QWheelEvent(parent.mapFromGlobal(event.globalPosition()), event.globalPosition(), event.pixelDelta(),
                           event.angleDelta(), event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                           event.source(), event.pointingDevice())
        copy.setAccepted(True)  # delivered accepted; a widget that does not use the wheel ignores it
        if QApplication.sendEvent(parent, copy) and copy.isAccepted():
            return
        if parent.isWindow() or parent.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
            return
        parent = parent.parentWidget()


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` once (later calls return the same one); widgets already polished too."""
    guard = app.findChild(WheelGuard, "wheelGuard")
    if guard is None:
        guard = WheelGuard(app)
        guard.setObjectName("wheelGuard")
        app.installEventFilter(guard)
        for widget in app.allWidgets():
            if isinstance(widget, GUARDED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return guard
