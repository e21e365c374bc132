"""Cancelling tasks: asks first when one of them is running, unless the user ticked "Don't ask again"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

UNFINISHED = frozenset({"created", "ready", "queued", "running", "paused", "interrupted"})


class CancelGuard(QObject):
    """One place that cancels tasks for the dock, the menus and the detail windows.

    A running task loses its work when cancelled, so the user confirms (one question for the whole selection).
    Ticking "Don't ask again" and confirming sets ``Settings.confirm_cancel_running`` to False in the engine and
    emits ``settings_changed`` with the new settings for the owner to store.
    """

    settings_changed = Signal(object)

    def __init__(self, engine: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine

    def cancel(self, task_ids: list[str], parent: QWidget | None) -> int:
        """Cancel the unfinished ones of ``task_ids`` (after asking, if any runs); returns how many."""
        tasks = [t for t in (self._engine.task(i) for i in task_ids) if t is not None and t.status.value in UNFINISHED]
        running = sum(1 for t in tasks if t.status.value == "running")
        if running and self._engine.settings.confirm_cancel_running and not self.ask(parent, running):
            return 0
        return sum(1 for t in tasks if self._engine.cancel(t.task_id))

    def ask(self, parent: QWidget | None, running: int) -> bool:
        """Confirm cancelling ``running`` running tasks; a ticked "Don't ask again" is stored when confirmed."""
        box = QMessageBox(parent)
        box.setObjectName("confirmCancel")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Cancel tasks"))
        box.setText(self.tr("Cancel %n running task(s)?", "", running))
        box.setInformativeText(self.tr("What has been processed so far is discarded."))
        checkbox = QCheckBox(self.tr("Don't ask again"), box)
        checkbox.setObjectName("dontAskAgain")
        box.setCheckBox(checkbox)
        stop = box.addButton(self.tr("Cancel task(s)", "", running), QMessageBox.ButtonRole.DestructiveRole)
        stop.setObjectName("confirmCancelButton")
        keep = box.addButton(self.tr("Keep running"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepRunningButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        confirmed = box.clickedButton() is stop
        if confirmed and checkbox.isChecked():
            settings = replace(self._engine.settings, confirm_cancel_running=False)
            self._engine.apply_settings(settings)
            self.settings_changed.emit(self._engine.settings)
        return confirmed
