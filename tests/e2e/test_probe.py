"""probe() on real files with ffprobe and with the bundled ffmpeg (no ffprobe): same answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from processors.contract import ErrorCode, InputError
from processors.probe import MediaInfo, probe
from tests.media_factory import make_clip, with_cover_art, with_rotation

BOTH = pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)


@BOTH
def test_h264_aac_fields(ffmpeg_source: str, tmp_path: Path) -> None:
    path = make_clip(tmp_path / "a clip's -name 中文.mp4", duration=1.0, size="320x240", fps="30000/1001")
    info = probe(str(path))
    assert info.source == ("ffprobe" if ffmpeg_source == "system" else "ffmpeg")
    assert info.duration == pytest.approx(1.0, abs=0.1)
    v, a = info.main_video, info.main_audio
    assert (v.codec, v.width, v.height, v.pix_fmt, v.bit_depth, v.sar) == ("h264", 320, 240, "yuv420p", 8, "1:1")
    assert v.r_frame_rate == "30000/1001" and v.fps == pytest.approx(29.97, abs=0.01)
    assert v.extradata_hash and v.extradata_hash != "none"
    assert (a.codec, a.sample_rate, a.channels) == ("aac", 48000, 1)
    assert info.size == path.stat().st_size
    summary = info.to_summary()
    assert MediaInfo.from_summary(json.loads(json.dumps(summary))) == info


@BOTH
def test_hevc_10_bit_rotation_and_cover_art(ffmpeg_source: str, tmp_path: Path) -> None:
    src = make_clip(tmp_path / "h.mp4", duration=0.5, vcodec=["-c:v", "libx265", "-pix_fmt", "yuv420p10le",
                                                                "-x265-params", "log-level=none", "-tag:v", "hvc1"])
    info = probe(str(src))
    assert (info.main_video.codec, info.main_video.bit_depth, info.main_video.profile) == ("hevc", 10, "Main 10")
    rotated = with_rotation(make_clip(tmp_path / "r0.mp4", duration=0.5), tmp_path / "r.mp4", 90)
    assert probe(str(rotated)).main_video.rotation == 90
    assert probe(str(rotated)).main_video.display_size == (240, 320)
    cover = with_cover_art(make_clip(tmp_path / "c0.mp4", duration=0.5), tmp_path / "c.mp4")
    ci = probe(str(cover))
    assert len(ci.video) == 2 and ci.video[1].attached_pic and ci.main_video is ci.video[0]


@BOTH
def test_audio_only_and_frame_count(ffmpeg_source: str, tmp_path: Path) -> None:
    audio = make_clip(tmp_path / "a.m4a", video=None, duration=1.0)
    info = probe(str(audio))
    assert info.main_video is None and info.audio[0].codec == "aac"
    clip = make_clip(tmp_path / "v.mp4", duration=2.0, fps="25")
    assert probe(str(clip), count_frames=True).main_video.frames == 50


@BOTH
def test_errors(ffmpeg_source: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        probe(str(tmp_path / "nope.mp4"))
    assert missing.value.code == ErrorCode.INPUT_MISSING
    junk = tmp_path / "junk.mp4"
    junk.write_text("this is not a video")
    with pytest.raises(InputError) as unreadable:
        probe(str(junk))
    assert unreadable.value.code == ErrorCode.INPUT_UNREADABLE
    assert any("Invalid data" in line for line in unreadable.value.log_lines)  # ffmpeg's own words
    good = make_clip(tmp_path / "g.mp4", duration=1.0)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(good.read_bytes()[:3000])  # moov at the end: nothing readable
    with pytest.raises(InputError) as truncated:
        probe(str(cut))
    assert truncated.value.code == ErrorCode.INPUT_UNREADABLE


def test_system_and_bundled_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from processors import ffbin

    path = make_clip(tmp_path / "x.mkv", duration=1.0, size="320x180", fps="25",
                     extra=["-vf", "setsar=4/3"], audio="sine=frequency=300:sample_rate=44100")
    monkeypatch.delenv("MEDIACRAFT_FFMPEG_SOURCE", raising=False)
    ffbin.find_tools.cache_clear()
    a = probe(str(path))
    monkeypatch.setenv("MEDIACRAFT_FFMPEG_SOURCE", "bundled")
    ffbin.find_tools.cache_clear()
    try:
        b = probe(str(path))
    finally:
        ffbin.find_tools.cache_clear()
    for attr in ("codec", "width", "height", "pix_fmt", "sar", "r_frame_rate", "time_base", "rotation", "profile"):
        assert getattr(a.main_video, attr) == getattr(b.main_video, attr), attr
    for attr in ("codec", "sample_rate", "channels", "channel_layout", "sample_fmt"):
        assert getattr(a.main_audio, attr) == getattr(b.main_audio, attr), attr
    assert a.duration == pytest.approx(b.duration, abs=0.02)
