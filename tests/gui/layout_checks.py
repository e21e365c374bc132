"""Layout checks a user would make by eye: is a widget fully in view, is any wrapped text cut off."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget


def fully_visible(widget: QWidget) -> bool:
    """``widget`` is shown whole: not clipped by a scroll area or its parents, and inside its window."""
    if not widget.isVisible() or widget.visibleRegion().boundingRect() != widget.rect():
        return False
    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def cut_labels(root: QWidget) -> list[str]:
    """The visible word-wrapped labels under ``root`` that are lower than their text needs (last lines cut)."""
    cut = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.wordWrap() and label.text():
            needed = label.heightForWidth(label.width())
            if label.height() < needed:
                cut.append(f"{label.objectName() or label.text()[:40]!r}: {label.height()} < {needed} px")
    return cut
