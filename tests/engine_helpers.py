"""Shared helpers for engine tests: a started engine on a temp store with the test processor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mediacraft_desktop.engine import TaskEngine
from mediacraft_desktop.registry import ProcessorSpec, default_registry
from mediacraft_desktop.settings import Settings
from mediacraft_desktop.states import TaskStatus
from storage import open_store


def make_registry():
    """Default registry plus a second test type so per-type limits can be observed."""

    def extra(registry) -> None:
        registry.register(ProcessorSpec("test_steps_b", "processors.steps", max_inputs=None, extensions=None,
                                        probe_inputs=False))

    return default_registry(extra)


def make_engine(data_dir: Path, **settings: Any) -> TaskEngine:
    settings.setdefault("output_dir", str(data_dir / "out"))
    settings.setdefault("min_free_disk_mb", 0)
    engine = TaskEngine(open_store(data_dir), Settings(**settings), make_registry())
    return engine


def input_file(folder: Path, name: str = "input.bin") -> str:
    path = folder / name
    if not path.exists():
        path.write_bytes(b"x" * 16)
    return str(path)


def wait_until(qtbot, predicate: Callable[[], bool], timeout_ms: int = 15000) -> None:
    qtbot.waitUntil(predicate, timeout=timeout_ms)


def all_finished(engine: TaskEngine, ids: list[str]) -> bool:
    return all(engine.task(i).status.is_finished for i in ids)


def statuses(engine: TaskEngine, ids: list[str]) -> list[TaskStatus]:
    return [engine.task(i).status for i in ids]
