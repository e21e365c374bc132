"""Handing files to the desktop: open a result with its default app, reveal it in the file manager."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QDir, QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def open_file(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_in_folder(path: str) -> bool:
    """Select ``path`` in the platform's file manager (its folder is opened where selecting is not possible)."""
    if sys.platform == "win32":
        return QProcess.startDetached("explorer.exe", ["/select,", QDir.toNativeSeparators(path)])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", path])[0]
    if _freedesktop_show_items(path):
        return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))


def _freedesktop_show_items(path: str) -> bool:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface
    except ImportError:  # pragma: no cover - QtDBus ships with PySide6 on Linux
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    iface = QDBusInterface("org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                           "org.freedesktop.FileManager1", bus)
    if not iface.isValid():
        return False
    reply = iface.call("ShowItems", [QUrl.fromLocalFile(path).toString()], "")
    return not reply.errorName()
