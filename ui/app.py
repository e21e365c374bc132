"""GUI start-up: QApplication, style, language, the engine and the main window.

``run_gui(argv)`` is what ``mediacraft`` with no command (or with file arguments) runs. ``build_gui``
does everything except entering the event loop, for tests and the start-up benchmark.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from mediacraft_desktop import paths
from mediacraft_desktop.app_log import setup_logging
from mediacraft_desktop.bootstrap import open_engine
from mediacraft_desktop.engine import TaskEngine
from mediacraft_desktop.instance_lock import InstanceLock
from mediacraft_desktop.instance_server import InstanceServer, send_command
from mediacraft_desktop.media_service import MediaService
from mediacraft_desktop.remote_commands import make_handler
from mediacraft_desktop.settings import load_settings
from ui import icons
from ui.i18n import LanguageManager
from ui.main_window import MainWindow, Services
from ui.style import ThemeWatcher, apply_style

log = logging.getLogger(__name__)
EXIT_OK, EXIT_BUSY = 0, 4


@dataclass
class Gui:
    app: QApplication
    engine: TaskEngine
    media: MediaService
    window: MainWindow
    languages: LanguageManager
    theme: ThemeWatcher
    lock: InstanceLock
    server: InstanceServer | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _closed: bool = False

    def shutdown(self) -> None:
        """Stop running tasks (they resume next start), flush the store, release the instance lock."""
        if self._closed:
            return
        self._closed = True
        try:
            self.app.aboutToQuit.disconnect(self.shutdown)
        except (RuntimeError, TypeError):
            pass
        if self.server is not None:
            self.server.close()  # later launches and the CLI open the store themselves from now on
        self.window.save_state()
        self.window.stop()
        if self.window.tray is not None:
            self.window.tray.hide()
        self.engine.shutdown()
        self.media.shutdown()
        self.lock.release()


def make_app() -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(["mediacraft"])
    app.setApplicationName("MediaCraft")
    app.setOrganizationName("MediaCraft")
    app.setApplicationDisplayName("MediaCraft")
    app.setDesktopFileName("io.mediacraft.MediaCraft")  # matches packaging/io.mediacraft.MediaCraft.desktop
    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)  # closing to the tray keeps us running; quitting is explicit
    return app


def forward_to_owner(data_dir: Path, files: list[str]) -> bool:
    """Another process owns the store: ask its window to come forward and open ``files``; True if it did."""
    try:
        reply = send_command(data_dir, {"command": "open", "paths": [os.path.abspath(f) for f in files]},
                             timeout_s=10.0)
    except (OSError, ValueError):
        return False
    return bool(reply.get("ok"))


def build_gui(argv: Sequence[str] = (), *, use_tray: bool | None = None) -> Gui | int:
    """Create everything and show the window.

    When another process owns the data folder, the files are handed to its window instead and an exit
    code is returned: 0 if that window took them, EXIT_BUSY if it could not (e.g. a headless ``mediacraft
    run``, which is then named in a message box).
    """
    t0 = time.perf_counter()
    app = make_app()
    theme = apply_style(app)
    data_dir = paths.data_dir()
    files = [a for a in argv if not a.startswith("-")]
    lock = InstanceLock(data_dir)
    if not lock.acquire(wait_s=1.0):
        if forward_to_owner(data_dir, files):
            return EXIT_OK
        pid = lock.holder_pid()
        QMessageBox.warning(None, "MediaCraft", QCoreApplication.translate(
            "App", "MediaCraft is already running (process %1). Use its window or tray icon.").replace(
            "%1", str(pid or "?")))
        return EXIT_BUSY
    settings = load_settings(data_dir)
    languages = LanguageManager(app)
    languages.apply(settings.language)
    engine = open_engine(data_dir, settings)
    media = MediaService()
    window = MainWindow(Services(engine, media, data_dir, languages), use_tray=use_tray)
    t_window = time.perf_counter()
    engine.start()
    window.tasks_dock.model.reload()
    engine.cleanup_expired()
    t_engine = time.perf_counter()
    window.show()
    server = InstanceServer(data_dir, make_handler(engine, open_paths=window.open_from_elsewhere))
    gui = Gui(app, engine, media, window, languages, theme, lock, server)
    gui.timings = {"window_built_s": t_window - t0, "engine_started_s": t_engine - t_window,
                   "shown_s": time.perf_counter() - t0}
    theme.changed.connect(lambda _dark: icons.retint(window))
    window.quit_requested.connect(app.quit)
    app.aboutToQuit.connect(gui.shutdown)
    if files:
        window.open_paths(files)
    return gui


def _quit_on_signals(app: QApplication) -> QTimer:
    """SIGTERM/SIGINT (logout, ``kill``) quit through the normal path: tasks stop as interrupted, store flushed."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: app.quit())
    timer = QTimer()
    timer.start(250)  # wakes the interpreter so Python signal handlers run during the Qt loop
    timer.timeout.connect(lambda: None)
    return timer


def run_gui(argv: Sequence[str]) -> int:
    setup_logging(console=True)
    gui = build_gui(list(argv))
    if isinstance(gui, int):
        return gui
    wake = _quit_on_signals(gui.app)
    code = gui.app.exec()
    wake.stop()
    gui.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv[1:]))
