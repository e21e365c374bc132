"""The no-ffprobe fallback: parsing ``ffmpeg -i`` stderr captured from ffmpeg 5.1 and the bundled 9.x."""

from __future__ import annotations

from pathlib import Path

import pytest

from processors.probe import MediaInfo, from_ffprobe_json, is_vfr, rate_to_float
from processors.probe_parse import parse_ffmpeg_info, rate_from_display, split_top

SAMPLES = Path(__file__).parent / "probe_samples"
VERSIONS = ["ff51", "ff9"]


def parse(name: str, version: str) -> MediaInfo | None:
    text = (SAMPLES / f"{name}.{version}.txt").read_text(encoding="utf-8")
    return parse_ffmpeg_info(text, f"/media/{name}")


@pytest.mark.parametrize("version", VERSIONS)
def test_h264_aac_mp4(version: str) -> None:
    info = parse("a_mp4", version)
    assert info is not None and info.source == "ffmpeg"
    assert info.format_name == "mov,mp4,m4a,3gp,3g2,mj2"
    assert info.duration == pytest.approx(2.0)
    assert info.bit_rate == 866_000
    (v,) = info.video
    assert (v.index, v.codec, v.profile, v.codec_tag) == (0, "h264", "Constrained Baseline", "avc1")
    assert (v.width, v.height, v.pix_fmt, v.bit_depth, v.sar) == (320, 240, "yuv420p", 8, "1:1")
    assert v.r_frame_rate == v.avg_frame_rate == "30000/1001"
    assert v.fps == pytest.approx(29.97, abs=0.001)
    assert v.time_base == "1/30000"
    assert v.rotation == 0 and not v.attached_pic and not v.is_vfr
    (a,) = info.audio
    assert (a.index, a.codec, a.profile, a.sample_rate, a.channels, a.channel_layout, a.sample_fmt) == (
        1, "aac", "LC", 44100, 1, "mono", "fltp")
    assert info.main_video is v


@pytest.mark.parametrize("version", VERSIONS)
def test_hevc_10_bit(version: str) -> None:
    v = parse("hevc10_mp4", version).video[0]
    assert (v.codec, v.profile, v.codec_tag, v.pix_fmt, v.bit_depth) == ("hevc", "Main 10", "hvc1", "yuv420p10le", 10)
    assert v.time_base == "1/12800" and v.r_frame_rate == "25/1"


@pytest.mark.parametrize("version", VERSIONS)
def test_rotation_from_display_matrix(version: str) -> None:
    v = parse("r_mp4", version).video[0]
    assert v.rotation == 90
    assert v.display_size == (240, 320)


@pytest.mark.parametrize("version", VERSIONS)
def test_audio_only_mp3(version: str) -> None:
    info = parse("audio_mp3", version)
    assert info.video == [] and info.main_video is None
    (a,) = info.audio
    assert (a.codec, a.profile, a.sample_rate, a.channels) == ("mp3", None, 44100, 2)  # (mp3float) is a decoder
    assert info.duration == pytest.approx({"ff51": 1.04, "ff9": 1.0}[version])  # as each prints it (5.1: + padding)


@pytest.mark.parametrize("version", VERSIONS)
def test_cover_art_is_attached_pic(version: str) -> None:
    info = parse("coverart_mp4", version)
    assert len(info.video) == 2
    assert info.video[1].attached_pic and info.video[1].codec == "mjpeg"
    assert not info.video[0].attached_pic and info.main_video is info.video[0]
    mp3 = parse("cover_mp3", version)
    assert mp3.main_video is None and mp3.video[0].attached_pic


@pytest.mark.parametrize("version", VERSIONS)
def test_mpegts_90k_and_start(version: str) -> None:
    info = parse("ts_ts", version)
    v, a = info.video[0], info.audio[0]
    assert v.time_base == "1/90000" and v.fps == 25.0
    assert v.codec_tag == "[27][0][0][0]"
    if version == "ff9":  # 9.x prints per-stream start times
        assert v.start_time == pytest.approx(1.423222) and a.start_time == pytest.approx(1.4)


@pytest.mark.parametrize("version", VERSIONS)
def test_sar_and_mkv_stream_durations(version: str) -> None:
    v = parse("sar_mkv", version).video[0]
    assert v.sar == "4:3" and v.time_base == "1/1000"
    subs = parse("subs_mkv", version)
    assert subs.video[0].duration == pytest.approx(2.025)
    assert subs.audio[0].duration == pytest.approx(2.023)
    assert [s.codec for s in subs.subtitles] == ["subrip"]


@pytest.mark.parametrize("version", VERSIONS)
def test_pcm_surround_wav(version: str) -> None:
    info = parse("surround_wav", version)
    a = info.audio[0]
    assert (a.codec, a.sample_rate, a.channel_layout, a.channels, a.sample_fmt) == ("pcm_s24le", 44100, "5.1", 6, "s32")
    assert info.duration == pytest.approx(1.0)


@pytest.mark.parametrize("version", VERSIONS)
def test_yuv444_fractional_rate(version: str) -> None:
    v = parse("odd_mkv", version).video[0]
    assert v.profile == "High 4:4:4 Predictive" and v.pix_fmt == "yuv444p"
    assert v.r_frame_rate == "25/2" and v.fps == 12.5


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", ["trunc_mp4", "notmedia_mp4"])
def test_unreadable_gives_none(name: str, version: str) -> None:
    assert parse(name, version) is None


def test_helpers() -> None:
    assert split_top("h264 (High), yuv420p(tv, bt709), 1x2 [SAR 1:1 DAR 1:2], 25 fps") == [
        "h264 (High)", "yuv420p(tv, bt709)", "1x2 [SAR 1:1 DAR 1:2]", "25 fps"]
    assert rate_from_display("29.97") == "30000/1001"
    assert rate_from_display("23.98") == "24000/1001"
    assert rate_from_display("90k") == "90000/1"
    assert rate_from_display("12.50") == "25/2"
    assert rate_to_float("0/0") == 0.0 and rate_to_float(None) == 0.0
    assert is_vfr("60/1", "30/1") and not is_vfr("30000/1001", "30000/1001") and not is_vfr("0/0", "25/1")


def test_summary_round_trip_and_ffprobe_json() -> None:
    data = {
        "format": {"format_name": "mov,mp4", "duration": "2.002", "size": "1000", "bit_rate": "4000"},
        "streams": [
            {"index": 0, "codec_type": "video", "codec_name": "h264", "profile": "High", "level": -99, "width": 1280,
             "height": 720, "pix_fmt": "yuv420p10le", "sample_aspect_ratio": "0:1", "r_frame_rate": "60/1",
             "avg_frame_rate": "30/1", "time_base": "1/90000", "codec_tag_string": "[0][0][0][0]",
             "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}],
             "extradata_hash": "MD5:x", "disposition": {"attached_pic": 0}, "tags": {"DURATION": "00:00:02.5"}},
            {"index": 1, "codec_type": "audio", "codec_name": "opus", "sample_rate": "48000", "channels": 2,
             "duration": "2.0"},
            {"index": 2, "codec_type": "video", "codec_name": "png", "disposition": {"attached_pic": 1},
             "r_frame_rate": "90000/1", "avg_frame_rate": "0/0"},
        ],
    }
    info = from_ffprobe_json("/x.mp4", data)
    v = info.video[0]
    assert (v.level, v.sar, v.rotation, v.codec_tag, v.bit_depth, v.is_vfr, v.duration) == (
        None, "1:1", 270, None, 10, True, 2.5)
    assert info.video[1].attached_pic and info.video[1].fps == 0.0 and not info.video[1].is_vfr
    assert info.audio[0].extradata_hash == "none"
    again = MediaInfo.from_summary(info.to_summary())
    assert again == info
    import json

    json.dumps(info.to_summary())  # JSON-safe
