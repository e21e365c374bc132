"""Preview API: display orientation, only the regions change, time ranges, agreement with the full run."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from processors.contract import CancelToken, ConfigError
from processors.ffbin import find_tools
from processors.probe import probe
from processors.watermark import processor
from processors.watermark.preview import Previewer, close_all, preview_frame
from tests.media_factory import make_clip, with_rotation


@pytest.fixture(autouse=True)
def _release_readers():
    yield
    close_all()


def test_preview_changes_only_the_region(tmp_path):
    src = make_clip(tmp_path / "in.mp4", duration=1, size="320x240")
    original, processed = preview_frame(str(src), 5, [{"x": 200, "y": 20, "w": 80, "h": 40}])
    assert original.shape == processed.shape == (240, 320, 3)
    changed = np.argwhere(np.any(original != processed, axis=2))
    assert changed.size
    (y0, x0), (y1, x1) = changed.min(axis=0), changed.max(axis=0)
    assert x0 >= 200 and y0 >= 20 and x1 < 280 and y1 < 60


def test_preview_is_in_display_orientation_and_removes_the_mark(tmp_path):
    plain = make_clip(tmp_path / "p.mp4", duration=1, size="320x180", video="color", video_opts="c=0x204060",
                      extra=["-vf", "drawbox=x=250:y=20:w=40:h=24:color=white:t=fill"])
    src = with_rotation(plain, tmp_path / "r.mp4", 90)
    original, processed = preview_frame(str(src), 0, [])
    assert original.shape == (320, 180, 3) and np.array_equal(original, processed)
    ys, xs = np.nonzero(original.mean(axis=2) > 200)
    region = {"x": int(xs.min()) - 3, "y": int(ys.min()) - 3, "w": int(np.ptp(xs)) + 7, "h": int(np.ptp(ys)) + 7}
    _, processed = preview_frame(str(src), 0, [region])
    assert processed[ys.min():ys.max() + 1, xs.min():xs.max() + 1].mean(axis=2).max() < 120


def test_time_ranges_and_errors(tmp_path):
    src = make_clip(tmp_path / "in.mp4", duration=2, size="160x120", fps="25")
    region = {"x": 10, "y": 10, "w": 40, "h": 30, "start_s": 1.0, "end_s": 1.5}
    original, processed = preview_frame(str(src), 10, [region])  # 0.4 s: inactive
    assert np.array_equal(original, processed)
    original, processed = preview_frame(str(src), 30, [region])  # 1.2 s: active
    assert not np.array_equal(original, processed)
    with pytest.raises(ConfigError):
        preview_frame(str(src), 0, [{"x": 500, "y": 0, "w": 5, "h": 5}])
    with pytest.raises(IndexError):
        preview_frame(str(src), 1000, [region])


def test_preview_agrees_with_the_full_run(tmp_path):
    src = tmp_path / "in.mp4"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25",
                    "-t", "0.5", "-c:v", "libx264", "-preset", "veryfast", "-crf", "8", str(src)], check=True,
                   capture_output=True)
    region = {"x": 180, "y": 30, "w": 90, "h": 50}
    entry = {"path": str(src), "original_filename": src.name, "media": probe(str(src)).to_summary()}
    cfg = processor.validate([entry], {"regions": [region], "crf": 8, "preset": "veryfast"})
    out = tmp_path / "out.mp4"
    processor.run([entry], cfg, str(out), lambda p, m: None, CancelToken(), {})
    previewer = Previewer(str(src))
    original, processed = previewer.frame(6, [region])
    result_view = Previewer(str(out))
    full = result_view.reader.read(6)
    result_view.close()
    sl = (slice(30, 80), slice(180, 270))
    mse_run = float(np.mean((processed[sl].astype(float) - full[sl].astype(float)) ** 2))
    mse_orig = float(np.mean((original[sl].astype(float) - full[sl].astype(float)) ** 2))
    assert 10 * np.log10(255**2 / mse_run) > 30, "the preview should look like the result"
    assert mse_run < mse_orig / 4
    previewer.close()
