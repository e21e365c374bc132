"""The Settings dialog: queue limits, output folder, clean-up, language, tray behaviour."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediacraft_desktop.settings import Settings
from ui.i18n import NATIVE_NAMES, SUPPORTED


def _spin(parent: QWidget, name: str, low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._settings = settings
        limits = settings.per_type_limits
        self.max_concurrent = _spin(self, "maxConcurrent", 1, 16, settings.max_concurrent)
        self.removal_limit = _spin(self, "removalLimit", 1, 16, limits.get("watermark_removal", 1))
        self.merge_limit = _spin(self, "mergeLimit", 1, 16, limits.get("video_merge", 1))
        self.timeout = _spin(self, "taskTimeout", 0, 24 * 60, settings.task_timeout_minutes)
        self.attempts = _spin(self, "maxAttempts", 1, 10, settings.max_attempts)
        self.output_dir = QLineEdit(settings.output_dir, self)
        self.output_dir.setObjectName("outputDir")
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        self.min_free = _spin(self, "minFreeDisk", 0, 1024 * 1024, settings.min_free_disk_mb)
        self.retention = _spin(self, "retentionDays", 0, 3650, settings.retention_days)
        self.delete_results = QCheckBox(self)
        self.delete_results.setObjectName("deleteResults")
        self.delete_results.setChecked(settings.delete_results_on_cleanup)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.keep_in_tray = QCheckBox(self)
        self.keep_in_tray.setObjectName("keepInTray")
        self.keep_in_tray.setChecked(settings.keep_running_in_tray)
        self.confirm_cancel = QCheckBox(self)
        self.confirm_cancel.setObjectName("confirmCancelRunning")
        self.confirm_cancel.setChecked(settings.confirm_cancel_running)

        self.queue_box = QGroupBox(self)
        queue = QFormLayout(self.queue_box)
        self.queue_labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(self.queue_labels, (self.max_concurrent, self.removal_limit, self.merge_limit,
                                                     self.timeout, self.attempts), strict=True):
            label.setBuddy(field)
            queue.addRow(label, field)
        self.results_box = QGroupBox(self)
        results = QFormLayout(self.results_box)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.output_dir, 1)
        folder_row.addWidget(self.browse)
        self.output_label, self.min_free_label = QLabel(self), QLabel(self)
        self.output_label.setBuddy(self.output_dir)
        self.min_free_label.setBuddy(self.min_free)
        results.addRow(self.output_label, folder_row)
        results.addRow(self.min_free_label, self.min_free)
        self.cleanup_box = QGroupBox(self)
        cleanup = QFormLayout(self.cleanup_box)
        self.retention_label = QLabel(self)
        self.retention_label.setBuddy(self.retention)
        cleanup.addRow(self.retention_label, self.retention)
        cleanup.addRow("", self.delete_results)
        self.app_box = QGroupBox(self)
        app = QFormLayout(self.app_box)
        self.language_label = QLabel(self)
        self.language_label.setBuddy(self.language)
        app.addRow(self.language_label, self.language)
        app.addRow("", self.keep_in_tray)
        app.addRow("", self.confirm_cancel)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for box in (self.queue_box, self.results_box, self.cleanup_box, self.app_box):
            layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslateUi()
        self.setMinimumWidth(520)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.queue_box.setTitle(self.tr("Queue"))
        texts = (self.tr("Tasks at the same time:"), self.tr("Watermark removals at once:"),
                 self.tr("Merges at once:"), self.tr("Time limit per task:"), self.tr("Attempts on temporary errors:"))
        for label, text in zip(self.queue_labels, texts, strict=True):
            label.setText(text)
        self.timeout.setSpecialValueText(self.tr("No limit"))
        self.timeout.setSuffix(self.tr(" min"))
        self.results_box.setTitle(self.tr("Results"))
        self.output_label.setText(self.tr("Output folder:"))
        self.browse.setText(self.tr("Browse…"))
        self.min_free_label.setText(self.tr("Pause the queue below:"))
        self.min_free.setSuffix(self.tr(" MB free"))
        self.min_free.setSpecialValueText(self.tr("Never"))
        self.cleanup_box.setTitle(self.tr("Clean-up"))
        self.retention_label.setText(self.tr("Remove finished tasks after:"))
        self.retention.setSuffix(self.tr(" days"))
        self.retention.setSpecialValueText(self.tr("Never"))
        self.delete_results.setText(self.tr("Also delete their result files"))
        self.app_box.setTitle(self.tr("Application"))
        self.language_label.setText(self.tr("Language:"))
        current = self.language.currentData() or self._settings.language
        self.language.clear()
        self.language.addItem(self.tr("Follow the system"), "auto")
        for code in SUPPORTED:
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.keep_in_tray.setText(self.tr("Keep running in the tray when the window is closed"))
        self.confirm_cancel.setText(self.tr("Ask before cancelling a running task"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), self.output_dir.text())
        if folder:
            self.output_dir.setText(folder)

    def result_settings(self) -> Settings:
        """The settings as edited (unknown per-type limits are kept)."""
        limits = dict(self._settings.per_type_limits)
        limits["watermark_removal"] = self.removal_limit.value()
        limits["video_merge"] = self.merge_limit.value()
        return replace(
            self._settings,
            max_concurrent=self.max_concurrent.value(),
            per_type_limits=limits,
            task_timeout_minutes=self.timeout.value(),
            max_attempts=self.attempts.value(),
            output_dir=self.output_dir.text().strip() or self._settings.output_dir,
            min_free_disk_mb=self.min_free.value(),
            retention_days=self.retention.value(),
            delete_results_on_cleanup=self.delete_results.isChecked(),
            language=self.language.currentData() or "auto",
            keep_running_in_tray=self.keep_in_tray.isChecked(),
            confirm_cancel_running=self.confirm_cancel.isChecked(),
        ).normalised()
