"""MediaService: real clips through the real processors, answers by signal, latest-wins coalescing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mediacraft_desktop import media_service
from mediacraft_desktop.media_service import MediaService
from tests.media_factory import make_clip

FPS = 25
# frame n has video-range luma 16+4n, i.e. grey 4n*255/219 in RGB: tells frame n from its neighbours
RAMP = ["-vf", "geq=lum='16+4*N':cb=128:cr=128,format=yuv420p"]


@pytest.fixture
def service(media: MediaService) -> MediaService:
    return media  # conftest's service, shut down after the test


@pytest.fixture(scope="module")
def ramp_clip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    return make_clip(folder / "-片段 'ramp' a.mp4", duration=2.0, size="320x240", fps=str(FPS),
                     video="nullsrc", extra=RAMP)


def _grey(index: int) -> float:
    """The RGB grey level of frame ``index`` of the ramp clip."""
    return 4 * index * 255 / 219


def _luma(frame: np.ndarray) -> float:
    b, g, r = (frame[..., i].astype(np.float64).mean() for i in range(3))
    return 0.114 * b + 0.587 * g + 0.299 * r


def test_open_reports_display_facts(service, qtbot, ramp_clip):
    with qtbot.waitSignal(service.opened, timeout=20000) as blocker:
        rid = service.open(str(ramp_clip))
    got_rid, path, info = blocker.args
    assert got_rid == rid and path == str(ramp_clip)
    assert (info["width"], info["height"]) == (320, 240)
    assert info["fps"] == pytest.approx(FPS)
    assert info["frame_count"] == 2 * FPS
    assert info["duration"] == pytest.approx(2.0, abs=0.1)
    assert info["has_audio"] is True
    assert info["summary"]["video"][0]["codec"] == "h264"


@pytest.mark.parametrize("index", [0, 1, 17, 49, 3])
def test_frame_is_the_requested_frame(service, qtbot, ramp_clip, index):
    with qtbot.waitSignal(service.frame_ready, timeout=20000) as blocker:
        rid = service.request_frame(str(ramp_clip), index)
    got_rid, _path, got_index, frame = blocker.args
    assert (got_rid, got_index) == (rid, index)
    assert frame.shape == (240, 320, 3) and frame.dtype == np.uint8
    assert _luma(frame) == pytest.approx(_grey(index), abs=2.0)


def test_random_seeks_then_back(service, qtbot, ramp_clip):
    for index in (40, 5, 33, 0, 49, 12):
        with qtbot.waitSignal(service.frame_ready, timeout=20000) as blocker:
            service.request_frame(str(ramp_clip), index)
        assert blocker.args[2] == index
        assert _luma(blocker.args[3]) == pytest.approx(_grey(index), abs=2.0)


def test_unreadable_and_missing_files_fail_with_codes(service, qtbot, tmp_path):
    junk = tmp_path / "not a video.mp4"
    junk.write_bytes(b"this is text, not a video\n" * 100)
    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.open(str(junk))
    assert blocker.args[0] == rid and blocker.args[2] == "input_unreadable"
    assert blocker.args[3]  # a detail for the log / tooltip

    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.open(str(tmp_path / "gone.mp4"))
    assert blocker.args[0] == rid and blocker.args[2] == "input_missing"


def test_audio_only_file_is_refused_as_input_invalid(service, qtbot, tmp_path):
    song = make_clip(tmp_path / "song.m4a", duration=1.0, video=None)
    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.open(str(song))
    assert blocker.args[0] == rid and blocker.args[2] == "input_invalid"
    assert "no video stream" in blocker.args[3]


def test_thumbnail(service, qtbot, ramp_clip):
    with qtbot.waitSignal(service.thumbnail_ready, timeout=20000) as blocker:
        rid = service.request_thumbnail(str(ramp_clip), 100)
    assert blocker.args[0] == rid
    image = blocker.args[2]
    assert max(image.shape[:2]) <= 100 and image.shape[2] == 3


def test_probe(service, qtbot, ramp_clip):
    with qtbot.waitSignal(service.probed, timeout=20000) as blocker:
        rid = service.probe(str(ramp_clip))
    assert blocker.args[0] == rid
    assert blocker.args[2]["video"][0]["width"] == 320


def test_preview_changes_only_the_region(service, qtbot, tmp_path):
    clip = make_clip(tmp_path / "preview.mp4", duration=1.0, size="320x240", fps="25")
    region = {"x": 100, "y": 80, "w": 60, "h": 40}
    with qtbot.waitSignal(service.preview_ready, timeout=30000) as blocker:
        rid = service.request_preview(str(clip), 5, [region])
    got_rid, _path, index, original, processed = blocker.args
    assert (got_rid, index) == (rid, 5)
    assert original.shape == processed.shape == (240, 320, 3)
    diff = np.abs(original.astype(np.int16) - processed.astype(np.int16)).max(axis=2)
    inside = diff[80:120, 100:160]
    outside = diff.copy()
    outside[70:130, 90:170] = 0  # allow a few pixels of blending at the border
    assert inside.mean() > 2.0  # the region was filled in
    assert outside.max() == 0  # nothing else changed


class _SlowReader:
    """A reader that takes a while per frame, to observe coalescing; counts the frames it decoded."""

    def __init__(self, path: str, log: list[int], delay: float) -> None:
        self.path = path
        self.size = (64, 48)
        self.fps = 25.0
        self.frame_count = 1000
        self._log = log
        self._delay = delay
        self.thread = threading.current_thread()
        self.closed = False

    def read(self, index: int) -> np.ndarray:
        assert threading.current_thread() is self.thread, "reader used from another thread"
        time.sleep(self._delay)
        self._log.append(index)
        return np.full((48, 64, 3), index % 256, np.uint8)

    def thumbnail(self, max_side: int) -> np.ndarray:
        time.sleep(self._delay)
        return np.zeros((max_side * 3 // 4, max_side, 3), np.uint8)

    def close(self) -> None:
        self.closed = True


def test_scrubbing_is_coalesced_latest_wins(qtbot, tmp_path):
    decoded: list[int] = []
    readers: list[_SlowReader] = []

    def factory(path: str) -> _SlowReader:
        reader = _SlowReader(path, decoded, delay=0.05)
        readers.append(reader)
        return reader

    service = MediaService(reader_factory=factory)
    answered: dict[int, str] = {}
    frames: dict[int, int] = {}
    service.frame_ready.connect(lambda rid, _p, idx, _f: (answered.__setitem__(rid, "frame"),
                                                           frames.__setitem__(rid, idx)))
    service.superseded.connect(lambda rid: answered.__setitem__(rid, "superseded"))
    path = str(tmp_path / "fake.mp4")
    try:
        rids = [service.request_frame(path, i) for i in range(200)]  # a fast drag across the slider
        last = rids[-1]
        qtbot.waitUntil(lambda: last in answered, timeout=5000)
        assert answered[last] == "frame" and frames[last] == 199
        qtbot.waitUntil(lambda: len(answered) == len(rids), timeout=5000)
        assert set(answered) == set(rids)  # every request got exactly one answer
        assert len(decoded) <= 3  # not 200 seeks: at most the one in flight, then the newest
        assert decoded[-1] == 199
        # the frame cache answers a repeated request without decoding again
        with qtbot.waitSignal(service.frame_ready, timeout=2000):
            service.request_frame(path, 199)
        assert decoded.count(199) == 1
    finally:
        service.shutdown()
    assert len(readers) == 1 and readers[0].closed


def test_no_signal_after_shutdown(qtbot, tmp_path):
    decoded: list[int] = []
    service = MediaService(reader_factory=lambda p: _SlowReader(p, decoded, delay=0.2))
    seen: list[int] = []
    service.frame_ready.connect(lambda rid, *_: seen.append(rid))
    service.request_frame(str(tmp_path / "x.mp4"), 3)
    qtbot.wait(50)  # the read is in flight
    service.shutdown()
    qtbot.wait(400)
    assert seen == []


def test_previews_jump_ahead_of_queued_thumbnails(qtbot, tmp_path, monkeypatch):
    frame = np.zeros((48, 64, 3), np.uint8)
    monkeypatch.setattr(media_service, "_preview", lambda path, index, regions, method: (frame, frame))
    service = MediaService(reader_factory=lambda p: _SlowReader(p, [], delay=0.05), max_threads=1)
    order: list[str] = []
    service.thumbnail_ready.connect(lambda *_: order.append("thumbnail"))
    service.preview_ready.connect(lambda *_: order.append("preview"))
    try:
        for i in range(20):  # a task list asking for its thumbnails
            service.request_thumbnail(str(tmp_path / f"clip{i}.mp4"), 64)
        service.request_preview(str(tmp_path / "open.mp4"), 3, [{"x": 1, "y": 1, "w": 8, "h": 8}])
        qtbot.waitUntil(lambda: len(order) == 21, timeout=10000)
    finally:
        service.shutdown()
    assert order.index("preview") <= 1  # at most the thumbnail already running goes first


def test_undecodable_codec_is_refused_as_unsupported(service, qtbot, tmp_path):
    """Opening says what queueing would say: a codec this ffmpeg cannot decode is ``unsupported``."""
    from tests.e2e.test_bad_inputs import unknown_codec

    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        rid = service.open(str(unknown_codec(tmp_path)))
    assert blocker.args[0] == rid and blocker.args[2] == "unsupported"
    assert "cannot be decoded" in blocker.args[3]
