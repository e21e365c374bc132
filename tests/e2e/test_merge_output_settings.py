"""Merge output settings (resolution policy or standard size, orientation, frame rate, audio sample rate): the
result has the chosen values (read back with ffprobe), and a choice a stream copy cannot give forces a re-encode."""

from __future__ import annotations

from pathlib import Path

import pytest

from processors.contract import ConfigError, ProcessingError
from processors.merge import processor
from processors.merge.config import validate
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.e2e.test_watermark_e2e import FFPROBE, ffprobe_json
from tests.media_factory import make_clip

pytestmark = pytest.mark.skipif(FFPROBE is None, reason="the result is read back with ffprobe")
FAST = {"preset": "ultrafast", "strategy": "single_pass"}


def streams(path: Path) -> dict[str, dict]:
    found = ffprobe_json(path, "-show_streams")["streams"]
    return {s["codec_type"]: s for s in found}


def twins(tmp: Path, size: str = "320x240") -> list[dict]:
    """Two clips a stream copy could join (same encoder settings)."""
    return [entry_for(make_clip(tmp / f"-twin {i} 片段.mp4", duration=1.0, size=size, fps="25")) for i in range(2)]


def test_chosen_standard_size_rate_and_sample_rate_force_a_reencode_and_are_in_the_result(tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    config = {**FAST, "target": {"width": 1280, "height": 720, "fps": "30"}, "audio": {"sample_rate": 44100}}
    result, _ = call_processor(processor, twins(tmp_path), config, out)
    assert result.details["mode"] == "reencode"
    assert result.details["reason"]["param"] == "size" and result.details["reason"].get("setting")
    found = streams(out)
    assert (found["video"]["width"], found["video"]["height"]) == (1280, 720)
    assert found["video"]["r_frame_rate"] == "30/1" and found["video"]["avg_frame_rate"] == "30/1"
    assert int(found["audio"]["sample_rate"]) == 44100
    assert int(found["video"]["nb_frames"]) == 60  # 2 s at 30 fps
    assert leftovers(tmp_path) == []


def test_portrait_largest_and_first_clip_sizes(tmp_path: Path) -> None:
    small = entry_for(make_clip(tmp_path / "small.mp4", duration=1.0, size="160x120"))
    large = entry_for(make_clip(tmp_path / "large.mp4", duration=1.0, size="320x240"))
    out = tmp_path / "portrait.mp4"
    call_processor(processor, [small, large], {**FAST, "target": {"size": "largest", "orientation": "portrait"}}, out)
    assert (streams(out)["video"]["width"], streams(out)["video"]["height"]) == (240, 320)
    out = tmp_path / "first.mp4"
    call_processor(processor, [small, large], {**FAST, "target": {"size": "first"}}, out)
    assert (streams(out)["video"]["width"], streams(out)["video"]["height"]) == (160, 120)


def test_settings_a_copy_keeps_still_copy(tmp_path: Path) -> None:
    out = tmp_path / "same.mp4"
    result, _ = call_processor(processor, twins(tmp_path), {**FAST, "target": {"size": "first", "fps": "25"}}, out)
    assert result.details["mode"] == "copy"


def test_copy_mode_refuses_settings_it_cannot_give(tmp_path: Path) -> None:
    with pytest.raises(ProcessingError) as refused:
        call_processor(processor, twins(tmp_path), {**FAST, "mode": "copy", "target": {"fps": "50"}},
                       tmp_path / "o.mp4")
    assert refused.value.code == "incompatible" and refused.value.details["param"] == "fps"
    assert leftovers(tmp_path) == []


def test_bad_settings_are_refused_in_words(tmp_path: Path) -> None:
    inputs = twins(tmp_path)
    for target in ({"size": "huge"}, {"orientation": "sideways"}, {"fps": "0"}):
        with pytest.raises(ConfigError):
            validate(inputs, {"target": target})
    again = validate(inputs, validate(inputs, {"audio": {"sample_rate": 44100}}))  # idempotent
    assert again["output_settings"] == ["sample_rate"]
    assert validate(inputs, validate(inputs, {}))["output_settings"] == []
