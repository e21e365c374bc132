"""Scrubbing: a keyframe picture at once while the slider is dragged, the exact frame when the drag rests.

Exact means the same pixels as ffmpeg decoding that frame on its own (``select=eq(n,N)``). The clips are
made at test time (testsrc2: every frame differs from its neighbours; x264 with a 2 s GOP).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from mediacraft_desktop import media_service
from mediacraft_desktop.exact_frames import ExactFrames, KeyframeCache
from mediacraft_desktop.frame_pipes import FrameStream, seek_time, video_offset
from mediacraft_desktop.media_service import MediaService
from processors.ffbin import find_tools
from processors.frame_reader import FrameReader
from tests.gui.removal_helpers import shown_workspace, slider_point
from tests.media_factory import make_clip, with_rotation

GOP = 50
FRAMES = 150
SIZE = (640, 360)


@pytest.fixture(scope="module")
def gop_clip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scrub")
    vcodec = ["-c:v", "libx264", "-preset", "ultrafast", "-g", str(GOP), "-pix_fmt", "yuv420p"]
    return make_clip(folder / "-scrub 'gop' 片段.mp4", duration=FRAMES / 25, size=f"{SIZE[0]}x{SIZE[1]}",
                     vcodec=vcodec)


def reference(path: Path, index: int, size: tuple[int, int] = SIZE) -> np.ndarray:
    """Frame ``index`` decoded on its own by the ffmpeg command line (BGR)."""
    out = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", "file:" + str(path), "-vf",
                          f"select=eq(n\\,{index})", "-fps_mode", "passthrough", "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(size[1], size[0], 3)


def diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def image_bgr(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_BGR888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(),
                                                                                     image.bytesPerLine())
    return data[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def scanned(media, path: Path, last_key: int) -> bool:
    near = media.keyframe_near(str(path), FRAMES - 1)
    return near is not None and near[0] == last_key


# ------------------------------------------------------------------------------------------ the decoder
@pytest.fixture
def reader(gop_clip):
    reader = FrameReader(str(gop_clip))
    yield reader
    reader.close()


@pytest.fixture
def decoder(reader):
    keys = KeyframeCache()
    for k in range(0, FRAMES, GOP):
        keys.add(k, np.zeros((2, 2, 3), np.uint8))
    keys.complete = True
    return ExactFrames(reader.read, keys)


def test_exact_frames_match_ffmpeg_across_keyframes(gop_clip, decoder):
    for index in (0, 1, 49, 50, 51, 99, 120, 3, 149):
        frame = decoder.read(index)
        assert frame.shape == (SIZE[1], SIZE[0], 3)
        assert diff(frame, reference(gop_clip, index)) < 0.5, index
        assert diff(frame, reference(gop_clip, min(index + 1, FRAMES - 1) if index < FRAMES - 1 else index - 1)) > 1


def test_the_decoder_reads_on_when_that_beats_a_seek(decoder):
    decoder.read(60)
    assert (decoder.jumps, decoder.read_on) == (1, 0)
    decoder.read(63)  # just ahead
    decoder.read(99)  # far ahead, same GOP: on from 63
    assert (decoder.jumps, decoder.read_on) == (1, 1)
    decoder.read(110)  # a seek would start at keyframe 50 (110 - 16 = 94): on from 99
    assert (decoder.jumps, decoder.read_on) == (1, 2)
    decoder.read(140)  # a seek would start at keyframe 100 (140 - 16 = 124): 30 frames on from 110 beat 40
    assert (decoder.jumps, decoder.read_on) == (1, 3)
    decoder.read(70)  # backwards: the reader seeks
    assert decoder.jumps == 2
    decoder.read(130)  # the seek starts at keyframe 100, after 70: seek
    assert (decoder.jumps, decoder.read_on) == (3, 3)


def test_a_newer_target_stops_the_decoder_between_hops(decoder):
    decoder.read(50)
    assert decoder.read(95, should_stop=lambda: True) is None  # stopped after one hop
    stopped_at = decoder.position
    assert 50 < stopped_at < 95
    decoder.read(98)  # goes on from there
    assert decoder.read_on == 2 and decoder.jumps == 1


def test_a_long_decode_after_a_seek_can_be_stopped_too(gop_clip, decoder):
    # frame 140 is 40 frames after keyframe 100: the seek stops 16 frames on, then hops
    assert decoder.read(140, should_stop=lambda: True) is None
    assert decoder.position == 116
    frame = decoder.read(140)
    assert decoder.jumps == 1 and decoder.read_on == 1
    assert diff(frame, reference(gop_clip, 140)) < 0.5


def test_a_pipe_serves_targets_just_after_a_keyframe(gop_clip, reader):
    keys = KeyframeCache()
    for k in range(0, FRAMES, GOP):
        keys.add(k, np.zeros((2, 2, 3), np.uint8))
    keys.complete = True
    started: list[int] = []

    def open_stream(index: int) -> FrameStream:
        started.append(index)
        return FrameStream(str(gop_clip), seek_time(reader.time_of, video_offset(reader.info), index), reader.size)

    decoder = ExactFrames(reader.read, keys, open_stream)
    try:
        # 105: the reader's seek would decode from keyframe 50 (55 frames), the pipe from 100 (5 + its start)
        frame = decoder.read(105)
        assert started == [105] and decoder.jumps == 0
        assert diff(frame, reference(gop_clip, 105)) < 0.5
        assert diff(decoder.read(109), reference(gop_clip, 109)) < 0.5  # on in the same pipe
        assert decoder.stream_on == 1 and started == [105]
        assert diff(decoder.read(80), reference(gop_clip, 80)) < 0.5  # 30 after keyframe 50: the reader
        assert decoder.jumps == 1 and started == [105]
    finally:
        decoder.close()


def test_a_failing_pipe_leaves_the_reader_to_it(gop_clip, reader):
    keys = KeyframeCache()
    for k in range(0, FRAMES, GOP):
        keys.add(k, np.zeros((2, 2, 3), np.uint8))
    keys.complete = True

    def broken(_index: int) -> FrameStream:
        raise OSError("no ffmpeg here")

    decoder = ExactFrames(reader.read, keys, broken)
    assert diff(decoder.read(103), reference(gop_clip, 103)) < 0.5
    assert decoder.jumps == 1


def test_playback_frames_are_the_readers_frames_in_display_orientation(tmp_path, gop_clip):
    rotated = with_rotation(gop_clip, tmp_path / "rotated.mp4", 90)
    reader = FrameReader(str(rotated))
    assert reader.size == (SIZE[1], SIZE[0])
    stream = FrameStream(str(rotated), seek_time(reader.time_of, video_offset(reader.info), 70), reader.size)
    try:
        for index in (70, 71, 72):
            frame = stream.read()
            assert frame.shape == (SIZE[0], SIZE[1], 3)
            assert diff(frame, reader.read(index)) < 1.0
    finally:
        stream.close()
        reader.close()


# ------------------------------------------------------------------------------------------ the GUI
def test_dragging_shows_keyframes_at_once_and_the_exact_frame_when_it_rests(qtbot, engine, media, gop_clip):
    ws = shown_workspace(qtbot, engine, media)
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(gop_clip))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == SIZE, timeout=20000)
    qtbot.waitUntil(lambda: scanned(media, gop_clip, 100), timeout=20000)
    slider = ws.timeline.slider
    start = slider_point(slider, 5)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert slider.isSliderDown()
    keyframe_shown = 0
    for value in (20, 45, 70, 90, 115, 123):
        QTest.mouseMove(slider, slider_point(slider, value))
        got = slider.value()
        image = ws.frame_view.current_image()
        assert ws.frame_view.frame_size == SIZE  # the scene keeps the source size under a smaller picture
        if image.width() != SIZE[0]:  # not decoded yet: the keyframe picture nearest to it, at once
            keyframe_shown += 1
            near_key = min(range(0, FRAMES, GOP), key=lambda k: abs(k - got))
            picture = image_bgr(image)
            small = cv2.resize(reference(gop_clip, near_key), picture.shape[1::-1], interpolation=cv2.INTER_AREA)
            others = [cv2.resize(reference(gop_clip, k), picture.shape[1::-1], interpolation=cv2.INTER_AREA)
                      for k in range(0, FRAMES, GOP) if k != near_key]
            assert picture.shape[1] == 480
            assert diff(picture, small) < min(diff(picture, other) for other in others) / 2
    assert keyframe_shown >= 3
    target = slider.value()
    # the drag rests (the button still held): the exact frame follows
    qtbot.waitUntil(lambda: ws.current_index == target and ws.frame_view.current_image().width() == SIZE[0],
                    timeout=20000)
    shown = image_bgr(ws.frame_view.current_image())
    assert diff(shown, reference(gop_clip, target)) < 0.5
    assert diff(shown, reference(gop_clip, target + 1)) > 2.0  # and not its neighbour
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, slider_point(slider, target))
    assert ws.current_index == target


def test_a_newer_request_stops_an_older_decode(qtbot, media, gop_clip):
    answers: dict[int, str] = {}
    media.frame_ready.connect(lambda rid, _p, idx, _f: answers.__setitem__(rid, f"frame {idx}"))
    media.superseded.connect(lambda rid: answers.__setitem__(rid, "superseded"))
    with qtbot.waitSignal(media.opened, timeout=20000):
        media.open(str(gop_clip))
    qtbot.waitUntil(lambda: scanned(media, gop_clip, 100), timeout=20000)
    first = media.request_frame(str(gop_clip), 10)
    qtbot.waitUntil(lambda: first in answers, timeout=20000)
    rids = [media.request_frame(str(gop_clip), i) for i in (40, 45, 48)]
    qtbot.waitUntil(lambda: all(r in answers for r in rids), timeout=20000)
    assert answers[rids[-1]] == "frame 48"
    assert "superseded" in (answers[rids[0]], answers[rids[1]])


class _CountingReader:
    """A reader whose every read takes ``delay`` seconds; counts them."""

    size = (64, 48)
    fps = 25.0
    frame_count = 10_000

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.reads: list[int] = []

    def read(self, index: int) -> np.ndarray:
        time.sleep(self.delay)
        self.reads.append(index)
        return np.full((48, 64, 3), index % 256, np.uint8)

    def close(self) -> None:
        pass


def test_a_fast_drag_starts_no_seek_for_the_places_it_passes(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(media_service, "SETTLE_S", 0.5)
    reader = _CountingReader(delay=0.3)
    service = MediaService(reader_factory=lambda _p: reader)
    answers: dict[int, str] = {}
    service.frame_ready.connect(lambda rid, _p, idx, _f: answers.__setitem__(rid, f"frame {idx}"))
    service.superseded.connect(lambda rid: answers.__setitem__(rid, "superseded"))
    path = str(tmp_path / "fake.mp4")
    try:
        first = service.request_frame(path, 0)
        qtbot.waitUntil(lambda: first in answers, timeout=5000)
        rids = []
        for k in range(1, 61):  # a drag: a far place every 20 ms for 1.2 s, four times a read's length
            rids.append(service.request_frame(path, k * 100))
            qtbot.wait(20)
        qtbot.waitUntil(lambda: all(r in answers for r in rids), timeout=10000)
    finally:
        service.shutdown()
    assert answers[rids[-1]] == "frame 6000"
    assert reader.reads == [0, 6000]  # without the settling, a seek to where the drag was every 0.3 s
