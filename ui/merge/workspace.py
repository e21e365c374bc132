"""The Merge workspace: drop clips, put them in order, see whether they join by copy, queue the merge."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeySequence,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediacraft_desktop.errors import SubmitError
from ui import icons
from ui.errors_text import error_text
from ui.formatting import clock
from ui.merge.clip_model import MERGE_EXTENSIONS, ROWS_MIME, ClipListModel, ClipRole
from ui.merge.compat import Compatibility, settings_mismatches
from ui.merge.describe import clip_details, compatibility_text, dropped_text, mismatch_text
from ui.merge.output_settings import OutputSettingsPanel
from ui.style import muted_text_color, readable_on, status_color
from ui.widgets.file_name import name_problem

THUMB = QSize(96, 54)
LEVEL_STATUS = {"ok": "completed", "info": "queued", "warning": "paused", "error": "failed"}
LEVEL_ICON = {"ok": "ok", "info": "info", "warning": "warning", "error": "error"}
Index = QModelIndex | QPersistentModelIndex


class ClipDelegate(QStyledItemDelegate):
    """Thumbnail, position and name, then duration/size/fps/audio, then why it differs (if it does)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width(), max(THUMB.height(), 3 * (option.fontMetrics.height() + 4)) + 14)

    @staticmethod
    def status_pen(status: str, option: QStyleOptionViewItem, selected: bool) -> QColor:
        """The status colour for a row's warning or error line, or the row's text colour where it would not
        be readable (orange or red on the blue of a selected row)."""
        palette = option.palette
        if selected:
            return readable_on(status_color(status), palette.highlight().color(), palette.highlightedText().color())
        return readable_on(status_color(status), palette.base().color(), palette.text().color())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        clip = index.data(ClipRole)
        if clip is None:
            return
        style = option.widget.style() if option.widget else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, option.widget)
        rect = option.rect.adjusted(8, 7, -8, -7)
        thumb_rect = QRect(rect.left(), rect.top(), THUMB.width(), THUMB.height())
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        painter.save()
        if pixmap is not None and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(thumb_rect.center())
            painter.drawPixmap(target, pixmap)
        else:
            painter.fillRect(thumb_rect, option.palette.alternateBase())
            icons.icon("film").paint(painter, thumb_rect.adjusted(30, 10, -30, -10))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.highlightedText().color() if selected else option.palette.text().color()
        muted = text_color if selected else muted_text_color()
        x = thumb_rect.right() + 12
        width = rect.right() - x
        line = option.fontMetrics.height() + 4  # room for descenders (underscores in file names)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        name = f"{index.row() + 1}.  {clip.name}"
        painter.drawText(QRect(x, rect.top(), width, line), int(Qt.AlignmentFlag.AlignLeft),
                         option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width))
        painter.setFont(option.font)
        if clip.error_code:
            painter.setPen(self.status_pen("failed", option, selected))
            details = error_text(clip.error_code).summary
        else:
            painter.setPen(muted)
            details = clip_details(clip.summary)
        painter.drawText(QRect(x, rect.top() + line, width, line), int(Qt.AlignmentFlag.AlignLeft),
                         option.fontMetrics.elidedText(details, Qt.TextElideMode.ElideRight, width))
        if clip.mismatch is not None:
            painter.setPen(self.status_pen("paused", option, selected))
            painter.drawText(QRect(x, rect.top() + 2 * line, width, line), int(Qt.AlignmentFlag.AlignLeft),
                             option.fontMetrics.elidedText("⚠ " + mismatch_text(clip.mismatch),
                                                           Qt.TextElideMode.ElideRight, width))
        painter.restore()


class ClipListView(QListView):
    """Accepts files and folders from the file manager; items are reordered by dragging."""

    files_dropped = Signal(list, int)  # paths, row to insert at (-1: end)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipList")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setItemDelegate(ClipDelegate(self))
        self.setAlternatingRowColors(True)
        self.empty_text = ""

    @staticmethod
    def _external_files(event: QDropEvent) -> list[str]:
        """Local files dragged in from outside (the file manager); empty for our own item drags."""
        mime = event.mimeData()
        if event.source() is not None or mime.hasFormat(ROWS_MIME) or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` inserts before (-1: at the end)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return -1
        return index.row() + (1 if pos.y() > self.visualRect(index).center().y() else 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._external_files(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._external_files(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._external_files(event)
        if files:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.files_dropped.emit(files, self.drop_row(event.position().toPoint()))
            return
        super().dropEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(muted_text_color())
            area = self.viewport().rect().adjusted(20, 20, -20, -20)
            center = area.center()
            icon_rect = QRect(0, 0, 64, 64)
            icon_rect.moveCenter(QPoint(center.x(), center.y() - 30))
            icons.icon("merge", muted_text_color().name()).paint(painter, icon_rect)
            text_rect = QRect(area.left(), center.y() + 10, area.width(), 60)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), self.empty_text)


class MergeWorkspace(QWidget):
    submitted = Signal(str)  # task id

    def __init__(self, engine: Any, media: Any, thumbnails: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeWorkspace")
        self._engine = engine
        self.model = ClipListModel(media, thumbnails, self)
        self.view = ClipListView(self)
        self.view.setModel(self.model)

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.add_button = QPushButton(self)
        icons.set_icon(self.add_button, "add")
        self.add_button.setObjectName("addClips")
        self.add_folder_button = QPushButton(self)
        icons.set_icon(self.add_folder_button, "add-folder")
        self.add_folder_button.setObjectName("addFolder")
        self.remove_button = QPushButton(self)
        icons.set_icon(self.remove_button, "trash")
        self.remove_button.setObjectName("removeClips")
        self.up_button = QPushButton(self)
        icons.set_icon(self.up_button, "up")
        self.up_button.setObjectName("moveUp")
        self.down_button = QPushButton(self)
        icons.set_icon(self.down_button, "down")
        self.down_button.setObjectName("moveDown")
        self.clear_button = QPushButton(self)
        icons.set_icon(self.clear_button, "clear")
        self.clear_button.setObjectName("clearClips")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.add_folder_button, self.remove_button, self.up_button,
                       self.down_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.compat_frame = QFrame(self)
        self.compat_frame.setObjectName("compatFrame")
        self.compat_frame.setFrameShape(QFrame.Shape.StyledPanel)
        compat_layout = QHBoxLayout(self.compat_frame)
        self.compat_icon = QLabel(self.compat_frame)
        self.compat_headline = QLabel(self.compat_frame)
        self.compat_headline.setObjectName("compatHeadline")
        self.compat_headline.setWordWrap(True)
        bold = self.compat_headline.font()
        bold.setBold(True)
        self.compat_headline.setFont(bold)
        self.compat_detail = QLabel(self.compat_frame)
        self.compat_detail.setObjectName("compatDetail")
        self.compat_detail.setWordWrap(True)
        texts = QVBoxLayout()
        texts.addWidget(self.compat_headline)
        texts.addWidget(self.compat_detail)
        compat_layout.addWidget(self.compat_icon, 0, Qt.AlignmentFlag.AlignTop)
        compat_layout.addLayout(texts, 1)

        self.total_label = QLabel(self)
        self.total_label.setObjectName("totalDuration")
        self.mode = QComboBox(self)
        self.mode.setObjectName("mergeMode")
        self.output_settings = OutputSettingsPanel(self)
        self.settings_toggle = QToolButton(self)  # the settings take room only when asked for (1280x800)
        self.settings_toggle.setObjectName("outputSettingsToggle")
        self.settings_toggle.setCheckable(True)
        self.settings_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.settings_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.output_name = QLineEdit(self)
        self.output_name.setObjectName("outputName")
        self.submit_button = QPushButton(self)
        icons.set_icon(self.submit_button, "add")
        self.submit_button.setObjectName("addToQueue")
        self.submit_button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("mergeMessage")
        self.message.setWordWrap(True)
        self.name_message = QLabel(self)
        self.name_message.setObjectName("mergeNameProblem")
        self.name_message.setWordWrap(True)
        self.name_message.hide()
        form = QFormLayout()
        self.total_caption, self.mode_caption, self.output_caption = QLabel(self), QLabel(self), QLabel(self)
        form.addRow(self.total_caption, self.total_label)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.mode, 1)
        mode_row.addWidget(self.settings_toggle)
        form.addRow(self.mode_caption, mode_row)
        form.addRow("", self.output_settings)
        self._form = form
        form.setRowVisible(self.output_settings, False)
        form.addRow(self.output_caption, self.output_name)
        form.addRow("", self.name_message)
        bottom = QHBoxLayout()
        bottom.addLayout(form, 1)
        bottom.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.compat_frame)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

        self.view.files_dropped.connect(self.add_paths)
        self.add_button.clicked.connect(self.add_clips_dialog)
        self.add_folder_button.clicked.connect(self.add_folder_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.clear_button.clicked.connect(self.model.clear)
        self.submit_button.clicked.connect(self.submit)
        self.mode.currentIndexChanged.connect(self._update_state)
        self.output_settings.changed.connect(self._update_state)
        self.settings_toggle.toggled.connect(self.show_output_settings)
        self.output_name.textChanged.connect(self._update_state)
        self.model.clips_changed.connect(self._update_state)
        self.model.rowsMoved.connect(self._update_state)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.remove_button.setShortcut(QKeySequence.StandardKey.Delete)
        self.retranslateUi()

    # ------------------------------------------------------------------ i18n
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Merge clips"))
        self.hint.setText(self.tr("Drop video files or folders here, drag clips to set the order, then add the merge "
                             "to the queue."))
        self.view.empty_text = self.tr("Drop videos or folders here")
        self.view.viewport().update()
        self.add_button.setText(self.tr("Add clips…"))
        self.add_folder_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.clear_button.setText(self.tr("Clear"))
        self.total_caption.setText(self.tr("Total duration:"))
        self.mode_caption.setText(self.tr("Joining:"))
        self.output_caption.setText(self.tr("Output file name:"))
        self.output_name.setPlaceholderText(self.tr("automatic (in the output folder from Settings)"))
        current = self.mode.currentData() or "auto"
        self.mode.blockSignals(True)
        self.mode.clear()
        self.mode.addItem(self.tr("Auto: copy when possible, else re-encode"), "auto")
        self.mode.addItem(self.tr("Stream copy only (fast, lossless)"), "copy")
        self.mode.addItem(self.tr("Always re-encode"), "reencode")
        self.mode.setCurrentIndex(max(0, self.mode.findData(current)))
        self.mode.blockSignals(False)
        self.submit_button.setText(self.tr("Add to queue"))
        self.settings_toggle.setText(self.tr("Output settings"))
        self.settings_toggle.setToolTip(self.tr("Resolution, frame rate, orientation and audio of the result"))
        self._update_state()

    # ------------------------------------------------------------------ adding and ordering
    def add_paths(self, paths: list[str], row: int = -1) -> int:
        """Add files/folders at ``row`` (end: -1) and say what happened below the list."""
        result = self.model.add_paths(paths, row)
        notes = []
        if result.added:
            notes.append(self.tr("%n clip(s) added.", "", result.added))
        if result.duplicates:
            notes.append(self.tr("%n already in the list.", "", result.duplicates))
        if result.rejected:
            names = ", ".join(os.path.basename(p) for p in result.rejected[:3])
            notes.append(self.tr("Not a video or audio file: %1").replace("%1", names))
        if not result.added and not notes:
            notes.append(self.tr("No video files found there."))
        self.message.setText(" ".join(notes))
        return result.added

    def add_clips_dialog(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(MERGE_EXTENSIONS))
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add clips"), "",
                                                self.tr("Videos (%1)").replace("%1", patterns))
        if files:
            self.add_paths(files)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"))
        if folder:
            self.add_paths([folder])

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    def remove_selected(self) -> None:
        self.model.remove_rows(self.selected_rows())

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        if step < 0 and rows[0] == 0 or step > 0 and rows[-1] == self.model.rowCount() - 1:
            return
        destination = rows[0] - 1 if step < 0 else rows[-1] + 2
        self.model.move(rows, destination)

    # ------------------------------------------------------------------ state
    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        count = self.model.rowCount()
        self.remove_button.setEnabled(bool(rows))
        self.up_button.setEnabled(bool(rows) and rows[0] > 0)
        self.down_button.setEnabled(bool(rows) and rows[-1] < count - 1)
        self.clear_button.setEnabled(count > 0)

    def show_output_settings(self, shown: bool) -> None:
        """Show or hide the output settings row (they keep their values while hidden)."""
        self._form.setRowVisible(self.output_settings, shown)
        self.settings_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.settings_toggle.isChecked() != shown:
            self.settings_toggle.setChecked(shown)

    def compatibility(self) -> Compatibility:
        """The clips' verdict, made a re-encode when the chosen output settings differ from what a copy keeps."""
        compat = self.model.compatibility
        if compat.verdict == "copy":
            forced = settings_mismatches([(c.name, c.summary or {}) for c in self.model.clips()],
                                         self.output_settings.settings())
            if forced:
                return Compatibility("reencode", forced)
        return compat

    def _update_state(self) -> None:
        mode = self.mode.currentData() or "auto"
        compat = self.compatibility()
        level, headline, detail = compatibility_text(compat, mode)
        color = status_color(LEVEL_STATUS[level]).name()
        self.compat_icon.setPixmap(icons.icon(LEVEL_ICON[level], color).pixmap(24, 24))
        self.compat_headline.setText(headline)
        self.compat_headline.setStyleSheet(f"color: {color};")
        dropped = dropped_text([(c.name, c.summary) for c in self.model.clips()],
                               copy=compat.verdict == "copy" and mode != "reencode")
        self.compat_detail.setText(f"{detail}\n{dropped}" if dropped else detail)
        total = self.model.total_duration()
        count = self.model.rowCount()
        self.total_label.setText(self.tr("%1 in %n clip(s)", "", count).replace("%1", clock(total)))
        problem = name_problem(self.output_name.text())
        self.name_message.setText(problem)
        self.name_message.setStyleSheet(f"color: {status_color('failed').name()};")
        self.name_message.setVisible(bool(problem))
        self.submit_button.setEnabled(count >= 2 and compat.verdict not in ("unreadable",)
                                      and not (mode == "copy" and compat.verdict == "reencode") and not problem)
        self._update_buttons()

    # ------------------------------------------------------------------ submission
    def submit(self) -> str | None:
        """Queue the merge of the listed clips in this order; returns the task id."""
        paths = self.model.paths()
        if len(paths) < 2:
            return None
        name: str | None = self.output_name.text().strip()
        problem = name_problem(name or "")
        if problem:  # the button is disabled then; this also covers a submit by other means
            self.name_message.setText(problem)
            self.name_message.setVisible(True)
            return None
        if name and not os.path.splitext(name)[1]:
            name += ".mp4"
        name = name or None  # a name: the engine puts it in the output folder (and refuses a path)
        try:
            config = {"mode": self.mode.currentData() or "auto", **self.output_settings.settings().config()}
            task_id = self._engine.submit("video_merge", paths, config, output_name=name)
        except SubmitError as exc:
            words = error_text(exc.code)
            self.message.setText(f"{words.summary} {words.advice} ({exc.detail})")
            return None
        self.model.clear()
        self.output_name.clear()
        self.message.setText(self.tr("Added to the queue. Follow it in the Tasks panel."))
        self.submitted.emit(task_id)
        return task_id
