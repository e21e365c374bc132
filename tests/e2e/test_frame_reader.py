"""FrameReader on real clips: exact frame index (B-frames, VFR, MKV), display orientation, errors."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import numpy as np
import pytest

import processors.frame_reader as frame_reader_mod
from processors.contract import InputError
from processors.ffbin import find_tools
from processors.frame_reader import FrameReader
from tests.media_factory import make_clip, with_rotation


def ffmpeg_frames(path: Path, w: int, h: int) -> np.ndarray:
    """Every frame as ffmpeg decodes it (BGR, rotation applied, one per source frame)."""
    raw = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-map", "0:v:0", "-fps_mode",
                          "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], capture_output=True,
                         check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)


def best_match(frame: np.ndarray, ref: np.ndarray, around: int) -> int:
    lo, hi = max(0, around - 3), min(len(ref), around + 4)
    errs = [float(np.mean(np.abs(frame.astype(np.int16) - ref[i]))) for i in range(lo, hi)]
    return lo + int(np.argmin(errs))


def check_reader(path: Path, forward_max: int | None = None, monkeypatch=None) -> FrameReader:
    if forward_max is not None:
        monkeypatch.setattr(frame_reader_mod, "FORWARD_DECODE_MAX", forward_max)
    reader = FrameReader(str(path))
    w, h = reader.size
    ref = ffmpeg_frames(path, w, h)
    assert reader.frame_count == len(ref)
    rng = random.Random(5)
    order = [0, 1, 2, 3] + rng.sample(range(len(ref)), min(25, len(ref))) + [9, 8, 7, 6, 5, len(ref) - 1, 0]
    for i in order:
        frame = reader.read(i)
        assert frame.shape == (h, w, 3) and frame.dtype == np.uint8
        assert best_match(frame, ref, i) == i, f"read({i}) returned another frame"
    return reader


@pytest.mark.parametrize("forward_max", [None, 0])
def test_exact_index_with_b_frames(forward_max, monkeypatch, tmp_path):
    src = make_clip(tmp_path / "b.mp4", duration=2, size="160x120", fps="25",
                    vcodec=["-c:v", "libx264", "-preset", "medium", "-g", "12", "-bf", "3"])
    check_reader(src, forward_max, monkeypatch).close()


@pytest.mark.parametrize("ext", [".mp4", ".mkv"])
def test_exact_index_on_variable_frame_rate(ext, monkeypatch, tmp_path):
    src = tmp_path / f"vfr{ext}"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=160x120:rate=30:duration=3", "-vf",
                    "select='not(eq(mod(n\\,5)\\,1))*not(eq(mod(n\\,7)\\,3))'", "-fps_mode", "vfr",
                    "-c:v", "libx264", "-preset", "fast", "-g", "15", str(src)], check=True, capture_output=True)
    reader = check_reader(src, 0, monkeypatch)
    # times follow the real timestamps, not index / fps
    times = [reader.time_of(i) for i in range(reader.frame_count)]
    assert times[0] == 0.0 and all(b > a for a, b in zip(times, times[1:], strict=False))
    gaps = {round(b - a, 3) for a, b in zip(times, times[1:], strict=False)}
    assert len(gaps) > 1
    assert all(reader.index_at(t) == i for i, t in enumerate(times))
    reader.close()


@pytest.mark.parametrize("degrees", [90, 270])
def test_display_orientation(degrees, tmp_path):
    plain = make_clip(tmp_path / "p.mp4", duration=1, size="160x96")
    src = with_rotation(plain, tmp_path / "r.mp4", degrees)
    with FrameReader(str(src)) as reader:
        assert reader.size == (96, 160)
        assert reader.read(3).shape == (160, 96, 3)
        assert reader.thumbnail(80).shape == (80, 48, 3)


def test_sequential_reads_and_thumbnail(tmp_path):
    src = make_clip(tmp_path / "s.mkv", duration=1, size="320x240", fps="25")
    with FrameReader(str(src)) as reader:
        assert reader.frame_count == 25 and reader.fps == pytest.approx(25)
        frames = [reader.read(i) for i in range(25)]
        assert len({f.tobytes() for f in frames}) > 20
        thumb = reader.thumbnail(64)
        assert thumb.shape == (48, 64, 3)
        assert np.array_equal(reader.read(24), frames[24])  # from the recent-frame cache
        frames[24][:] = 0  # callers get copies
        assert reader.read(24).any()


def test_errors(tmp_path):
    with pytest.raises(InputError):
        FrameReader(str(tmp_path / "missing.mp4"))
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00" * 4096)
    with pytest.raises(InputError):
        FrameReader(str(junk))
    src = make_clip(tmp_path / "ok.mp4", duration=1, size="160x120")
    with FrameReader(str(src)) as reader:
        with pytest.raises(IndexError):
            reader.read(reader.frame_count)
        with pytest.raises(IndexError):
            reader.read(-1)
