"""MediaService mask estimates and logo detection: answers by signal, off the GUI thread, latest-wins, cancel.

The analysis functions are replaced by slow, controllable fakes here (the real ones are exercised in
``test_removal_mask.py`` when ``processors.watermark.analysis`` exists); the probe and the clip are real.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from mediacraft_desktop import media_service
from mediacraft_desktop.media_service import MediaService
from processors.contract import Cancelled, ConfigError
from tests.media_factory import make_clip


@pytest.fixture
def service(media: MediaService) -> MediaService:
    return media  # conftest's service, shut down after the test


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("analysis") / "logo clip.mp4", duration=0.4, size="160x120")


def test_mask_is_answered_off_the_gui_thread_with_the_probe_summary(service, qtbot, clip, monkeypatch):
    calls: list[tuple] = []

    def fake(path, media, rect, cancel):
        calls.append((path, media, rect, threading.current_thread() is threading.main_thread()))
        mask = np.zeros((rect[3], rect[2]), np.uint8)
        mask[1:3, 2:5] = 255
        return mask

    monkeypatch.setattr(media_service, "_estimate_mask", fake)
    with qtbot.waitSignal(service.mask_ready, timeout=20000) as blocker:
        rid = service.request_mask(str(clip), (10, 20, 30, 8))
    got_rid, path, rect, mask = blocker.args
    assert (got_rid, path, rect) == (rid, str(clip), (10, 20, 30, 8))
    assert mask.shape == (8, 30) and int((mask == 255).sum()) == 6
    (called_path, media, called_rect, on_main), = calls
    assert called_path == str(clip) and called_rect == (10, 20, 30, 8) and not on_main
    assert media["video"][0]["width"] == 160 and media["video"][0]["codec"] == "h264"


def test_detect_answers_suggestions(service, qtbot, clip, monkeypatch):
    found = [{"x": 4, "y": 5, "w": 40, "h": 12, "score": 0.9, "kind": "opaque"}]
    monkeypatch.setattr(media_service, "_detect_logos", lambda path, media, cancel: found)
    with qtbot.waitSignal(service.logos_detected, timeout=20000) as blocker:
        rid = service.request_detect(str(clip))
    assert blocker.args == [rid, str(clip), found]


def _blocking(started: threading.Event, seen: list):
    """A fake analysis that runs until its token is cancelled (like a long estimate)."""

    def fake(path, media, rect, cancel):
        seen.append(rect)
        started.set()
        if not cancel.wait(10):
            raise AssertionError("never cancelled")
        raise Cancelled("user")

    return fake


def test_newer_mask_request_cancels_the_running_one(service, qtbot, clip, monkeypatch):
    started, seen = threading.Event(), []
    monkeypatch.setattr(media_service, "_estimate_mask", _blocking(started, seen))
    first = service.request_mask(str(clip), (0, 0, 8, 8))
    assert started.wait(10)
    superseded: list[int] = []
    service.superseded.connect(superseded.append)
    monkeypatch.setattr(media_service, "_estimate_mask", lambda p, m, rect, cancel: np.full((8, 8), 255, np.uint8))
    with qtbot.waitSignal(service.mask_ready, timeout=10000) as blocker:
        second = service.request_mask(str(clip), (4, 4, 8, 8))
    assert blocker.args[0] == second
    qtbot.waitUntil(lambda: first in superseded, timeout=5000)
    assert second not in superseded


def test_cancel_stops_a_running_detection(service, qtbot, clip, monkeypatch):
    started, seen = threading.Event(), []
    blocking = _blocking(started, seen)
    monkeypatch.setattr(media_service, "_detect_logos", lambda path, media, cancel: blocking(path, media, (), cancel))
    answered: list[str] = []
    service.logos_detected.connect(lambda *a: answered.append("detected"))
    service.failed.connect(lambda *a: answered.append("failed"))
    rid = service.request_detect(str(clip))
    assert started.wait(10)
    with qtbot.waitSignal(service.superseded, timeout=5000, check_params_cb=lambda r: r == rid):
        assert service.cancel(rid)
    qtbot.wait(50)
    assert answered == [] and not service.cancel(rid)


def test_errors_come_back_as_failed_with_their_code(service, qtbot, clip, monkeypatch):
    def broken(path, media, rect, cancel):
        raise ConfigError("rect outside the frame")

    monkeypatch.setattr(media_service, "_estimate_mask", broken)
    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.request_mask(str(clip), (0, 0, 8, 8))
    assert blocker.args == [rid, str(clip), "config_invalid", "rect outside the frame"]
    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.request_detect(str(clip.with_name("missing.mp4")))
    assert blocker.args[0] == rid and blocker.args[2] == "input_missing"


def test_shutdown_cancels_running_analysis(qtbot, clip, monkeypatch):
    svc = MediaService()
    started, seen = threading.Event(), []
    monkeypatch.setattr(media_service, "_estimate_mask", _blocking(started, seen))
    svc.request_mask(str(clip), (0, 0, 8, 8))
    assert started.wait(10)
    svc.shutdown(timeout_s=5)
    assert svc._pool.activeThreadCount() == 0
