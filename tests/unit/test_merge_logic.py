"""Merge logic without ffmpeg: config, compatibility report, spans, graphs, concat list, audit, containers."""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import pytest

from processors.contract import ConfigError, InputError
from processors.merge import config as cfg
from processors.merge.audit import parse_framecrc
from processors.merge.compat import Clip, copy_differences, describe
from processors.merge.concat import quote_concat_path, write_concat_list
from processors.merge.containers import mp4_layout, truncation
from processors.merge.normalize import audio_chain, concat_graph, spans, video_chain
from processors.probe import AudioStream, MediaInfo, VideoStream


def video(**kw) -> VideoStream:
    base = dict(index=0, codec="h264", profile="High", level=31, width=1280, height=720, pix_fmt="yuv420p",
                sar="1:1", r_frame_rate="30/1", avg_frame_rate="30/1", fps=30.0, time_base="1/15360",
                codec_tag="avc1", has_b_frames=2, extradata_hash="MD5:v", duration=2.0)
    base.update(kw)
    return VideoStream(**base)


def audio(**kw) -> AudioStream:
    base = dict(index=1, codec="aac", profile="LC", sample_rate=48000, channels=2, channel_layout="stereo",
                sample_fmt="fltp", time_base="1/48000", extradata_hash="MD5:a", duration=2.0)
    base.update(kw)
    return AudioStream(**base)


def clip(name: str, v: VideoStream | None = None, a: AudioStream | None = None, duration: float = 2.0,
         position: int = 0) -> Clip:
    info = MediaInfo(path=f"/x/{name}", format_name="mp4", duration=duration, size=1000,
                     video=[v] if v else [], audio=[a] if a else [])
    return Clip(position=position, input_index=position, path=info.path, name=name, info=info)


def entry(c: Clip) -> dict:
    return {"path": c.path, "original_filename": c.name, "size": 1, "mtime": 0, "media": c.info.to_summary()}


# -- config ---------------------------------------------------------------------------------------
def test_validate_defaults_and_errors() -> None:
    inputs = [entry(clip("a.mp4", video(), audio())), entry(clip("b.mp4", video(), audio()))]
    out = cfg.validate(inputs, {})
    assert out["order"] == [0, 1] and out["mode"] == "auto" and out["crf"] == 20 and out["preset"] == "medium"
    assert out["audio"] == {"sample_rate": 48000, "channels": 2} and out["target"] == {}
    assert cfg.validate(inputs, {"target": {"width": 641, "height": 361, "fps": "30000/1001"}})["target"] == {
        "width": 642, "height": 362, "fps": "30000/1001"}
    for bad in ({"order": [0, 0]}, {"order": [0]}, {"mode": "fast"}, {"crf": 99}, {"preset": "warp"},
                {"target": {"width": 100}}, {"audio": {"channels": 3}}, {"target": {"fps": 0}}):
        with pytest.raises(ConfigError):
            cfg.validate(inputs, bad)
    with pytest.raises(InputError):
        cfg.validate(inputs[:1], {})
    with pytest.raises(InputError):
        cfg.validate([inputs[0], {**inputs[1], "media": None}], {})
    assert cfg.default_output_name(inputs, {"order": [1, 0]}) == "b_merged.mp4"


def test_target_is_most_common_even_size_and_highest_fps() -> None:
    infos = [clip("a", video(width=1280, height=720, r_frame_rate="25/1")).info,
             clip("b", video(width=641, height=361)).info,
             clip("c", video(width=641, height=361)).info,
             clip("d", None, audio()).info]
    t = cfg.choose_target(infos, {})
    assert (t.width, t.height, t.fps, t.has_audio, t.has_video) == (640, 360, Fraction(30), True, True)
    rotated = clip("r", video(width=1920, height=1080, rotation=90)).info
    t = cfg.choose_target([rotated], {})
    assert (t.width, t.height) == (1080, 1920)
    anamorphic = clip("s", video(width=720, height=576, sar="16:15")).info
    assert cfg.choose_target([anamorphic], {}).width == 768


def test_output_rate_keeps_every_frame_of_a_vfr_clip() -> None:
    """A VFR clip first must not impose its average rate (600/29 fps dropped frames of both clips)."""
    vfr = video(r_frame_rate="30/1", avg_frame_rate="600/29", fps=600 / 29, is_vfr=True)
    for first, second in ((vfr, video()), (video(), vfr)):
        t = cfg.choose_target([clip("a", first).info, clip("b", second).info], {})
        assert t.fps == Fraction(30)
    rates = {("30000/1001", "25/1"): Fraction(30000, 1001), ("24000/1001", "24/1"): Fraction(24),
             ("2997/100", "30000/1001"): Fraction(30000, 1001), ("25/1", "24/1"): Fraction(25),
             ("90/1", "25/1"): Fraction(100), ("200/1", "25/1"): Fraction(200)}
    for (ra, rb), want in rates.items():
        infos = [clip("a", video(r_frame_rate=ra, avg_frame_rate=ra)).info,
                 clip("b", video(r_frame_rate=rb, avg_frame_rate=rb)).info]
        assert cfg.choose_target(infos, {}).fps == want, (ra, rb)
    chosen = cfg.choose_target([clip("a", vfr).info], {"target": {"fps": "50"}})
    assert chosen.fps == Fraction(50)


# -- compatibility ---------------------------------------------------------------------------------
def test_identical_clips_are_compatible() -> None:
    assert copy_differences([clip("a", video(), audio()), clip("b", video(), audio())]) == []


@pytest.mark.parametrize(("change", "param", "a", "b"), [
    ({"r_frame_rate": "25/1", "avg_frame_rate": "25/1"}, "fps", "30", "25"),
    ({"width": 1920}, "width", "1280", "1920"),
    ({"sar": "4:3"}, "sar", "1:1", "4:3"),
    ({"codec": "hevc"}, "codec", "h264", "hevc"),
    ({"pix_fmt": "yuv420p10le"}, "pix_fmt", "yuv420p", "yuv420p10le"),
    ({"time_base": "1/90000"}, "time_base", "1/15360", "1/90000"),
    ({"rotation": 90}, "rotation", "0", "90"),
    ({"extradata_hash": "MD5:other"}, "codec_extradata", "MD5:v", "MD5:other"),
])
def test_video_difference_is_reported_as_data(change: dict, param: str, a: str, b: str) -> None:
    diffs = copy_differences([clip("a.mp4", video(), audio()), clip("b.mp4", video(**change), audio())])
    assert diffs[0] == {"file": "b.mp4", "ref_file": "a.mp4", "stream": "video", "param": param, "a": a, "b": b}
    assert "b.mp4" in describe(diffs[0]) and param in describe(diffs[0])


@pytest.mark.parametrize(("change", "param"), [
    ({"sample_rate": 44100}, "sample_rate"), ({"channels": 1, "channel_layout": "mono"}, "channels"),
    ({"codec": "opus"}, "codec"), ({"sample_fmt": "s16"}, "sample_fmt"),
])
def test_audio_difference(change: dict, param: str) -> None:
    diffs = copy_differences([clip("a", video(), audio()), clip("b", video(), audio(**change))])
    assert diffs[0]["stream"] == "audio" and diffs[0]["param"] == param


def test_layout_av_gap_and_unknown_extradata() -> None:
    diffs = copy_differences([clip("a", video()), clip("b", video(), audio())])
    assert diffs == [{"file": "b", "ref_file": "a", "stream": "all", "param": "streams", "a": "video",
                      "b": "video+audio"}]
    gap = copy_differences([clip("a", video(), audio(duration=3.0)), clip("b", video(), audio())])
    assert gap[0]["param"] == "audio_vs_video_duration" and gap[0]["file"] == "a"
    unknown = copy_differences([clip("a", video(extradata_hash=None), audio()), clip("b", video(), audio())])
    assert unknown == []
    cover = clip("c", video(), audio())
    cover.info.video.append(video(index=2, codec="mjpeg", attached_pic=True))
    assert copy_differences([cover, clip("d", video(), audio())]) == []


def test_avg_fps_tolerates_tiny_drift() -> None:
    a = clip("a", video(avg_frame_rate="3000/100"), audio())
    b = clip("b", video(avg_frame_rate="2999/100"), audio())
    assert copy_differences([a, b]) == []
    c = clip("c", video(avg_frame_rate="2900/100"), audio())
    assert copy_differences([a, c])[0]["param"] == "avg_fps"


# -- spans and graphs ------------------------------------------------------------------------------
def test_spans_never_drift() -> None:
    clips = [clip(f"c{i}", video(), audio(), duration=1.013) for i in range(100)]
    t = cfg.Target(640, 360, Fraction(30000, 1001), "yuv420p", 48000, 2, True, True)
    sp = spans(clips, t)
    total_frames = sum(s.frames for s in sp)
    assert total_frames == round(101.3 * 30000 / 1001)
    assert abs(sum(s.seconds for s in sp) - 101.3) < 0.5 / t.fps
    assert sum(s.samples for s in sp) == round(Fraction(total_frames) / t.fps * 48000)
    assert all(abs(s.samples - s.frames / float(t.fps) * 48000) < 1.01 for s in sp)


def test_graph_contains_the_known_fixes() -> None:
    t = cfg.Target(640, 360, Fraction(25), "yuv420p", 48000, 2, True, True)
    with_av = clip("a", video(), audio())
    silent = clip("b", video())
    voice = clip("c", None, audio(index=0))
    sp = spans([with_av, silent, voice], t)
    v = video_chain(with_av, 0, t, sp[0], "v0")
    assert v.index("scale=w=640") < v.index("pad=") < v.rindex("setsar=1") < v.index("fps=fps=25/1")
    assert f"trim=end_frame={sp[0].frames}" in v
    a = audio_chain(with_av, 0, t, sp[0], "a0")
    assert "aresample=48000:async=1:first_pts=0" in a and f"atrim=end_sample={sp[0].samples}" in a
    assert audio_chain(silent, 1, t, sp[1], "a1").startswith("anullsrc=r=48000:cl=stereo")
    assert video_chain(voice, 2, t, sp[2], "v2").startswith("color=c=black:s=640x360")
    graph, outs = concat_graph([with_av, silent, voice], t, sp)
    assert graph.endswith("[v0][a0][v1][a1][v2][a2]concat=n=3:v=1:a=1[vout][aout]") and outs == ["[vout]", "[aout]"]


# -- concat list -----------------------------------------------------------------------------------
def test_concat_list_quoting(tmp_path: Path) -> None:
    assert quote_concat_path("/v/it's.mp4") == "file 'file:/v/it'\\''s.mp4'"
    assert quote_concat_path("/v/-dash 中文.mp4") == "file 'file:/v/-dash 中文.mp4'"
    listing = write_concat_list(["/a/x.mp4", "/b/y'z.mp4"], str(tmp_path / "l.txt"))
    assert Path(listing).read_text(encoding="utf-8").splitlines() == [
        "ffconcat version 1.0", "file 'file:/a/x.mp4'", "file 'file:/b/y'\\''z.mp4'"]
    with pytest.raises(ValueError):
        quote_concat_path("/a/line\nbreak.mp4")


# -- audit -----------------------------------------------------------------------------------------
AUDIT = """#tb 0: 1/25
#media_type 0: video
#codec_id 0: h264
#tb 1: 1/48000
#media_type 1: audio
#codec_id 1: aac
0,          0,          0,        1,     100, 0x1
1,          0,          0,     1024,      10, 0x2
0,          1,          1,        1,     100, 0x3
1,       1024,       1024,     1024,      10, 0x4
0,         20,         20,        1,     100, 0x5
1,      48000,      48000,     1024,      10, 0x6
"""


def test_audit_durations_and_holes() -> None:
    audit = parse_framecrc(AUDIT)
    v, a = audit.of_type("video")[0], audit.of_type("audio")[0]
    assert (v.codec, v.packets, v.duration) == ("h264", 3, pytest.approx(21 / 25))
    assert v.gaps == [(0.08, 0.72)]
    assert a.gaps == [(0.043, pytest.approx(0.957, abs=0.001))]
    assert a.duration == pytest.approx((48000 + 1024) / 48000)


# -- containers ------------------------------------------------------------------------------------
def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box_duration(kind: bytes, scale: int, dur: int) -> bytes:
    return box(kind, b"\0\0\0\0" + struct.pack(">IIII", 0, 0, scale, dur))


def test_mp4_layout_and_truncation(tmp_path: Path) -> None:
    trak_v = box(b"trak", box(b"mdia", full_box_duration(b"mdhd", 1000, 2000) +
                              box(b"hdlr", b"\0" * 8 + b"vide" + b"\0" * 12)))
    trak_a = box(b"trak", box(b"mdia", full_box_duration(b"mdhd", 48000, 96000) +
                              box(b"hdlr", b"\0" * 8 + b"soun" + b"\0" * 12)))
    moov = box(b"moov", full_box_duration(b"mvhd", 1000, 2000) + trak_v + trak_a)
    data = box(b"ftyp", b"isom\0\0\0\0") + moov + box(b"mdat", b"\0" * 1000)
    good = tmp_path / "g.mp4"
    good.write_bytes(data)
    layout = mp4_layout(str(good))
    assert layout.complete and layout.has_moov and layout.movie_duration == 2.0
    assert [(t.handler, t.duration) for t in layout.tracks] == [("vide", 2.0), ("soun", 2.0)]
    assert truncation(str(good)) is None
    cut = tmp_path / "c.mp4"
    cut.write_bytes(data[:-300])
    t = truncation(str(cut))
    assert t is not None and (t.declared_bytes, t.actual_bytes, t.container) == (len(data), len(data) - 300, "mp4")
    assert not mp4_layout(str(cut)).complete
    other = tmp_path / "x.ts"
    other.write_bytes(b"\x47" * 188 * 3)
    assert truncation(str(other)) is None and mp4_layout(str(other)) is None


def test_matroska_truncation(tmp_path: Path) -> None:
    ebml = bytes.fromhex("1A45DFA3") + bytes([0x80 | 4]) + b"\x42\x86\x81\x01"
    segment_payload = b"\0" * 500
    segment = bytes.fromhex("18538067") + bytes([0x01, 0, 0, 0, 0, 0, 0x01, 0xF4]) + segment_payload  # size 500
    good = tmp_path / "g.mkv"
    good.write_bytes(ebml + segment)
    assert truncation(str(good)) is None
    cut = tmp_path / "c.mkv"
    cut.write_bytes((ebml + segment)[:-100])
    t = truncation(str(cut))
    assert t is not None and t.container == "matroska" and t.declared_bytes - t.actual_bytes == 100
