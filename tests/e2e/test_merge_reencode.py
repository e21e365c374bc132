"""video_merge with a normalising re-encode: the nasty pairs, each verified (streams, duration, decode)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mediacraft_desktop.stage_words import stage_words
from processors.contract import FfmpegError, VerifyError
from processors.merge import processor
from processors.probe import MediaInfo, probe
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.media_factory import make_clip, with_rotation

FAST = {"preset": "ultrafast"}
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


def _clip(tmp: Path, name: str, **kw: Any) -> Path:
    kw.setdefault("duration", 1.0)
    kw.setdefault("size", "160x120")
    return make_clip(tmp / name, **kw)


# name -> clips to merge (each a make_clip kwargs dict, or a callable building the file)
CASES: dict[str, list[dict[str, Any]]] = {
    "fps 30 + 25": [{"fps": "30"}, {"fps": "25"}],
    "size 160x120 + 320x180": [{}, {"size": "320x180"}],
    "sar 4:3 + 1:1": [{"extra": ["-vf", "setsar=4/3"]}, {}],
    "sample rate 44.1k + 48k": [{"audio": "sine=frequency=300:sample_rate=44100"}, {}],
    "mono + stereo": [{}, {"acodec": ["-c:a", "aac", "-ac", "2"]}],
    "no audio first": [{"audio": None}, {}, {}],
    "no audio middle": [{}, {"audio": None}, {}],
    "no audio last": [{}, {}, {"audio": None}],
    "audio-only middle": [{}, {"video": None, "name": "voice.m4a"}, {}],
    "hevc + h264": [{"vcodec": ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=none"]}, {}],
    "10-bit + 8-bit": [{"vcodec": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"]}, {}],
    "odd size 161x121": [{"size": "161x121", "vcodec": ["-c:v", "libx264", "-preset", "ultrafast",
                                                          "-pix_fmt", "yuv444p"]}, {}],
    "vfr + cfr": [{"extra": ["-vf", "setpts='if(lt(N,10),N/50,(N-5)/25)/TB'", "-fps_mode", "vfr"]}, {}],
    "different lengths and rates": [{"duration": 0.6}, {"duration": 1.7, "fps": "24"}, {"duration": 1.1}],
}


def _build(tmp: Path, specs: list[dict[str, Any]]) -> list[Path]:
    paths = []
    for i, spec in enumerate(specs):
        spec = dict(spec)
        name = spec.pop("name", f"clip{i}.mp4")
        paths.append(_clip(tmp, name, **spec))
    return paths


def _expected_duration(infos: list[MediaInfo]) -> float:
    return sum(i.duration for i in infos)


def _check_output(out: Path, infos: list[MediaInfo], *, audio: bool = True) -> MediaInfo:
    info = probe(str(out))
    assert len([v for v in info.video if not v.attached_pic]) == 1
    assert len(info.audio) == (1 if audio else 0)
    v = info.main_video
    assert v.width % 2 == 0 and v.height % 2 == 0 and v.sar == "1:1" and v.pix_fmt == "yuv420p"
    total = _expected_duration(infos)
    tol = 2 / v.fps + 0.03
    assert info.duration == pytest.approx(total, abs=tol)
    assert v.duration == pytest.approx(total, abs=tol)
    if audio:
        a = info.main_audio
        assert (a.sample_rate, a.channels) == (48000, 2)
        assert a.duration == pytest.approx(total, abs=tol)
    return info


@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
@pytest.mark.parametrize("case", list(CASES))
def test_nasty_pair(case: str, ffmpeg_source: str, tmp_path: Path) -> None:
    paths = _build(tmp_path, CASES[case])
    inputs = [entry_for(p) for p in paths]
    out = tmp_path / "merged.mp4"
    result, calls = call_processor(processor, inputs, dict(FAST), out)
    infos = [MediaInfo.from_summary(i["media"]) for i in inputs]
    if case == "vfr + cfr" and result.details["mode"] == "copy":
        # without ffprobe the text shows no frame-rate difference; copying keeps the timestamps and verifies
        assert probe(str(out)).duration == pytest.approx(sum(i.duration for i in infos), abs=0.1)
        return
    assert result.details["mode"] == "reencode", result.details
    assert result.details["reason"] != "re-encode requested"  # auto chose it, for a stated reason
    _check_output(out, infos)
    assert any(stage_words(msg).startswith("encoding ") for _p, msg in calls)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("case", ["sar 4:3 + 1:1", "no audio middle", "audio-only middle", "hevc + h264",
                                  "10-bit + 8-bit", "mono + stereo"])
def test_nasty_pair_two_stage(case: str, tmp_path: Path) -> None:
    paths = _build(tmp_path, CASES[case])
    inputs = [entry_for(p) for p in paths]
    out = tmp_path / "merged.mp4"
    result, calls = call_processor(processor, inputs, {**FAST, "strategy": "two_stage"}, out)
    assert result.details["strategy"] == "two_stage"
    _check_output(out, [MediaInfo.from_summary(i["media"]) for i in inputs])
    assert any(stage_words(msg).startswith("encoding clip ") for _p, msg in calls)
    assert leftovers(tmp_path) == []


def test_rotated_clip_is_upright_in_the_target(tmp_path: Path) -> None:
    landscape = _clip(tmp_path, "l.mp4", size="320x180")
    portrait = with_rotation(_clip(tmp_path, "p0.mp4", size="320x180"), tmp_path / "portrait.mp4", 90)
    out = tmp_path / "o.mp4"
    inputs = [entry_for(landscape), entry_for(portrait), entry_for(landscape)]
    result, _ = call_processor(processor, inputs, dict(FAST), out)
    assert result.details["reason"]["param"] == "rotation"
    info = _check_output(out, [MediaInfo.from_summary(i["media"]) for i in inputs])
    assert (info.main_video.width, info.main_video.height, info.main_video.rotation) == (320, 180, 0)


def test_audio_only_inputs_make_an_audio_only_result(tmp_path: Path) -> None:
    a = _clip(tmp_path, "a.m4a", video=None, audio="sine=frequency=300:sample_rate=44100")
    b = _clip(tmp_path, "b.mp3", video=None, acodec=["-c:a", "libmp3lame"])
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(a), entry_for(b)], dict(FAST), out)
    info = probe(str(out))
    assert info.video == [] and len(info.audio) == 1
    assert info.duration == pytest.approx(probe(str(a)).duration + probe(str(b)).duration, abs=0.08)
    assert result.details["mode"] == "reencode"


def test_all_clips_silent_gives_no_audio_track(tmp_path: Path) -> None:
    paths = [_clip(tmp_path, f"s{i}.mp4", audio=None, fps=fps) for i, fps in enumerate(["25", "30"])]
    out = tmp_path / "o.mp4"
    call_processor(processor, [entry_for(p) for p in paths], dict(FAST), out)
    _check_output(out, [probe(str(p)) for p in paths], audio=False)


@pytest.mark.parametrize("strategy", ["single_pass", "two_stage"])
def test_forced_reencode_of_compatible_clips_and_target(strategy: str, tmp_path: Path) -> None:
    paths = [_clip(tmp_path, f"c{i}.mp4", size="320x240") for i in range(2)]
    out = tmp_path / "o.mp4"
    cfg = {**FAST, "mode": "reencode", "strategy": strategy, "target": {"width": 201, "height": 100, "fps": 24}}
    result, _ = call_processor(processor, [entry_for(p) for p in paths], cfg, out)
    assert result.details["strategy"] == strategy and result.details["reason"] == "re-encode requested"
    info = _check_output(out, [probe(str(p)) for p in paths])
    assert (info.main_video.width, info.main_video.height) == (202, 100)  # even, as libx264 4:2:0 needs
    assert info.main_video.r_frame_rate == "24/1"


def test_broken_copy_is_caught_and_reencoded_in_auto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the compatibility check were fooled, the run still refuses the concat demuxer's output."""
    import processors.merge.merger as merger

    monkeypatch.setattr(merger, "copy_differences", lambda clips: [])
    hevc = _clip(tmp_path, "h.mp4", vcodec=["-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                                           "log-level=none"])
    h264 = _clip(tmp_path, "a.mp4", vcodec=H264)
    silent = _clip(tmp_path, "s.mp4", audio=None)
    # HEVC packets after H.264: ffmpeg fails or the result does not verify; either way no result
    with pytest.raises((VerifyError, FfmpegError)):
        call_processor(processor, [entry_for(h264), entry_for(hevc)], {"mode": "copy"}, tmp_path / "copy.mp4")
    # a first clip without audio drops all audio, and ffmpeg exits 0: only verification sees it
    with pytest.raises(VerifyError) as err:
        call_processor(processor, [entry_for(silent), entry_for(h264)], {"mode": "copy"}, tmp_path / "copy.mp4")
    assert err.value.code == "verify_failed"
    assert any(p["param"] == "streams" for p in err.value.details["problems"])
    assert leftovers(tmp_path) == [] and not (tmp_path / "copy.mp4").exists()
    inputs = [entry_for(h264), entry_for(hevc), entry_for(silent)]
    result, _ = call_processor(processor, inputs, dict(FAST), tmp_path / "auto.mp4")
    assert result.details["mode"] == "reencode" and result.details["reason"]["param"] == "copy_failed"
    assert any(level == "warning" and "stream copy failed" in msg for level, msg in result.log)
    _check_output(tmp_path / "auto.mp4", [probe(str(p)) for p in (h264, hevc, silent)])


def test_first_clip_without_audio_in_copy_is_refused(tmp_path: Path) -> None:
    silent = _clip(tmp_path, "silent.mp4", audio=None)
    loud = _clip(tmp_path, "loud.mp4")
    from processors.contract import ProcessingError

    with pytest.raises(ProcessingError) as err:
        call_processor(processor, [entry_for(silent), entry_for(loud)], {"mode": "copy"}, tmp_path / "o.mp4")
    d = err.value.details["differences"][0]
    assert (d["file"], d["param"], d["a"], d["b"]) == ("loud.mp4", "streams", "video", "video+audio")


def test_different_lengths_copy(tmp_path: Path) -> None:
    paths = _build(tmp_path, [{"duration": 0.6}, {"duration": 1.7}, {"duration": 1.1}])
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(p) for p in paths], {}, out)
    assert result.details["mode"] == "copy"
    assert probe(str(out)).duration == pytest.approx(sum(probe(str(p)).duration for p in paths), abs=0.1)


def _silences(path: Path) -> list[tuple[float, float]]:
    import re
    import subprocess

    from processors.ffbin import find_tools

    err = subprocess.run([find_tools().ffmpeg, "-hide_banner", "-nostats", "-i", f"file:{path}", "-map", "0:a",
                          "-af", "silencedetect=noise=-50dB:d=0.2", "-f", "null", "-"], capture_output=True,
                         text=True, check=True).stderr
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", err)]
    ends += [float("inf")] * (len(starts) - len(ends))
    return list(zip(starts, ends, strict=True))


def _colour_at(path: Path, t: float) -> str:
    import subprocess

    from processors.ffbin import find_tools

    raw = subprocess.run([find_tools().ffmpeg, "-v", "error", "-ss", f"{t:.3f}", "-i", f"file:{path}",
                          "-frames:v", "1", "-vf", "scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    r, g, b = raw[0], raw[1], raw[2]
    return max((r, "red"), (g, "green"), (b, "blue"))[1]


@pytest.mark.parametrize("strategy", ["two_stage", "single_pass"])
def test_audio_and_video_stay_in_sync_at_every_join(strategy: str, tmp_path: Path) -> None:
    """Silent 44.1 kHz red 25 fps | loud 48 kHz blue 30 fps | green 24 fps without audio: sound and colour
    change at the same instants, the clip boundaries."""
    a = _clip(tmp_path, "a.mp4", duration=0.7, fps="25", video="color", video_opts="c=red",
              audio="anullsrc=r=44100:cl=mono")
    b = _clip(tmp_path, "b.mp4", duration=1.3, fps="30", video="color", video_opts="c=blue",
              audio="sine=frequency=440:sample_rate=48000")
    c = _clip(tmp_path, "c.mp4", duration=0.9, fps="24", video="color", video_opts="c=green", audio=None)
    out = tmp_path / "o.mp4"
    inputs = [entry_for(p) for p in (a, b, c)]
    call_processor(processor, inputs, {**FAST, "strategy": strategy}, out)
    d = [MediaInfo.from_summary(i["media"]).duration for i in inputs]
    j1, j2 = d[0], d[0] + d[1]
    silences = _silences(out)
    assert len(silences) == 2, silences
    (s1, e1), (s2, _e2) = silences
    assert s1 == pytest.approx(0.0, abs=0.05) and e1 == pytest.approx(j1, abs=0.05)
    assert s2 == pytest.approx(j2, abs=0.05)
    assert [_colour_at(out, t) for t in (j1 - 0.1, j1 + 0.1, j2 - 0.1, j2 + 0.1)] == ["red", "blue", "blue", "green"]


@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
def test_long_graph_goes_through_a_script_file(ffmpeg_source: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import processors.merge.reencode as reencode

    monkeypatch.setattr(reencode, "INLINE_GRAPH_LIMIT", 0)
    paths = [_clip(tmp_path, f"c{i}.mp4", fps=fps) for i, fps in enumerate(["25", "30"])]
    out = tmp_path / "o.mp4"
    result, _ = call_processor(processor, [entry_for(p) for p in paths], {**FAST, "strategy": "single_pass"}, out)
    assert result.details["strategy"] == "single_pass"
    _check_output(out, [probe(str(p)) for p in paths])
    assert leftovers(tmp_path) == []
