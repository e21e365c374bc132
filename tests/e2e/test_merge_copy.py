"""video_merge by stream copy: nasty file names, order, cover art, refusals that name file and parameter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from processors.contract import Cancelled, CancelToken, ErrorCode, InputError, ProcessingError, parse_stage
from processors.ffbin import find_tools
from processors.merge import processor
from processors.probe import probe
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.media_factory import make_clip, truncated_copy, with_cover_art

BOTH = pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
NASTY = ["it's a \"clip\".mp4", "-starts with dash.mp4", "中文 空格.mp4", "semi;colon $HOME `x`.mp4"]


def first_frame_rgb(path: Path, at: float) -> tuple[int, int, int]:
    """Mean colour of the frame at ``at`` seconds (decoded with ffmpeg, 1x1 scaled)."""
    out = subprocess.run([find_tools().ffmpeg, "-v", "error", "-ss", str(at), "-i", f"file:{path}", "-frames:v", "1",
                          "-vf", "scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True,
                         check=True).stdout
    return out[0], out[1], out[2]


@BOTH
def test_copy_merge_of_nasty_names(ffmpeg_source: str, tmp_path: Path) -> None:
    paths = [make_clip(tmp_path / name, duration=1.0, size="160x120",
                       audio=f"sine=frequency={300 + 100 * i}:sample_rate=48000") for i, name in enumerate(NASTY)]
    inputs = [entry_for(p) for p in paths]
    out = tmp_path / "-merged 'ok' 中文.mp4"
    result, calls = call_processor(processor, inputs, {}, out)
    assert result.output_path == str(out) and out.exists()
    assert result.details["mode"] == "copy"
    info = probe(str(out))
    assert len(info.video) == 1 and len(info.audio) == 1
    assert info.duration == pytest.approx(4.0, abs=0.1)
    assert calls[-1][0] == 100.0
    assert any(parse_stage(msg)[0] == "copying_clips" for _p, msg in calls)
    assert [p for p, _m in calls] == sorted(p for p, _m in calls)
    assert leftovers(tmp_path) == []


def test_order_is_respected(tmp_path: Path) -> None:
    red = make_clip(tmp_path / "red.mp4", duration=1.0, size="64x64", video="color", video_opts="c=red")
    blue = make_clip(tmp_path / "blue.mp4", duration=1.0, size="64x64", video="color", video_opts="c=blue")
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(red), entry_for(blue)], {"order": [1, 0]}, out)
    assert result.details["mode"] == "copy"
    r0, _g0, b0 = first_frame_rgb(out, 0.2)
    r1, _g1, b1 = first_frame_rgb(out, 1.5)
    assert b0 > 150 > r0 and r1 > 150 > b1


def test_existing_output_is_never_overwritten(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", duration=1.0, size="64x64")
    b = make_clip(tmp_path / "b.mp4", duration=1.0, size="64x64")
    out = tmp_path / "out.mp4"
    out.write_bytes(b"precious")
    result, _ = call_processor(processor, [entry_for(a), entry_for(b)], {}, out)
    assert out.read_bytes() == b"precious"
    assert result.output_path == str(tmp_path / "out (2).mp4")


def test_copy_mode_refuses_incompatible_naming_file_and_parameter(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", duration=1.0, size="160x120", fps="30")
    b = make_clip(tmp_path / "b.mp4", duration=1.0, size="160x120", fps="25")
    with pytest.raises(ProcessingError) as err:
        call_processor(processor, [entry_for(a), entry_for(b)], {"mode": "copy"}, tmp_path / "o.mp4")
    e = err.value
    assert e.code == ErrorCode.INCOMPATIBLE
    fps = next(d for d in e.details["differences"] if d["param"] == "fps")
    assert fps == {"file": "b.mp4", "ref_file": "a.mp4", "stream": "video", "param": "fps", "a": "30", "b": "25"}
    assert "b.mp4" in e.detail and "fps" in e.detail
    assert leftovers(tmp_path) == [] and not (tmp_path / "o.mp4").exists()


def test_cover_art_is_not_merged_as_a_video_track(tmp_path: Path) -> None:
    plain = make_clip(tmp_path / "p.mp4", duration=1.0, size="160x120")
    covered = with_cover_art(make_clip(tmp_path / "c0.mp4", duration=1.0, size="160x120"), tmp_path / "cover.mp4")
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(covered), entry_for(plain)], {}, out)
    assert result.details["mode"] == "copy"
    info = probe(str(out))
    assert len(info.video) == 1 and not info.video[0].attached_pic and len(info.audio) == 1
    assert info.duration == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_truncated_input_fails_naming_the_file(tmp_path: Path, container: str) -> None:
    extra = ["-movflags", "+faststart"] if container == "mp4" else []  # index first: still "probes fine"
    good = make_clip(tmp_path / f"good.{container}", duration=2.0, size="160x120", extra=extra)
    full = make_clip(tmp_path / f"full.{container}", duration=2.0, size="160x120", extra=extra)
    cut = truncated_copy(full, tmp_path / f"cut.{container}", 0.5)
    assert probe(str(cut)).duration == pytest.approx(2.0, abs=0.1)  # the trap: metadata says all is there
    with pytest.raises(InputError) as err:
        call_processor(processor, [entry_for(good), entry_for(cut)], {}, tmp_path / "o.mp4")
    assert err.value.code == ErrorCode.INPUT_UNREADABLE
    assert err.value.details["file"] == f"cut.{container}" and "truncated" in err.value.detail
    assert leftovers(tmp_path) == []


def test_time_base_90k_is_not_copied_blindly(tmp_path: Path) -> None:
    """2 x 2 s with a 90 kHz time base mixed in: copy would produce garbage durations; auto re-encodes."""
    a = make_clip(tmp_path / "a.mp4", duration=2.0, size="160x120", fps="30")
    b = make_clip(tmp_path / "b.mp4", duration=2.0, size="160x120", fps="30", extra=["-video_track_timescale", "90000"])
    assert probe(str(b)).main_video.time_base == "1/90000"
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(a), entry_for(b)], {"preset": "ultrafast"}, out)
    assert result.details["mode"] == "reencode"
    assert result.details["reason"]["param"] == "time_base"
    assert probe(str(out)).duration == pytest.approx(4.0, abs=0.1)


def test_cancel_before_start_leaves_nothing(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", duration=1.0, size="64x64")
    b = make_clip(tmp_path / "b.mp4", duration=1.0, size="64x64")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        call_processor(processor, [entry_for(a), entry_for(b)], {}, tmp_path / "o.mp4", cancel=token)
    assert leftovers(tmp_path) == [] and not (tmp_path / "o.mp4").exists()


def test_name_with_line_break_is_copied(tmp_path: Path) -> None:
    odd = make_clip(tmp_path / "line\nbreak.mp4", duration=1.0, size="64x64")
    plain = make_clip(tmp_path / "plain.mp4", duration=1.0, size="64x64")
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(odd), entry_for(plain)], {}, out)
    assert result.details["mode"] == "copy"
    assert probe(str(out)).duration == pytest.approx(2.0, abs=0.1)
    assert leftovers(tmp_path) == []


def test_audio_only_copy_is_decoded_and_verified(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.m4a", video=None, duration=1.0)
    b = make_clip(tmp_path / "b.m4a", video=None, duration=1.5)
    out = tmp_path / "o.m4a"
    result, _ = call_processor(processor, [entry_for(a), entry_for(b)], {}, out)
    assert result.details["mode"] == "copy"
    info = probe(str(out))
    assert info.video == [] and len(info.audio) == 1
    assert info.duration == pytest.approx(probe(str(a)).duration + probe(str(b)).duration, abs=0.06)


def test_missing_output_folder_is_a_typed_error(tmp_path: Path) -> None:
    a = make_clip(tmp_path / "a.mp4", duration=1.0, size="64x64")
    with pytest.raises(ProcessingError) as err:
        call_processor(processor, [entry_for(a), entry_for(a)], {}, tmp_path / "gone" / "o.mp4")
    assert err.value.code == ErrorCode.OUTPUT_UNWRITABLE
