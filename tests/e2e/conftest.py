"""Shared e2e fixtures: real ffmpeg, small lavfi clips under tmp_path, processor call helpers.

* ``ffmpeg_source``: parametrise a test over the system ffmpeg/ffprobe and the bundled ffmpeg (no
  ffprobe) with ``@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)``.
* ``clip``: ``clip("name.mp4", **make_clip options)`` writes a clip in the test's folder.
* ``media_input``: the ``inputs[]`` entry a task would hold for a file (stat + probe summary).
* ``run_processor``: calls ``processor.run`` with a recording progress callback and returns
  ``(result, progress_calls)``.
* ``no_temp_left``: asserts a folder holds no ``.mediacraft-`` temp files or work folders.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from processors import ffbin
from processors.contract import CancelToken, Result
from processors.probe import probe
from tests.media_factory import make_clip


@pytest.fixture
def ffmpeg_source(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Select the system tools or the bundled ffmpeg (no ffprobe) for the test; restores the cache after."""
    source = getattr(request, "param", "system")
    if source == "bundled":
        if ffbin._bundled_ffmpeg() is None:
            pytest.skip("imageio-ffmpeg provides no ffmpeg here")
        monkeypatch.setenv("MEDIACRAFT_FFMPEG_SOURCE", "bundled")
    else:
        monkeypatch.delenv("MEDIACRAFT_FFMPEG_SOURCE", raising=False)
    monkeypatch.delenv("MEDIACRAFT_FFMPEG", raising=False)
    ffbin.find_tools.cache_clear()
    yield source
    ffbin.find_tools.cache_clear()


@pytest.fixture
def clip(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, **options: Any) -> Path:
        return make_clip(tmp_path / name, **options)

    return make


def entry_for(path: Path | str) -> dict[str, Any]:
    p = Path(path)
    st = p.stat()
    return {"path": str(p.resolve()), "original_filename": p.name, "size": st.st_size, "mtime": st.st_mtime,
            "media": probe(str(p)).to_summary()}


@pytest.fixture
def media_input() -> Callable[[Path | str], dict[str, Any]]:
    return entry_for


ProgressLog = list[tuple[float, str]]


def call_processor(processor: Any, inputs: list[dict[str, Any]], config: dict[str, Any], output: Path | str,
                   *, cancel: CancelToken | None = None, checkpoint: dict[str, Any] | None = None,
                   on_progress: Callable[[float, str], None] | None = None) -> tuple[Result, ProgressLog]:
    calls: ProgressLog = []

    def progress(pct: float, msg: str) -> None:
        calls.append((pct, msg))
        if on_progress is not None:
            on_progress(pct, msg)

    cfg = processor.validate(inputs, config)
    result = processor.run(inputs, cfg, str(output), progress, cancel or CancelToken(),
                           checkpoint if checkpoint is not None else {})
    return result, calls


@pytest.fixture
def run_processor() -> Callable[..., tuple[Result, ProgressLog]]:
    return call_processor


def leftovers(folder: Path) -> list[str]:
    """Temp files or work folders a processor left in ``folder``."""
    return sorted(n for n in os.listdir(folder) if ".mediacraft-" in n or n.endswith(".part"))


@pytest.fixture
def no_temp_left() -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        assert leftovers(folder) == []

    return check
