"""GUI test fixtures: offscreen Qt, a private data dir, started engines, the media service, the main window.

``QT_QPA_PLATFORM=offscreen`` (with a 1440x900 screen) is set before the QApplication exists. Engines use
the real store in the test's data dir and the ``test_steps`` processor (``MEDIACRAFT_TEST_PROCESSORS=1``).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":  # a 1440x900 virtual screen instead of the default 800x800
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={os.path.join(os.path.dirname(__file__), 'offscreen.json')}"
os.environ["MEDIACRAFT_TEST_PROCESSORS"] = "1"
os.environ.setdefault("MEDIACRAFT_THEME", "light")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from mediacraft_desktop.engine import TaskEngine  # noqa: E402
from mediacraft_desktop.media_service import MediaService  # noqa: E402
from mediacraft_desktop.settings import Settings, save_settings  # noqa: E402
from storage import open_store  # noqa: E402
from storage.base import QuarantinedFile, TaskStore  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402


class MemoryStore(TaskStore):
    """An in-memory TaskStore (the engine's store interface) for tests with thousands of tasks."""

    def __init__(self, docs: list[dict[str, Any]] | None = None) -> None:
        self.docs = {d["task_id"]: d for d in docs or []}
        self.saves = 0

    def load_all(self) -> list[dict[str, Any]]:
        return list(self.docs.values())

    def save(self, task: dict[str, Any]) -> None:
        self.saves += 1
        self.docs[task["task_id"]] = task

    def delete(self, task_id: str) -> None:
        self.docs.pop(task_id, None)

    def quarantined(self) -> list[QuarantinedFile]:
        return []

    def usage_bytes(self) -> int:
        return 0


@pytest.fixture(scope="session")
def languages(qapp: Any) -> Any:
    """The app's translators, in English (as the app installs them at start)."""
    from ui.i18n import LanguageManager

    manager = LanguageManager(qapp)
    manager.apply("en")
    return manager


@pytest.fixture(autouse=True)
def _english(languages: Any) -> Iterator[None]:
    yield
    languages.apply("en")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private MEDIACRAFT_DATA_DIR for this test."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("MEDIACRAFT_DATA_DIR", str(path))
    return path


@pytest.fixture
def test_settings(data_dir: Path) -> Settings:
    settings = Settings(output_dir=str(data_dir.parent / "results"), min_free_disk_mb=0, language="en",
                        keep_running_in_tray=False)
    save_settings(data_dir, settings)
    return settings


@pytest.fixture
def engine_factory(qtbot: Any, data_dir: Path, test_settings: Settings) -> Iterator[Callable[..., TaskEngine]]:
    """Make engines on the test's data dir (several in a row simulate restarts); all are shut down."""
    engines: list[TaskEngine] = []

    def make(*, start: bool = True, store: TaskStore | None = None, **overrides: Any) -> TaskEngine:
        settings = Settings(**{**test_settings.__dict__, **overrides})
        engine = TaskEngine(store or open_store(data_dir), settings, temp_dir=str(data_dir / "temp"))
        engine.shut = False
        engines.append(engine)
        if start:
            engine.start()
        return engine

    yield make
    for engine in engines:
        stop_engine(engine)


def stop_engine(engine: TaskEngine) -> None:
    if not getattr(engine, "shut", False):
        engine.shut = True
        engine.shutdown()


@pytest.fixture
def engine(engine_factory: Callable[..., TaskEngine]) -> TaskEngine:
    """A started engine with the test processor."""
    return engine_factory()


@pytest.fixture
def media(qtbot: Any) -> Iterator[MediaService]:
    service = MediaService()
    yield service
    service.shutdown()


@pytest.fixture
def window_factory(qtbot: Any, data_dir: Path, media: MediaService, languages: Any) -> Iterator[Callable[..., Any]]:
    """Main windows on an engine (no tray unless asked); closed for real at the end."""
    from ui.main_window import MainWindow, Services

    windows: list[Any] = []

    def make(engine: TaskEngine, *, use_tray: bool = False, show: bool = True) -> Any:
        window = MainWindow(Services(engine, media, data_dir, languages), use_tray=use_tray)
        qtbot.addWidget(window)
        window.tasks_dock.model.reload()
        windows.append(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window.stop()
        window._quitting = True
        window.close()


@pytest.fixture
def gui_factory(qtbot: Any, data_dir: Path, test_settings: Settings) -> Iterator[Callable[..., Any]]:
    """The whole app as ``mediacraft`` starts it (``ui.app.build_gui``); each one is quit at the end.

    Calling it again after ``quit_gui`` is a restart on the same data dir.
    """
    from ui.app import build_gui

    guis: list[Any] = []

    def make(argv: tuple[str, ...] = (), *, use_tray: bool = False) -> Any:
        gui = build_gui(list(argv), use_tray=use_tray)
        assert not isinstance(gui, int), "another instance holds the data dir"
        guis.append(gui)
        qtbot.waitExposed(gui.window)
        return gui

    yield make
    for gui in guis:
        quit_gui(gui)


def quit_gui(gui: Any) -> None:
    """Quit as the user does (running tasks become interrupted), then restore English for the next test."""
    if getattr(gui, "quit_done", False):
        return
    gui.quit_done = True
    gui.window._quitting = True
    gui.window.close()
    gui.shutdown()
    gui.languages.apply("en")
    gui.window.deleteLater()


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small real clips: a/b/named alike (25 fps), c at 30 fps, d without audio."""
    folder = tmp_path_factory.mktemp("clips")
    made = {
        "a": make_clip(folder / "a.mp4", duration=1.0, size="160x120"),
        "b": make_clip(folder / "b.mp4", duration=1.0, size="160x120", video="testsrc"),
        "named": make_clip(folder / "-片段 'q' b.mp4", duration=1.0, size="160x120"),
        "c30": make_clip(folder / "c30.mp4", duration=1.0, size="160x120", fps="30"),
        "noaudio": make_clip(folder / "d_noaudio.mp4", duration=1.0, size="160x120", audio=None),
    }
    return made


def input_file(folder: Path, name: str = "input.bin") -> str:
    path = folder / name
    if not path.exists():
        path.write_bytes(b"x" * 16)
    return str(path)
