"""The main window: workspaces (Remove watermark, Merge, Dashboard), the Tasks dock, menus and toolbar.

It also decides what dropped files mean (one video: the removal workspace; several or a folder: the
merge list), remembers window state and recent files, and handles closing while tasks run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mediacraft_desktop.registry import VIDEO_EXTENSIONS
from mediacraft_desktop.settings import Settings, save_settings
from ui import icons
from ui.dashboard import Dashboard
from ui.help_dialogs import GuideDialog, ShortcutSheet
from ui.i18n import LanguageManager
from ui.merge.clip_model import expand_paths
from ui.merge.workspace import MergeWorkspace
from ui.notifications import AppTray, Notifier, tray_available
from ui.settings_dialog import SettingsDialog
from ui.tasks.detail import TaskDetailDialog
from ui.tasks.dock import TasksDock
from ui.widgets.notice_area import NoticeArea
from ui.widgets.thumbnails import ThumbnailCache
from ui.widgets.wheel_guard import install_wheel_guard

MAX_RECENT = 10
DEFAULT_SIZE = (1280, 820)
DEFAULT_DOCK_HEIGHT = 190  # the Tasks dock's first height: the picture stays the largest thing on screen
CLEANUP_INTERVAL_MS = 60 * 60 * 1000
TAB_REMOVAL, TAB_MERGE, TAB_DASHBOARD = 0, 1, 2


@dataclass
class Services:
    engine: Any
    media: Any
    data_dir: Path
    languages: LanguageManager


def make_removal_workspace(engine: Any, media: Any, parent: QWidget) -> QWidget:
    from ui.removal.workspace import RemovalWorkspace

    return RemovalWorkspace(engine, media, parent)


def is_video(path: str) -> bool:
    return os.path.isfile(path) and Path(path).suffix.lower() in VIDEO_EXTENSIONS


class MainWindow(QMainWindow):
    quit_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *, use_tray: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.engine = services.engine
        self.media = services.media
        self.ui_state = QSettings(str(services.data_dir / "ui_state.ini"), QSettings.Format.IniFormat)
        self.thumbnails = ThumbnailCache(self.media, parent=self)
        self._quitting = False
        self._tray_hint_shown = False
        self._details: dict[str, TaskDetailDialog] = {}
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_wheel_guard(app)

        self.notices = NoticeArea(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workspaces")
        self.tabs.setDocumentMode(True)
        self.removal = make_removal_workspace(self.engine, self.media, self.tabs)
        self.merge = MergeWorkspace(self.engine, self.media, self.thumbnails, self.tabs)
        self.dashboard = Dashboard(self.engine, self.tabs)
        self.tabs.addTab(self.removal, icons.icon("remove-watermark"), "")
        self.tabs.addTab(self.merge, icons.icon("merge"), "")
        self.tabs.addTab(self.dashboard, icons.icon("dashboard"), "")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notices)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.tasks_dock = TasksDock(self.engine, self.thumbnails, self)
        self.tasks_dock.actions.cancel_guard.settings_changed.connect(
            lambda settings: save_settings(self.services.data_dir, settings))  # "Don't ask again"
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.tasks_dock)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        want_tray = tray_available() if use_tray is None else use_tray
        self.tray = AppTray(self.engine, self) if want_tray else None
        if self.tray is not None:
            self.tray.show()
            self.tray.show_window.connect(self.bring_to_front)
            self.tray.quit_requested.connect(self.quit_app)
        self.notifier = Notifier(self.engine, self.notices, self.tray, self)
        self.notifier.open_task.connect(self.open_task_detail)
        self.notifier.show_unfinished.connect(self.show_tasks)

        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._connect()
        self.retranslateUi()
        self.restore_state()
        self._cleanup_timer = QTimer(self)
        self._cleanup_timer.setInterval(CLEANUP_INTERVAL_MS)
        self._cleanup_timer.timeout.connect(self.engine.cleanup_expired)
        self._cleanup_timer.start()

    # ------------------------------------------------------------------ construction
    def _action(self, name: str, icon_name: str | None = None, shortcut: Any = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if icon_name:
            icons.set_icon(action, icon_name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _create_actions(self) -> None:
        self.open_action = self._action("actionOpen", "open", QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_video_dialog)
        self.add_clips_action = self._action("actionAddClips", "add", "Ctrl+Shift+O")
        self.add_clips_action.triggered.connect(self._add_clips_dialog)
        self.settings_action = self._action("actionSettings", "settings", QKeySequence.StandardKey.Preferences)
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action("actionQuit", "quit", QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit_app)
        self.clear_recent_action = self._action("actionClearRecent")
        self.clear_recent_action.triggered.connect(self.clear_recent)
        self.workspace_group = QActionGroup(self)
        self.workspace_actions = []
        for i, (name, icon_name) in enumerate((("actionShowRemoval", "remove-watermark"),
                                                ("actionShowMerge", "merge"), ("actionShowDashboard", "dashboard"))):
            action = self._action(name, icon_name, f"Ctrl+{i + 1}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, index=i: self.tabs.setCurrentIndex(index))
            self.workspace_group.addAction(action)
            self.workspace_actions.append(action)
        self.workspace_actions[0].setChecked(True)
        self.toggle_dock_action = self.tasks_dock.toggleViewAction()
        self.toggle_dock_action.setObjectName("actionToggleTasks")
        icons.set_icon(self.toggle_dock_action, "tasks")
        self.toggle_dock_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.fullscreen_action = self._action("actionFullScreen", None, QKeySequence.StandardKey.FullScreen)
        if self.fullscreen_action.shortcut().isEmpty():
            self.fullscreen_action.setShortcut(QKeySequence("F11"))
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(
            lambda on: self.showFullScreen() if on else self.showNormal())
        self.about_action = self._action("actionAbout", "info")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.about_qt_action = self._action("actionAboutQt")
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.about_qt_action.triggered.connect(QApplication.aboutQt)
        self.guide_action = self._action("actionGuide", "info", QKeySequence.StandardKey.HelpContents)
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = self._action("actionShortcuts", None, "Ctrl+/")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        # the removal workspace's own undo/redo (its keys work while it has focus; the menu works always)
        self.undo_action = getattr(self.removal, "undo_action", None)
        self.redo_action = getattr(self.removal, "redo_action", None)
        for action, name in ((self.undo_action, "undo"), (self.redo_action, "redo")):
            if action is not None:
                icons.set_icon(action, name)
        task_actions = self.tasks_dock.actions
        task_actions.pause_queue.setShortcut(QKeySequence("Ctrl+Shift+P"))
        task_actions.pause_queue.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.setObjectName("menuFile")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.add_clips_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("menuRecent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        for action in (self.undo_action, self.redo_action):
            if action is not None:
                self.edit_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        for action in self.workspace_actions:
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.toggle_dock_action)
        self.view_menu.addAction(self.fullscreen_action)
        self.queue_menu = bar.addMenu("")
        self.queue_menu.setObjectName("menuQueue")
        a = self.tasks_dock.actions
        for item in (a.pause_queue, a.stop_after_current, a.clear_finished, None, a.details, a.edit_again, a.cancel,
                     a.retry,
                     a.hold, a.release, a.raise_priority, a.lower_priority, a.set_priority, None, a.open_result,
                     a.show_in_folder, a.remove):
            if item is None:
                self.queue_menu.addSeparator()
            else:
                self.queue_menu.addAction(item)
        self.queue_menu.aboutToShow.connect(a.update_enabled)
        self.help_menu = bar.addMenu("")
        self.help_menu.setObjectName("menuHelp")
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.help_menu.addAction(self.about_qt_action)

    def _create_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(icons.icon_size(20))
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addAction(self.add_clips_action)
        self.toolbar.addSeparator()
        a = self.tasks_dock.actions
        self.toolbar.addAction(a.pause_queue)
        self.toolbar.addAction(a.stop_after_current)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.toggle_dock_action)
        self.toolbar.addAction(self.settings_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _connect(self) -> None:
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tasks_dock.task_activated.connect(self.open_task_detail)
        self.dashboard.task_activated.connect(self.open_task_detail)
        self.dashboard.status_group_requested.connect(self._show_status_group)
        self.merge.submitted.connect(self._on_submitted)
        submitted = getattr(self.removal, "task_submitted", None)
        if submitted is not None:
            submitted.connect(self._on_submitted)
        opened = getattr(self.removal, "video_opened", None)
        if opened is not None:
            opened.connect(self.add_recent)
        if hasattr(self.removal, "edit_task"):
            from ui.removal.workspace import TASK_TYPE as REMOVAL_TASK_TYPE

            self.tasks_dock.actions.editable_types = frozenset({REMOVAL_TASK_TYPE})
            self.tasks_dock.actions.edit_again_requested.connect(self.edit_task_again)
        self.engine.queue_changed.connect(self._update_status)
        self.engine.task_changed.connect(self._schedule_status)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(500)
        self._status_timer.timeout.connect(self._update_status)

    # ------------------------------------------------------------------ i18n
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        elif event.type() == QEvent.Type.PaletteChange:
            icons.retint(self)
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        self.setWindowTitle("MediaCraft")
        self.tabs.setTabText(TAB_REMOVAL, self.tr("Remove watermark"))
        self.tabs.setTabText(TAB_MERGE, self.tr("Merge"))
        self.tabs.setTabText(TAB_DASHBOARD, self.tr("Dashboard"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.queue_menu.setTitle(self.tr("&Queue"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.open_action.setText(self.tr("&Open video…"))
        self.open_action.setToolTip(self.tr("Open a video to remove a watermark (or drop files on the window)"))
        self.add_clips_action.setText(self.tr("&Add clips to merge…"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.clear_recent_action.setText(self.tr("&Clear list"))
        texts = (self.tr("&Remove watermark"), self.tr("&Merge"), self.tr("&Dashboard"))
        for action, text in zip(self.workspace_actions, texts, strict=True):
            action.setText(text)
        self.toggle_dock_action.setText(self.tr("&Tasks panel"))
        self.fullscreen_action.setText(self.tr("&Full screen"))
        self.about_action.setText(self.tr("&About MediaCraft"))
        self.about_qt_action.setText(self.tr("About &Qt"))
        self.guide_action.setText(self.tr("&Guide"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        if self.tray is not None:
            self.tray.retranslate()
        self._update_status()

    # ------------------------------------------------------------------ files
    def open_video_dialog(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(VIDEO_EXTENSIONS))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open video"), self._last_dir(),
                                              self.tr("Videos (%1)").replace("%1", patterns))
        if path:
            self.open_video(path)

    def _add_clips_dialog(self) -> None:
        self.tabs.setCurrentIndex(TAB_MERGE)
        self.merge.add_clips_dialog()

    def open_video(self, path: str) -> None:
        """Show ``path`` in the removal workspace."""
        self.tabs.setCurrentIndex(TAB_REMOVAL)
        open_video = getattr(self.removal, "open_video", None)
        if open_video is not None:
            open_video(path)
        self.add_recent(path)

    def edit_task_again(self, task_id: str) -> None:
        """Edit again: a finished removal task's input and settings into the removal workspace (task untouched)."""
        task = self.engine.task(task_id)
        if task is None:
            return
        self.tabs.setCurrentIndex(TAB_REMOVAL)
        self.removal.edit_task(task)

    def open_paths(self, paths: list[str]) -> str:
        """Route dropped or command-line files: one video -> removal; several or folders -> merge list.

        Returns where they went: "removal", "merge" or "" (nothing usable).
        """
        paths = [os.path.abspath(p) for p in paths if p]
        if len(paths) == 1 and is_video(paths[0]):
            self.open_video(paths[0])
            return "removal"
        media = expand_paths(paths)
        if media:
            self.tabs.setCurrentIndex(TAB_MERGE)
            self.merge.add_paths(paths)
            for path in media[:MAX_RECENT]:
                self.add_recent(path)
            return "merge"
        names = ", ".join(os.path.basename(p) for p in paths[:3])
        self.notices.show_notice("not_video", "warning",
                                 self.tr("Not a video file: %1").replace("%1", names), timeout_ms=10_000)
        return ""

    def open_from_elsewhere(self, paths: list[str]) -> None:
        """A later launch (``mediacraft file.mp4``) or the CLI asked this window to show files."""
        self.bring_to_front()
        if paths:
            self.open_paths(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def recent_files(self) -> list[str]:
        value = self.ui_state.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(p) for p in (value or [])]

    def add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [path] + [p for p in self.recent_files() if p != path]
        self.ui_state.setValue("recent/files", files[:MAX_RECENT])
        self.ui_state.setValue("recent/dir", os.path.dirname(path))

    def clear_recent(self) -> None:
        self.ui_state.setValue("recent/files", [])

    def _last_dir(self) -> str:
        return str(self.ui_state.value("recent/dir", "") or "")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, path in enumerate(files):
            label = f"&{i + 1} {os.path.basename(path)}" if i < 9 else os.path.basename(path)
            action = self.recent_menu.addAction(label)
            action.setToolTip(path)
            action.setEnabled(os.path.exists(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_paths([p]))
        if not files:
            empty = self.recent_menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.clear_recent_action)
        self.clear_recent_action.setEnabled(bool(files))

    # ------------------------------------------------------------------ tasks
    def _on_submitted(self, task_id: str) -> None:
        self.tasks_dock.show()
        self.tasks_dock.raise_()
        self.tasks_dock.select_task(task_id)
        self.statusBar().showMessage(self.tr("Added to the queue"), 4000)

    def open_task_detail(self, task_id: str) -> TaskDetailDialog | None:
        if self.engine.task(task_id) is None:
            return None
        self.bring_to_front()
        dialog = self._details.get(task_id)
        if dialog is None:
            dialog = TaskDetailDialog(self.engine, self.media, task_id, self,
                                      cancel_guard=self.tasks_dock.actions.cancel_guard)
            self._details[task_id] = dialog
            dialog.destroyed.connect(lambda _obj=None, tid=task_id: self._details.pop(tid, None))
            dialog.finished.connect(lambda _r=0, tid=task_id: self._details.pop(tid, None))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def show_tasks(self, task_ids: list[str]) -> None:
        """Show the dock with these tasks selected (e.g. the ones recovered at start)."""
        self.tasks_dock.show()
        self.tasks_dock.raise_()
        self.tasks_dock.set_status_group("all")
        self.tasks_dock.select_ids(task_ids)

    def _show_status_group(self, key: str) -> None:
        self.tasks_dock.show()
        self.tasks_dock.set_status_group(key)

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.workspace_actions):
            self.workspace_actions[index].setChecked(True)

    def _schedule_status(self, _task_id: str) -> None:
        if not self._status_timer.isActive():
            self._status_timer.start()

    def _update_status(self) -> None:
        running = len(self.engine.running_ids())
        text = self.tr("%n running", "", running)
        if self.engine.queue_paused:
            text += " · " + self.tr("queue paused")
        self.status_label.setText(text)

    # ------------------------------------------------------------------ settings
    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.engine.settings, self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        save_settings(self.services.data_dir, settings)
        self.engine.apply_settings(settings)
        self.services.languages.apply(settings.language)

    def help_window_actions(self) -> list[QAction]:
        """The window's and the task list's actions, as the shortcut sheet lists them."""
        a = self.tasks_dock.actions
        return [self.open_action, self.add_clips_action, *self.workspace_actions, self.toggle_dock_action,
                self.fullscreen_action, self.settings_action, self.quit_action, a.pause_queue, a.details, a.cancel,
                a.retry, a.raise_priority, a.lower_priority, a.remove, self.guide_action, self.shortcuts_action]

    def show_shortcuts(self) -> ShortcutSheet:
        """Help → Keyboard shortcuts (a new sheet each time, so it is in the current language)."""
        sheet = ShortcutSheet(self.help_window_actions(), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
        return sheet

    def show_guide(self) -> GuideDialog:
        guide = GuideDialog(self)
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        guide.show()
        return guide

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About MediaCraft"), self.tr(
            "<h3>MediaCraft Desktop</h3><p>Remove watermarks and merge clips, with a task queue that keeps "
            "working in the background and survives restarts.</p>"))

    # ------------------------------------------------------------------ window state
    def restore_state(self) -> None:
        geometry = self.ui_state.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry() if self.screen() is not None else None
            width, height = DEFAULT_SIZE
            if screen is not None:
                width, height = min(width, screen.width()), min(height, screen.height())
            self.resize(width, height)
        state = self.ui_state.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        else:
            self.resizeDocks([self.tasks_dock], [DEFAULT_DOCK_HEIGHT], Qt.Orientation.Vertical)
        header = self.ui_state.value("tasks/header/v2")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.tasks_dock.view.header().restoreState(header)
        self.tabs.setCurrentIndex(int(self.ui_state.value("window/tab", TAB_REMOVAL) or 0))

    def save_state(self) -> None:
        self.ui_state.setValue("window/geometry", self.saveGeometry())
        self.ui_state.setValue("window/state", self.saveState())
        self.ui_state.setValue("window/tab", self.tabs.currentIndex())
        self.ui_state.setValue("tasks/header/v2", self.tasks_dock.view.header().saveState())
        self.ui_state.sync()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ closing
    def unfinished_running(self) -> int:
        return len(self.engine.running_ids())

    def ask_close(self, running: int) -> str:
        """Ask what to do when closing with running tasks: "quit", "tray" or "cancel"."""
        box = QMessageBox(self)
        box.setObjectName("confirmQuit")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Tasks are running"))
        box.setText(self.tr("%n task(s) are still running.", "", running))
        box.setInformativeText(self.tr("If you quit, they stop now and continue where they left off the next "
                                       "time you start MediaCraft."))
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.DestructiveRole)
        quit_button.setObjectName("quitButton")
        tray_button = None
        if self.tray is not None:
            tray_button = box.addButton(self.tr("Keep running in the tray"), QMessageBox.ButtonRole.AcceptRole)
            tray_button.setObjectName("trayButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(tray_button or QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is quit_button:
            return "quit"
        if tray_button is not None and clicked is tray_button:
            return "tray"
        return "cancel"

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            self.save_state()
            event.accept()
            return
        running = self.unfinished_running()
        if running and self.tray is not None and self.engine.settings.keep_running_in_tray:
            choice = "tray"
        elif running:
            choice = self.ask_close(running)
        else:
            choice = "quit"
        if choice == "cancel":
            event.ignore()
            return
        if choice == "tray":
            event.ignore()
            self.save_state()
            self.hide()
            if self.tray is not None and not self._tray_hint_shown:
                self._tray_hint_shown = True
                self.tray.showMessage("MediaCraft", self.tr("MediaCraft keeps working in the tray. Quit from the "
                                                            "tray menu."), icons.app_icon(), 5000)
            return
        self._quitting = True
        self.save_state()
        event.accept()
        self.quit_requested.emit()

    def stop(self) -> None:
        """Before the engine shuts down: stop timers and notifications, close detail windows."""
        self.notifier.stop()
        self._cleanup_timer.stop()
        self._status_timer.stop()
        for dialog in list(self._details.values()):
            dialog.close()

    def quit_app(self) -> None:
        """Quit for real (tray menu, File → Quit): running tasks become interrupted and resume next start."""
        running = self.unfinished_running()
        if running and self.isVisible():
            choice = self.ask_close(running)
            if choice == "tray":
                self.close()
                return
            if choice != "quit":
                return
        self._quitting = True
        self.save_state()
        self.close()
        self.quit_requested.emit()
