"""Output options for a removal job (folder, file name, format, quality, method) and Add to queue.

``action_box`` (Add to queue, its hint, the task's status) is not part of this panel's layout: the
workspace pins it below the scrolling side panel so the primary action is always visible.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import method_label

# the watermark processor's config keys (processors/watermark/config.py): container, crf, method
CONTAINERS = ("mp4", "mkv", "mov")
QUALITY_CRF = {"high": 18, "balanced": 22, "small": 27}  # x264 constant rate factor
METHODS = ("auto", "interp", "inpaint", "temporal", "deblend")


class OutputPanel(QWidget):
    """Collects the output options; ``submit_requested`` when the user clicks Add to queue."""

    submit_requested = Signal()
    method_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("removalOutputFolder")
        self.folder_edit.setPlaceholderText(self.tr("Folder for the result"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(0, 0, 0, 0)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("removalOutputName")
        self.name_edit.setPlaceholderText(self.tr("File name without extension"))

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("removalOutputFormat")
        labels = {"mp4": self.tr("MP4 (H.264, plays everywhere)"), "mkv": self.tr("MKV (Matroska)"),
                  "mov": self.tr("MOV (QuickTime)")}
        for ext in CONTAINERS:
            self.format_combo.addItem(labels[ext], ext)

        self.quality_combo = QComboBox()
        self.quality_combo.setObjectName("removalOutputQuality")
        quality_labels = {"high": self.tr("High (larger file)"), "balanced": self.tr("Balanced"),
                          "small": self.tr("Small file (lower quality)")}
        for key in QUALITY_CRF:
            self.quality_combo.addItem(quality_labels[key], key)

        self.method_combo = QComboBox()
        self.method_combo.setObjectName("removalMethod")
        for key in METHODS:
            self.method_combo.addItem("", key)
        self._label_methods()
        self.method_combo.currentIndexChanged.connect(lambda _i: self.method_changed.emit(self.method()))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("File name"), self.name_edit)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.tr("Quality"), self.quality_combo)
        form.addRow(self.tr("Method"), self.method_combo)

        self.submit_button = QPushButton(self.tr("Add to queue"))
        self.submit_button.setObjectName("removalSubmit")
        self.submit_button.setDefault(True)
        self.submit_button.setMinimumHeight(34)
        font = self.submit_button.font()
        font.setBold(True)
        self.submit_button.setFont(font)
        self.submit_button.clicked.connect(self.submit_requested)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("removalSubmitHint")
        self.hint_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("removalTaskStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        # Add to queue with its hint and the task's status: placed by the workspace where it is always in view
        self.action_box = QWidget()
        self.action_box.setObjectName("removalSubmitBox")
        actions = QVBoxLayout(self.action_box)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.submit_button)
        actions.addWidget(self.hint_label)
        actions.addWidget(self.status_label)

    def _label_methods(self) -> None:
        tips = {
            "auto": self.tr("Chosen per region from the picture: the usual choice"),
            "interp": self.tr("Blend the rectangle from its edges: fast, good on plain backgrounds"),
            "inpaint": self.tr("Rebuild the hidden pixels from their surroundings: slower, for textured backgrounds"),
            "temporal": self.tr("Take the hidden pixels from neighbouring frames: best when the camera moves"),
            "deblend": self.tr("Undo a semi-transparent logo's blending: keeps the picture under it"),
        }
        for index, key in enumerate(METHODS):
            self.method_combo.setItemText(index, method_label(key))
            self.method_combo.setItemData(index, tips[key], Qt.ItemDataRole.ToolTipRole)
        self.method_combo.setToolTip(self.tr("How the watermark's pixels are filled"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._label_methods()
        super().changeEvent(event)

    # -- values ----------------------------------------------------------------------------------------
    def set_defaults(self, folder: str, file_name: str) -> None:
        """Default folder (kept if the user already chose one), a name and format from the input's name."""
        if not self.folder_edit.text().strip():
            self.folder_edit.setText(folder)
        stem, ext = os.path.splitext(file_name)
        self.name_edit.setText(f"{stem}_clean")
        index = self.format_combo.findData(ext.lower().lstrip("."))
        self.format_combo.setCurrentIndex(index if index >= 0 else 0)

    def folder(self) -> str:
        return self.folder_edit.text().strip()

    def file_name(self) -> str:
        """``name.ext``; the extension follows the chosen format."""
        name = self.name_edit.text().strip()
        ext = self.container()
        if name.lower().endswith("." + ext):
            name = name[: -len(ext) - 1]
        return f"{name}.{ext}" if name else ""

    def output_path(self) -> str:
        folder, name = self.folder(), self.file_name()
        return os.path.join(folder, name) if folder and name else ""

    def container(self) -> str:
        return str(self.format_combo.currentData())

    def quality(self) -> str:
        return str(self.quality_combo.currentData())

    def method(self) -> str:
        return str(self.method_combo.currentData())

    def config(self) -> dict[str, Any]:
        """The options part of the task config."""
        return {"method": self.method(), "crf": QUALITY_CRF[self.quality()], "container": self.container()}

    def set_ready(self, ready: bool, hint: str) -> None:
        self.submit_button.setEnabled(ready)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the output folder"), self.folder())
        if folder:
            self.folder_edit.setText(folder)
