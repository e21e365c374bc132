"""Help menu windows: the keyboard shortcut sheet and a short guide.

The sheet lists the editor's shortcut table (``ui.help_shortcuts``, the same table the editor's actions
take their keys from) and the window's own actions with their live shortcuts, so it shows what the keys
really do. Each row keeps the table id (or the action's object name) in ``Qt.UserRole``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.help_shortcuts import EDITOR_SHORTCUTS, key_text, shortcut, translated


def action_label(action: QAction) -> str:
    """A menu text as a sentence: without its mnemonic ampersand and trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")


class ShortcutSheet(QDialog):
    """Help → Keyboard shortcuts: one table, sections as bold rows."""

    def __init__(self, window_actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fill(list(window_actions))
        _lay_out(self, self.table, 640, 620)

    def _fill(self, window_actions: list[QAction]) -> None:
        section = ""
        for entry in EDITOR_SHORTCUTS:
            if entry.section != section:
                section = entry.section
                self._section(self.tr("Remove watermark: {0}").format(translated(section)))
            self._row(key_text(entry), translated(entry.text), entry.key_id)
        shown = [a for a in window_actions if a.shortcuts()]
        if shown:
            self._section(self.tr("Window and tasks"))
        native = QKeySequence.SequenceFormat.NativeText
        for action in shown:
            self._row(", ".join(k.toString(native) for k in action.shortcuts()), action_label(action),
                      action.objectName())

    def _section(self, title: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(title)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, 2)

    def _row(self, keys: str, text: str, key_id: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((keys, text)):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, key_id)
            self.table.setItem(row, column, item)

    def rows(self) -> dict[str, tuple[str, str]]:
        """``{id: (keys, text)}`` of the listed shortcuts."""
        out = {}
        for row in range(self.table.rowCount()):
            keys, text = self.table.item(row, 0), self.table.item(row, 1)
            if text is not None:
                out[str(keys.data(Qt.ItemDataRole.UserRole))] = (keys.text(), text.text())
        return out


class GuideDialog(QDialog):
    """Help → Guide: open, draw, choose the method, queue, merge: a few paragraphs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("MediaCraft guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(False)
        paragraphs = [
            (self.tr("Open"), self.tr(
                "Open a video with File → Open, by dropping it on the window, or from the command line. One video "
                "opens in the Remove watermark workspace; several files or a folder go to the Merge list.")),
            (self.tr("Draw"), self.tr(
                "Scrub to a frame where the watermark shows and drag a rectangle over it; draw one per watermark. "
                "Move and resize them by their handles. Detect logos ({0}) suggests rectangles; Estimate mask ({1}) "
                "keeps only the logo's own pixels, and the brush ({2}) corrects that mask. Your regions are kept "
                "for each video: open it again later and they are back.").format(
                    _key("detect"), _key("estimate"), _key("brush"))),
            (self.tr("Choose the method and compare"), self.tr(
                "Automatic chooses per region and is the usual choice. Preview removal ({0}) shows the current frame "
                "processed; Split ({1}) shows the original and the result side by side (drag the divider), and "
                "holding {2} shows the original for as long as you hold it, at any zoom.").format(
                    _key("preview"), _key("split"), _first_key("hold_compare"))),
            (self.tr("Queue"), self.tr(
                "Choose the folder, name, format and quality and click Add to queue. Tasks run in the background; "
                "the Tasks panel shows their progress, and you can close the app: unfinished tasks resume next "
                "time. To try other settings on a finished task, right-click it and choose Edit again.")),
            (self.tr("Merge"), self.tr(
                "Drop clips on the Merge workspace, drag them into order and add the merge to the queue. Clips that "
                "match are joined without re-encoding; otherwise they are converted to one format, and the "
                "workspace says why.")),
        ]
        html = "".join(f"<h3>{_escape(title)}</h3><p>{_escape(text)}</p>" for title, text in paragraphs)
        self.browser.setHtml(html)
        _lay_out(self, self.browser, 600, 560)


def _key(key_id: str) -> str:
    return key_text(shortcut(key_id))


def _first_key(key_id: str) -> str:
    return QKeySequence(shortcut(key_id).keys[0]).toString(QKeySequence.SequenceFormat.NativeText)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lay_out(dialog: QDialog, body: QWidget, width: int, height: int) -> None:
    """``body`` above a Close button, the dialog sized ``width`` x ``height``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)
    dialog.resize(width, height)
