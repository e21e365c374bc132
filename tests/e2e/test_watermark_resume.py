"""Segmented watermark removal: same result as one pass, resumes after an interruption, cleans up.

Uses a VFR clip with B-frames so a dropped, doubled or shifted frame at a segment boundary shows
in the per-frame timestamps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from processors.contract import Cancelled, CancelReason, CancelToken, parse_stage
from processors.watermark import processor
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.e2e.test_watermark_e2e import FFPROBE, audio_hashes, video_pts
from tests.media_factory import make_clip

pytestmark = pytest.mark.skipif(FFPROBE is None, reason="the checks read timestamps with ffprobe")
REGION = {"x": 200, "y": 20, "w": 96, "h": 40}
SEG = {"regions": [REGION], "preset": "veryfast", "segment_s": 0.8}  # 20 frames per segment at 25 fps


@pytest.fixture(scope="module")
def vfr_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 s, B-frames, a timing jump after frame 40 (VFR) and a 1.4 s container start offset (MPEG-TS)."""
    folder = tmp_path_factory.mktemp("resume-src")
    return make_clip(folder / "vfr.ts", duration=3.0, size="320x240", fps="25",
                     vcodec=["-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-pix_fmt", "yuv420p"],
                     extra=["-vf", "setpts='PTS+if(gt(N,40),0.013/TB,0)'"])


def _cancel_after(token: CancelToken, frames: int, reason: str):
    def watch(_pct: float, msg: str) -> None:
        parsed = parse_stage(msg)
        if parsed and parsed[0] == "removing_frames" and parsed[1]["done"] >= frames:
            token.cancel(reason)

    return watch


@pytest.fixture(scope="module")
def ref(vfr_clip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The single-pass result the segmented runs must equal."""
    out = tmp_path_factory.mktemp("resume-ref") / "ref.ts"
    result, _ = call_processor(processor, [entry_for(vfr_clip)], {**SEG, "segment_s": 100}, out)
    assert "segments" not in result.details  # short for 100 s segments: the single-pass pipeline
    return out


def _same_result(a: Path, b: Path) -> None:
    pa, pb = video_pts(a), video_pts(b)
    assert pa == pb  # every frame, exact timestamps
    assert audio_hashes(a) == audio_hashes(b)


def test_segments_equal_one_pass(vfr_clip: Path, ref: Path, tmp_path: Path) -> None:
    out = tmp_path / "seg.ts"
    checkpoint: dict = {}
    result, calls = call_processor(processor, [entry_for(vfr_clip)], SEG, out, checkpoint=checkpoint)
    assert result.details["segments"] == {"count": 4, "encoded": 4, "resumed": 0, "frames_per_segment": 20}
    assert result.details["frames"] == 75
    _same_result(ref, out)
    assert len(video_pts(out)[0]) == len(video_pts(vfr_clip)[0]) == 75
    assert audio_hashes(out) == audio_hashes(vfr_clip)
    pcts = [p for p, _ in calls]
    assert pcts == sorted(pcts) and pcts[-1] == 100.0
    assert leftovers(tmp_path) == [] and "work_dir" not in checkpoint


def test_interrupted_removal_resumes_at_the_first_unfinished_segment(vfr_clip: Path, ref: Path, tmp_path: Path) -> None:
    out = tmp_path / "seg.ts"
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(vfr_clip)], SEG, out, cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_after(token, 45, CancelReason.SHUTDOWN))
    work = Path(checkpoint["work_dir"])
    assert work.is_dir() and work.name.startswith(".seg.mediacraft-work-")
    done = [r["index"] for r in checkpoint["segments"]]
    assert done == list(range(len(done))) and 1 <= len(done) <= 3  # interrupted before the end
    assert not out.exists()
    # a record whose checkpoint write was lost is still found (sidecar), then the run carries on
    kept = len(done)
    checkpoint["segments"] = checkpoint["segments"][:1]
    result, calls = call_processor(processor, [entry_for(vfr_clip)], SEG, out, checkpoint=checkpoint)
    resumed = result.details["segments"]["resumed"]
    assert resumed >= kept and result.details["segments"]["encoded"] == 4 - resumed
    first = next(p[1]["done"] for _, m in calls if (p := parse_stage(m)) and p[0] == "removing_frames")
    assert first > 20 * resumed  # no frame before the resume point went through the editor again
    _same_result(ref, out)
    assert leftovers(tmp_path) == [] and not work.exists()


def test_damaged_segment_is_encoded_again(vfr_clip: Path, ref: Path, tmp_path: Path) -> None:
    out = tmp_path / "seg.ts"
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(vfr_clip)], SEG, out, cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_after(token, 70, CancelReason.SHUTDOWN))
    recs = checkpoint["segments"]
    assert len(recs) >= 2
    victim = Path(recs[1]["path"])
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])  # torn write
    result, _ = call_processor(processor, [entry_for(vfr_clip)], SEG, out, checkpoint=checkpoint)
    assert result.details["segments"]["resumed"] == 1  # segment 0 only: everything from the damaged one is redone
    _same_result(ref, out)


def test_user_cancel_removes_the_work_folder(vfr_clip: Path, tmp_path: Path) -> None:
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(vfr_clip)], SEG, tmp_path / "seg.ts", cancel=token,
                       checkpoint=checkpoint, on_progress=_cancel_after(token, 35, CancelReason.USER))
    assert leftovers(tmp_path) == [] and "work_dir" not in checkpoint


def test_changed_settings_start_over(vfr_clip: Path, tmp_path: Path) -> None:
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(vfr_clip)], SEG, tmp_path / "seg.ts", cancel=token,
                       checkpoint=checkpoint, on_progress=_cancel_after(token, 35, CancelReason.SHUTDOWN))
    old = Path(checkpoint["work_dir"])
    result, _ = call_processor(processor, [entry_for(vfr_clip)], {**SEG, "crf": 30}, tmp_path / "seg.ts",
                               checkpoint=checkpoint)
    assert result.details["segments"]["resumed"] == 0
    assert not old.exists() and leftovers(tmp_path) == [] and "work_dir" not in checkpoint
