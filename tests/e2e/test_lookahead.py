"""The temporal fill's look-ahead through the real processor: content that enters from the frame's edge comes
from future frames, and segmented or resumed runs equal a single pass pixel for pixel (lossless x264)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from processors.contract import Cancelled, CancelReason, CancelToken
from processors.ffbin import find_tools
from processors.watermark import lookahead, processor
from tests.bench.bench_removal_quality import make_clips, quality, read_luma
from tests.e2e.conftest import call_processor, entry_for

W, H = 320, 180
LOGO_W, LOGO_H = W * 5 // 16, W * 5 // 64


@pytest.fixture(scope="module")
def edge_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, tuple[int, int, int, int]]:
    """A camera panning right with the logo at the right edge: what it hides enters from outside the frame."""
    clean, logod, rect, _ = make_clips(tmp_path_factory.mktemp("lookahead"), 3.0, (W, H), True, 1.0,
                                       logo_at=(W - LOGO_W - 6, H // 12))
    return clean, logod, rect


def _config(rect: tuple[int, int, int, int], **extra: object) -> dict:
    x, y, w, h = rect
    return {"regions": [{"x": x, "y": y, "w": w, "h": h}], "method": "temporal", "preset": "ultrafast", "crf": 0,
            **extra}


def _frame_hashes(path: Path) -> list[str]:
    out = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-map", "0:v", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[-1].strip() for line in out.splitlines() if line and not line.startswith("#")]


def test_content_entering_from_the_edge_comes_from_future_frames(edge_clip, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    clean, logod, rect = edge_clip
    clean_y = read_luma(clean)
    call_processor(processor, [entry_for(logod)], _config(rect), tmp_path / "ahead.mp4")
    monkeypatch.setattr(lookahead, "LOOKAHEAD_FRAMES", 0)
    call_processor(processor, [entry_for(logod)], _config(rect), tmp_path / "past.mp4")
    ahead, past = (quality(tmp_path / f"{n}.mp4", clean_y, rect) for n in ("ahead", "past"))
    # measured 44.8 dB with the look-ahead, 36.3 with past frames only
    assert ahead["psnr"] > 40 and ahead["psnr"] > past["psnr"] + 5, (ahead, past)


def test_segmented_and_resumed_runs_equal_one_pass(edge_clip, tmp_path: Path) -> None:
    _, logod, rect = edge_clip
    call_processor(processor, [entry_for(logod)], _config(rect, segment_s=100), tmp_path / "one.mp4")
    one = _frame_hashes(tmp_path / "one.mp4")
    assert len(one) == 75

    result, _ = call_processor(processor, [entry_for(logod)], _config(rect, segment_s=0.4), tmp_path / "seg.mp4")
    assert result.details["segments"]["count"] == 8  # 10 frames each: the look-ahead crosses 7 boundaries
    assert _frame_hashes(tmp_path / "seg.mp4") == one

    token, checkpoint = CancelToken(), {}

    def stop_midway(pct: float, _msg: str) -> None:
        if pct >= 45:
            token.cancel(CancelReason.SHUTDOWN)

    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(logod)], _config(rect, segment_s=0.4), tmp_path / "res.mp4",
                       cancel=token, checkpoint=checkpoint, on_progress=stop_midway)
    assert 1 <= len(checkpoint["segments"]) < 8
    result, _ = call_processor(processor, [entry_for(logod)], _config(rect, segment_s=0.4), tmp_path / "res.mp4",
                               checkpoint=checkpoint)
    assert result.details["segments"]["resumed"] >= 1
    assert _frame_hashes(tmp_path / "res.mp4") == one
