"""Task and queue commands as QActions, enabled from the selection, shared by the dock, menus and toolbar."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QInputDialog, QMessageBox, QWidget

from ui import desktop, icons
from ui.tasks.cancel_guard import UNFINISHED, CancelGuard

FINISHED = frozenset({"completed", "failed", "cancelled"})
RETRYABLE = frozenset({"failed", "cancelled"})
PRIORITY_RANGE = (-9999, 9999)


class TaskActions(QObject):
    """Owns the actions; ``selected_ids`` tells them what the user picked.

    Every task command works on the whole selection: it applies to the selected tasks it makes sense for
    (cancel: unfinished ones, retry: failed or cancelled ones, priority: unfinished ones, remove: all) and,
    with several selected, its text says how many that is ("Retry 3 tasks").
    """

    details_requested = Signal(str)
    edit_again_requested = Signal(str)  # a finished task of an ``editable_types`` type, to load into its editor

    def __init__(self, engine: Any, selected_ids: Callable[[], list[str]], parent_widget: QWidget,
                 cancel_guard: CancelGuard | None = None) -> None:
        super().__init__(parent_widget)
        self._engine = engine
        self.cancel_guard = cancel_guard or CancelGuard(engine, self)
        self._selected = selected_ids
        self._widget = parent_widget
        self.editable_types: frozenset[str] = frozenset()  # task types an editor can load (set by the window)

        def make(name: str, icon_name: str, slot: Callable[[], None], shortcut: Any = None) -> QAction:
            action = QAction(parent_widget)
            action.setObjectName(name)
            icons.set_icon(action, icon_name)
            action.triggered.connect(slot)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return action

        self.details = make("actionDetails", "details", self.show_details, Qt.Key.Key_Return)
        self.cancel = make("actionCancel", "cancel", self.cancel_selected, QKeySequence.StandardKey.Cancel)
        self.retry = make("actionRetry", "retry", self.retry_selected, "Ctrl+R")
        self.hold = make("actionHold", "pause", self.hold_selected)
        self.release = make("actionRelease", "play", self.release_selected)
        self.raise_priority = make("actionRaisePriority", "up", lambda: self.shift_priority(1), "Ctrl+Up")
        self.lower_priority = make("actionLowerPriority", "down", lambda: self.shift_priority(-1), "Ctrl+Down")
        self.set_priority = make("actionSetPriority", "up", self.ask_priority)
        self.open_result = make("actionOpenResult", "open-result", self.open_selected_result)
        self.show_in_folder = make("actionShowInFolder", "folder", self.show_selected_in_folder)
        self.remove = make("actionRemove", "trash", self.remove_selected, QKeySequence.StandardKey.Delete)
        self.pause_queue = make("actionPauseQueue", "pause", lambda: None)
        self.pause_queue.setCheckable(True)
        self.pause_queue.triggered.disconnect()
        self.pause_queue.toggled.connect(self._on_pause_toggled)
        self.stop_after_current = make("actionStopAfterCurrent", "stop-after", lambda: None)
        self.stop_after_current.setCheckable(True)
        self.stop_after_current.triggered.disconnect()
        self.stop_after_current.toggled.connect(self._on_stop_after_toggled)
        self.clear_finished = make("actionClearFinished", "clear", self.clear_finished_tasks)
        self.edit_again = make("actionEditAgain", "remove-watermark", self.edit_selected_again)
        self.task_actions = [self.details, self.cancel, self.retry, self.hold, self.release, self.raise_priority,
                             self.lower_priority, self.set_priority, self.open_result, self.show_in_folder, self.remove,
                             self.edit_again]
        self._counts: dict[str, int] = {}
        self._selected_cache: list[Any] = []
        engine.queue_changed.connect(self.sync_queue_state)
        self.retranslate()
        self.sync_queue_state()
        self.update_enabled()
        parent_widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.details.setText(self.tr("&Details…"))
        self.hold.setText(self.tr("&Hold"))
        self.hold.setToolTip(self.tr("Keep this task from running until you release it (a running task stops at its "
                                     "next checkpoint and keeps its finished work)"))
        self.release.setText(self.tr("Re&lease"))
        self.raise_priority.setText(self.tr("Raise &priority"))
        self.lower_priority.setText(self.tr("Lower p&riority"))
        self.open_result.setText(self.tr("&Open result"))
        self.show_in_folder.setText(self.tr("Show in &folder"))
        self.pause_queue.setText(self.tr("&Pause queue"))
        self.pause_queue.setToolTip(self.tr("Start no new tasks; running ones continue"))
        self.stop_after_current.setText(self.tr("&Stop after current"))
        self.stop_after_current.setToolTip(self.tr("Let running tasks finish, then pause the queue"))
        self.clear_finished.setText(self.tr("C&lear finished…"))
        self.clear_finished.setToolTip(self.tr("Remove completed, failed and cancelled tasks from the list"))
        self.edit_again.setText(self.tr("&Edit again…"))
        self.edit_again.setToolTip(self.tr("Open this task's video, regions and settings in the editor to change "
                                           "them and queue a new task (this one stays as it is)"))
        self._count_texts()

    def _count_texts(self) -> None:
        """Texts that say how many selected tasks a command will act on (when several are selected)."""
        n = self._counts
        several = len(self._selected_cache) > 1
        self.cancel.setText(self.tr("&Cancel %n task(s)", "", n.get("cancel", 0)) if several else self.tr("&Cancel"))
        self.retry.setText(self.tr("&Retry %n task(s)", "", n.get("retry", 0)) if several else self.tr("&Retry"))
        self.set_priority.setText(self.tr("Set priority of %n task(s)…", "", n.get("priority", 0)) if several
                                  else self.tr("Set pr&iority…"))
        self.remove.setText(self.tr("Re&move %n task(s)…", "", n.get("remove", 0)) if several
                            else self.tr("Re&move…"))

    # ------------------------------------------------------------------ state
    def _tasks(self) -> list[Any]:
        return [t for t in (self._engine.task(i) for i in self._selected()) if t is not None]

    def update_enabled(self) -> None:
        tasks = self._tasks()
        statuses = {t.status.value for t in tasks}
        unfinished = sum(1 for t in tasks if t.status.value in UNFINISHED)
        self._selected_cache = tasks
        self._counts = {"cancel": unfinished, "priority": unfinished, "remove": len(tasks),
                        "retry": sum(1 for t in tasks if t.status.value in RETRYABLE)}
        self._count_texts()
        self.details.setEnabled(len(tasks) == 1)
        self.cancel.setEnabled(bool(unfinished))
        self.retry.setEnabled(bool(self._counts["retry"]))
        self.hold.setEnabled(bool(statuses & {"queued", "ready", "running"}))
        self.release.setEnabled("paused" in statuses)
        self.raise_priority.setEnabled(bool(unfinished))
        self.lower_priority.setEnabled(bool(unfinished))
        self.set_priority.setEnabled(bool(unfinished))
        has_result = len(tasks) == 1 and tasks[0].status.value == "completed" and bool(tasks[0].output_path)
        self.open_result.setEnabled(has_result)
        self.show_in_folder.setEnabled(has_result)
        self.remove.setEnabled(bool(tasks))
        self.edit_again.setEnabled(len(tasks) == 1 and tasks[0].status.value in FINISHED
                                   and tasks[0].task_type in self.editable_types)
        self.clear_finished.setEnabled(any(t.status.is_finished for t in self._engine.tasks()))

    def sync_queue_state(self) -> None:
        for action, value in ((self.pause_queue, self._engine.queue_paused),
                              (self.stop_after_current, self._engine.stop_after_current)):
            if action.isChecked() != value:
                action.blockSignals(True)
                action.setChecked(value)
                action.blockSignals(False)

    # ------------------------------------------------------------------ commands
    def show_details(self) -> None:
        ids = self._selected()
        if ids:
            self.details_requested.emit(ids[0])

    def edit_selected_again(self) -> None:
        tasks = self._tasks()
        if len(tasks) == 1 and tasks[0].status.value in FINISHED and tasks[0].task_type in self.editable_types:
            self.edit_again_requested.emit(tasks[0].task_id)

    def cancel_selected(self) -> None:
        self.cancel_guard.cancel(self._selected(), self._widget)
        self.update_enabled()

    def retry_selected(self) -> None:
        for task in self._tasks():
            if task.status.value in RETRYABLE:
                self._engine.retry(task.task_id)
        self.update_enabled()

    def hold_selected(self) -> None:
        for task in self._tasks():
            self._engine.pause_task(task.task_id)
        self.update_enabled()

    def release_selected(self) -> None:
        for task in self._tasks():
            self._engine.resume_task(task.task_id)
        self.update_enabled()

    def shift_priority(self, delta: int) -> None:
        for task in self._tasks():
            if task.status.value in UNFINISHED:
                self._engine.set_priority(task.task_id, task.priority + delta)

    def ask_priority(self) -> None:
        """Ask for one priority and give it to every selected unfinished task (higher runs first)."""
        tasks = [t for t in self._tasks() if t.status.value in UNFINISHED]
        if not tasks:
            return
        dialog = QInputDialog(self._widget)
        dialog.setObjectName("priorityDialog")
        dialog.setWindowTitle(self.tr("Set priority"))
        dialog.setLabelText(self.tr("Priority of %n task(s) (higher runs first):", "", len(tasks)))
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(*PRIORITY_RANGE)
        dialog.setIntValue(max(PRIORITY_RANGE[0], min(PRIORITY_RANGE[1], max(t.priority for t in tasks))))
        if not dialog.exec():
            return
        for task in tasks:
            if self._engine.task(task.task_id) is not None:
                self._engine.set_priority(task.task_id, dialog.intValue())

    def open_selected_result(self) -> None:
        tasks = self._tasks()
        if tasks and tasks[0].output_path and os.path.exists(tasks[0].output_path):
            desktop.open_file(tasks[0].output_path)

    def show_selected_in_folder(self) -> None:
        tasks = self._tasks()
        if tasks and tasks[0].output_path:
            desktop.show_in_folder(tasks[0].output_path)

    def remove_selected(self) -> None:
        self._remove(self._tasks())

    def clear_finished_tasks(self) -> None:
        self._remove([t for t in self._engine.tasks() if t.status.is_finished])

    def ask_remove(self, count: int, with_outputs: int, running: int = 0) -> tuple[bool, bool]:
        """Confirm removing ``count`` tasks (``running`` of them are stopped); returns (confirmed, delete_output)."""
        box = QMessageBox(self._widget)
        box.setObjectName("confirmRemove")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove tasks"))
        box.setText(self.tr("Remove %n task(s) from the list?", "", count))
        checkbox = None
        notes = [self.tr("%n of them are running: they are cancelled and their work so far is discarded.", "",
                         running)] if running else []
        if with_outputs:
            notes.append(self.tr(
                "%n of them have a result file. It stays on disk unless you tick the box.", "", with_outputs))
            checkbox = QCheckBox(self.tr("Also delete the result files"), box)
            checkbox.setObjectName("deleteOutputs")
            box.setCheckBox(checkbox)
        box.setInformativeText("\n\n".join(notes))
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("removeButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        confirmed = box.clickedButton() is remove
        return confirmed, bool(confirmed and checkbox is not None and checkbox.isChecked())

    def _remove(self, tasks: list[Any]) -> None:
        if not tasks:
            return
        with_outputs = sum(1 for t in tasks if t.output_path and os.path.exists(t.output_path))
        running = sum(1 for t in tasks if t.status.value == "running")
        confirmed, delete_output = self.ask_remove(len(tasks), with_outputs, running)
        if not confirmed:
            return
        for task in tasks:
            self._engine.remove(task.task_id, delete_output=delete_output)
        self.update_enabled()

    def _on_pause_toggled(self, paused: bool) -> None:
        if paused:
            self._engine.pause_queue()
        else:
            self._engine.resume_queue()
        self.sync_queue_state()

    def _on_stop_after_toggled(self, enabled: bool) -> None:
        self._engine.set_stop_after_current(enabled)
        self.sync_queue_state()
