"""Two-stage re-encode: checkpointed clips survive an interruption, cancel cleans up, stale work is dropped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mediacraft_desktop.stage_words import stage_words
from processors.contract import Cancelled, CancelReason, CancelToken
from processors.merge import processor
from processors.probe import probe
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.media_factory import make_clip

CFG = {"preset": "ultrafast", "mode": "reencode", "strategy": "two_stage"}


def _inputs(tmp: Path) -> list[dict]:
    return [entry_for(make_clip(tmp / f"c{i}.mp4", duration=1.0, size="160x120", fps=fps))
            for i, fps in enumerate(["25", "30", "24"])]


def _cancel_when(token: CancelToken, prefix: str, reason: str):
    def watch(_pct: float, msg: str) -> None:
        if stage_words(msg).startswith(prefix):
            token.cancel(reason)

    return watch


def test_interrupted_merge_resumes_from_finished_clips(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    out = tmp_path / "o.mp4"
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled) as stopped:
        call_processor(processor, inputs, CFG, out, cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_when(token, "encoded clip 2/3", CancelReason.SHUTDOWN))
    assert stopped.value.reason == CancelReason.SHUTDOWN
    done = checkpoint["clips_done"]
    assert [d["position"] for d in done] == [0, 1]
    assert all(os.path.getsize(d["path"]) == d["size"] for d in done)
    work = Path(checkpoint["work_dir"])
    assert work.is_dir() and work.parent == tmp_path and work.name.startswith(".o.mediacraft-work-")
    assert not out.exists()
    result, calls = call_processor(processor, inputs, CFG, out, checkpoint=checkpoint)
    assert result.details["clips_resumed"] == 2
    assert not any(stage_words(msg).startswith(("encoding clip 1/", "encoding clip 2/")) for _p, msg in calls)
    assert any(stage_words(msg).startswith("encoding clip 3/3") for _p, msg in calls)
    assert probe(str(out)).duration == pytest.approx(sum(probe(i["path"]).duration for i in inputs), abs=0.1)
    assert not work.exists() and "work_dir" not in checkpoint
    assert leftovers(tmp_path) == []


def test_user_cancel_mid_clip_removes_work_and_temp(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, inputs, CFG, tmp_path / "o.mp4", cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_when(token, "encoding clip 2/3", CancelReason.USER))
    assert leftovers(tmp_path) == [] and not (tmp_path / "o.mp4").exists()
    assert "work_dir" not in checkpoint


def test_changed_settings_discard_stale_intermediates(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, inputs, CFG, tmp_path / "o.mp4", cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_when(token, "encoded clip 1/3", CancelReason.SHUTDOWN))
    old_work = Path(checkpoint["work_dir"])
    assert old_work.is_dir()
    result, _ = call_processor(processor, inputs, {**CFG, "crf": 30}, tmp_path / "o.mp4", checkpoint=checkpoint)
    assert result.details["clips_resumed"] == 0
    assert not old_work.exists() and leftovers(tmp_path) == []


def test_checkpoint_with_a_damaged_intermediate_redoes_that_clip(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    checkpoint: dict = {}
    token = CancelToken()
    with pytest.raises(Cancelled):
        call_processor(processor, inputs, CFG, tmp_path / "o.mp4", cancel=token, checkpoint=checkpoint,
                       on_progress=_cancel_when(token, "encoded clip 2/3", CancelReason.SHUTDOWN))
    damaged = Path(checkpoint["clips_done"][1]["path"])
    damaged.write_bytes(damaged.read_bytes()[:100])  # size no longer matches the record
    result, _ = call_processor(processor, inputs, CFG, tmp_path / "o.mp4", checkpoint=checkpoint)
    assert result.details["clips_resumed"] == 1
    assert probe(result.output_path).duration == pytest.approx(3.0, abs=0.15)
