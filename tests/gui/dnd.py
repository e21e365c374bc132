"""Drag and drop as the window system delivers it: enter, move and drop events at a position."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def url_mime(paths: list[str | Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(target: QWidget, mime: QMimeData, pos: QPoint | None = None,
         action: Qt.DropAction = Qt.DropAction.CopyAction) -> bool:
    """Deliver a drag-enter, drag-move and drop of ``mime`` at ``pos``; True if the drop was accepted."""
    point = pos if pos is not None else target.rect().center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(point, action, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    event = QDropEvent(QPointF(point), action, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def drop_files(target: QWidget, paths: list[str | Path], pos: QPoint | None = None) -> bool:
    return drop(target, url_mime(paths), pos)
