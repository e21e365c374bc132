"""Telling the user what happened: desktop notifications in the system tray, in-window notices otherwise.

``Notifier`` listens to the engine's ``notice`` signal. A finished task (completed, failed, cancelled) is
announced once: a tray balloon where a system tray exists, else an in-window notice; then the engine
marks it ``notified`` so a restart does not announce it again. Finishes arriving together are grouped
into one message. Clicking the message opens the task.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui import icons
from ui.errors_text import error_text
from ui.formatting import size_text
from ui.widgets.notice_area import NoticeArea

BATCH_MS = 300
NOTICE_TIMEOUT_MS = 30_000


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class AppTray(QSystemTrayIcon):
    """The tray icon: shows the window, pauses the queue, quits; carries the notification balloons."""

    show_window = Signal()
    quit_requested = Signal()

    def __init__(self, engine: Any, parent: QObject | None = None) -> None:
        super().__init__(icons.app_icon(), parent)
        self._engine = engine
        self.menu = QMenu()
        self.show_action = QAction(self.menu)
        self.show_action.triggered.connect(self.show_window)
        self.pause_action = QAction(self.menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self._on_pause)
        self.quit_action = QAction(self.menu)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.setContextMenu(self.menu)
        self.activated.connect(self._on_activated)
        engine.queue_changed.connect(self._sync)
        engine.task_changed.connect(self._schedule_tooltip)
        self._tooltip_timer = QTimer(self)
        self._tooltip_timer.setSingleShot(True)
        self._tooltip_timer.setInterval(1000)
        self._tooltip_timer.timeout.connect(self._update_tooltip)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_action.setText(self.tr("Show MediaCraft"))
        self.pause_action.setText(self.tr("Pause queue"))
        self.quit_action.setText(self.tr("Quit"))
        self._sync()
        self._update_tooltip()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_window.emit()

    def _on_pause(self, paused: bool) -> None:
        if paused != self._engine.queue_paused:
            (self._engine.pause_queue if paused else self._engine.resume_queue)()

    def _sync(self) -> None:
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(self._engine.queue_paused)
        self.pause_action.blockSignals(False)

    def _schedule_tooltip(self, _task_id: str) -> None:
        if not self._tooltip_timer.isActive():
            self._tooltip_timer.start()

    def _update_tooltip(self) -> None:
        running = len(self._engine.running_ids())
        text = "MediaCraft"
        if running:
            text += " — " + self.tr("%n task(s) running", "", running)
        self.setToolTip(text)


class Notifier(QObject):
    open_task = Signal(str)  # the user clicked a notification about this task
    show_unfinished = Signal(list)  # the user asked to see the recovered tasks

    def __init__(self, engine: Any, notices: NoticeArea, tray: AppTray | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._notices = notices
        self._tray = tray if tray is not None and tray_available() else None
        self._pending: dict[str, str] = {}
        self._clicked_target: str | None = None
        self._stopped = False
        self.shown: list[dict[str, Any]] = []  # every notification shown: {title, text, task_ids, via}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(BATCH_MS)
        self._timer.timeout.connect(self.flush)
        self._recovered: set[str] = set()  # the tasks the "unfinished tasks will continue" notice is about
        engine.notice.connect(self._on_notice)
        engine.task_changed.connect(self._check_recovered)
        engine.task_removed.connect(self._check_recovered)
        if self._tray is not None:
            self._tray.messageClicked.connect(self._on_message_clicked)

    def stop(self) -> None:
        """At quit: announce nothing more (unannounced finishes stay un-notified and come next start)."""
        self._timer.stop()
        self._pending.clear()
        if not self._stopped:
            self._stopped = True
            self._engine.notice.disconnect(self._on_notice)
            self._engine.task_changed.disconnect(self._check_recovered)
            self._engine.task_removed.disconnect(self._check_recovered)

    @property
    def uses_tray(self) -> bool:
        return self._tray is not None

    # ------------------------------------------------------------------ engine notices
    def _on_notice(self, kind: str, data: dict[str, Any]) -> None:
        handler = getattr(self, f"_notice_{kind}", None)
        if handler is not None:
            handler(data)

    def _notice_finished(self, data: dict[str, Any]) -> None:
        self._pending[data["task_id"]] = data.get("status", "")
        if not self._timer.isActive():
            self._timer.start()

    def _notice_recovered(self, data: dict[str, Any]) -> None:
        ids = list(data.get("task_ids", []))
        interrupted = len(data.get("interrupted", []))
        if not ids:
            return

        def text() -> str:
            base = self.tr(
                "%n unfinished task(s) from the last session will continue.", "", len(ids))
            if interrupted:
                base += ("" if base.endswith("。") else " ") + self.tr(
                    "%n of them stopped while running and resume where they left off.", "", interrupted)
            return base

        self._recovered = set(ids)
        self._notices.show_notice("recovered", "info", text,
                                  lambda: self.tr("Show them"),
                                  lambda: self.show_unfinished.emit(ids))

    def _check_recovered(self, task_id: str) -> None:
        """The recovered-tasks notice goes away once none of its tasks is unfinished any more."""
        if task_id not in self._recovered:
            return
        task = self._engine.task(task_id)
        if task is None or task.status.is_finished:
            self._recovered.discard(task_id)
            if not self._recovered:
                self._notices.remove("recovered")

    def _notice_quarantined(self, data: dict[str, Any]) -> None:
        count = len(data.get("files", [])) + len(data.get("unreadable", []))

        def text() -> str:
            return self.tr("%n stored task(s) could not be read and were set aside in the quarantine folder.", "",
                           count)

        self._notices.show_notice("quarantined", "warning", text)

    def _notice_disk_low(self, data: dict[str, Any]) -> None:
        folder, free, needed = data.get("folder", ""), data.get("free_bytes", 0), data.get("needed_bytes", 0)

        def text() -> str:
            return self.tr("The queue is paused: only %1 free in %2, at least %3 needed. Free some space or change "
                           "the output folder; the queue resumes by itself when space is back.").replace(
                "%1", size_text(free)).replace("%2", folder).replace("%3", size_text(needed))

        self._notices.show_notice("disk_low", "warning", text)

    def _notice_disk_ok(self, data: dict[str, Any]) -> None:
        folder = data.get("folder", "")
        self._notices.remove("disk_low")

        def text() -> str:
            return self.tr("Free space is back in %1: the queue resumed.").replace("%1", folder)

        self._notices.show_notice("disk_ok", "info", text, timeout_ms=NOTICE_TIMEOUT_MS)

    def _notice_store_error(self, data: dict[str, Any]) -> None:
        reason = data.get("reason", "")

        def text() -> str:
            return self.tr("The task list could not be saved (%1). It is retried; check free space in the data "
                           "folder.").replace("%1", reason)

        self._notices.show_notice("store_error", "error", text)

    def _notice_cleaned(self, data: dict[str, Any]) -> None:
        removed, freed = int(data.get("removed", 0)), data.get("freed_bytes", 0)

        def text() -> str:
            return self.tr("Removed %n leftover file(s) of runs that did not finish (%1 freed).", "",
                           removed).replace("%1", size_text(freed))

        self._notices.show_notice("cleaned", "info", text, timeout_ms=NOTICE_TIMEOUT_MS)

    def _notice_delete_failed(self, data: dict[str, Any]) -> None:
        path, reason = data.get("path", ""), data.get("reason", "")

        def text() -> str:
            return self.tr("Could not delete %1: %2").replace("%1", path).replace("%2", reason or "")

        self._notices.show_notice("delete_failed", "warning", text)

    # ------------------------------------------------------------------ finished tasks
    def flush(self) -> None:
        """Show one message for the finishes collected since the last flush; mark them notified."""
        self._timer.stop()
        tasks = [t for t in (self._engine.task(i) for i in self._pending) if t is not None and not t.notified]
        self._pending.clear()
        for task in [t for t in tasks if t.status.value == "cancelled"]:
            self._engine.mark_notified(task.task_id)  # the user cancelled it; no news to announce
        tasks = [t for t in tasks if t.status.value in ("completed", "failed")]
        if not tasks:
            return
        facts = [(t.name, t.status.value, t.error_code) for t in tasks]  # kept for re-translation
        title, text = self._compose(facts)
        ids = [t.task_id for t in tasks]
        target = ids[0] if len(ids) == 1 else None
        failed = any(status == "failed" for _n, status, _c in facts)
        if self._tray is not None:
            self._clicked_target = target
            icon = QSystemTrayIcon.MessageIcon.Warning if failed else QSystemTrayIcon.MessageIcon.Information
            self._tray.showMessage(title, text, icon, 10_000)
            via = "tray"
        else:
            self._notices.show_notice(
                f"finished_{ids[0]}", "error" if failed else "success",
                lambda: " — ".join(self._compose(facts)),
                (lambda: self.tr("Open")) if target else (lambda: self.tr("Show")),
                (lambda: self.open_task.emit(target)) if target else (lambda: self.show_unfinished.emit(ids)),
                timeout_ms=NOTICE_TIMEOUT_MS)
            via = "window"
        for task_id in ids:
            self._engine.mark_notified(task_id)
        self.shown.append({"title": title, "text": text, "task_ids": ids, "via": via})

    def _compose(self, facts: list[tuple[str, str, str | None]]) -> tuple[str, str]:
        """Title and text for finished tasks given as (name, status, error code)."""
        if len(facts) == 1:
            name, status, code = facts[0]
            if status == "completed":
                return self.tr("Task completed"), name
            return self.tr("Task failed"), f"{name}: {error_text(code).summary}"
        done = sum(1 for _n, status, _c in facts if status == "completed")
        failed = len(facts) - done
        title = self.tr("%n task(s) finished", "", len(facts))
        parts = [self.tr("%n completed", "", done)]
        if failed:
            parts.append(self.tr("%n failed", "", failed))
        return title, ", ".join(parts)

    def _on_message_clicked(self) -> None:
        if self._clicked_target:
            self.open_task.emit(self._clicked_target)

