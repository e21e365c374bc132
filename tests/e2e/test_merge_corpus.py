"""Merge corpus: awkward clips in both orders, each result checked by content, or refused clearly.

Content is checked here independently of the product: every picture of a clip is a 32x32 luma thumbnail with its
time (as ffmpeg decodes the file), and each clip's sound is a sine of its own frequency. In the result, the first
and last picture of each clip must be at the clip's place, and the sound there must be the clip's tone.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mediacraft_desktop import prepare as prep
from mediacraft_desktop.registry import default_registry
from mediacraft_desktop.settings import Settings
from processors.contract import CancelToken, ErrorCode, ProcessingError, VerifyError
from processors.ffbin import find_tools
from processors.merge import processor
from processors.merge.compat import Clip
from processors.merge.content import check_content, placements
from processors.probe import probe
from tests.e2e.conftest import call_processor, entry_for, leftovers
from tests.media_factory import make_clip, with_cover_art

SIZE, RATE = "160x120", "30"
FAST = {"preset": "ultrafast"}
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
THUMB = 32
FRAME = 1 / 30
SAME_PICTURE = 10.0  # mean luma difference of thumbnails: re-encoded copies stay far below, other frames above


def _ffmpeg(*args: str) -> None:
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", *args], check=True, capture_output=True)


def _sources(freq: int, seconds: float, pattern: str = "testsrc2") -> list[str]:
    return ["-f", "lavfi", "-i", f"{pattern}=size={SIZE}:rate={RATE}:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=48000:duration={seconds}"]


# -- the corpus: name -> builder(path, freq) ------------------------------------------------------------
def plain(path: Path, freq: int) -> Path:
    return make_clip(path, duration=2.0, size=SIZE, fps=RATE, video="rgbtestsrc" if freq % 2 else "testsrc2",
                     audio=f"sine=frequency={freq}:sample_rate=48000")


def ts_offset(path: Path, freq: int) -> Path:
    """MPEG-TS whose streams start at 1.4 s (the issue's clip)."""
    _ffmpeg(*_sources(freq, 3.0), *H264, "-c:a", "aac", "-muxdelay", "0", "-output_ts_offset", "1.4",
            "-f", "mpegts", str(path))
    return path


def mp4_delayed(path: Path, freq: int) -> Path:
    """MP4 with an edit list delaying both streams by 0.5 s."""
    _ffmpeg(*_sources(freq, 2.0), *H264, "-c:a", "aac", "-output_ts_offset", "0.5", str(path))
    return path


def mp4_cut(path: Path, freq: int) -> Path:
    """MP4 cut by stream copy in the middle of a GOP: an edit list hides the frames before the cut."""
    full = path.with_name("full_" + path.name)
    _ffmpeg(*_sources(freq, 3.0), "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p",
            "-c:a", "aac", str(full))
    _ffmpeg("-ss", "0.7", "-i", str(full), "-c", "copy", str(path))
    return path


def audio_late(path: Path, freq: int) -> Path:
    """Audio starts 0.5 s after the video (and ends 0.5 s after it)."""
    _ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate={RATE}:duration=2", "-itsoffset", "0.5",
            "-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=48000:duration=2", *H264, "-c:a", "aac",
            str(path))
    return path


def vfr(path: Path, freq: int) -> Path:
    """Variable frame rate: 2 of every 3 frames of a 30 fps source (avg 20 fps, frames on the 30 fps grid)."""
    _ffmpeg(*_sources(freq, 2.0), "-vf", r"select='lt(mod(n\,3)\,2)'", "-fps_mode", "vfr", *H264, "-c:a", "aac",
            str(path))
    return path


def two_audio(path: Path, freq: int) -> Path:
    _ffmpeg(*_sources(freq, 2.0), "-f", "lavfi", "-i", "sine=frequency=3000:sample_rate=48000:duration=2",
            "-map", "0:v", "-map", "1:a", "-map", "2:a", *H264, "-c:a", "aac", str(path))
    return path


def cover_art(path: Path, freq: int) -> Path:
    return with_cover_art(plain(path.with_name("bare_" + path.name), freq), path)


CASES = {"ts_offset": (ts_offset, ".ts"), "mp4_edit_list_delay": (mp4_delayed, ".mp4"),
         "mp4_edit_list_cut": (mp4_cut, ".mp4"), "audio_later_than_video": (audio_late, ".mp4"),
         "vfr": (vfr, ".mp4"), "two_audio_tracks": (two_audio, ".mp4"), "cover_art": (cover_art, ".mp4")}
DROPPED = {"two_audio_tracks": "audio", "cover_art": "cover"}


# -- independent content reading ------------------------------------------------------------------------
@dataclass
class Decoded:
    times: np.ndarray  # seconds, from the file's start as ffmpeg plays it
    thumbs: np.ndarray  # (n, 32, 32) uint8
    audio: np.ndarray  # mono float samples at 8 kHz from the file's start (first audio stream)


def decode(path: Path) -> Decoded:
    res = subprocess.run([find_tools().ffmpeg, "-v", "info", "-nostats", "-i", str(path), "-map", "0:V:0",
                          "-vf", f"showinfo,scale={THUMB}:{THUMB}:flags=area,format=gray", "-fps_mode", "passthrough",
                          "-f", "rawvideo", "-"], capture_output=True, check=True)
    times = np.array([float(t) for t in re.findall(rb"pts_time:\s*(-?[\d.]+)", res.stderr)])
    thumbs = np.frombuffer(res.stdout, np.uint8).reshape(-1, THUMB, THUMB)
    assert len(times) == len(thumbs)
    info = probe(str(path))
    audio = np.zeros(0)
    if info.audio:
        # the same timeline as the pictures: both keep their offset from the file's start
        pcm = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-map", f"0:{info.audio[0].index}",
                              "-af", "aresample=8000:async=1:first_pts=0", "-ac", "1", "-f", "s16le", "-"],
                             capture_output=True, check=True).stdout
        audio = np.frombuffer(pcm, "<i2").astype(np.float64) / 32768
    return Decoded(times, thumbs, audio)


def shown_at(d: Decoded, t: float) -> np.ndarray:
    """The picture on screen at time ``t``: the last frame starting at or before it."""
    k = int(np.searchsorted(d.times, t + 1e-3, side="right")) - 1
    return d.thumbs[max(k, 0)]


def difference_near(result: Decoded, t: float, picture: np.ndarray) -> float:
    """How far ``picture`` is from the closest picture the result shows within one frame of ``t`` (clip boundaries
    are whole output frames, and a stream copy keeps the 21 ms AAC priming shift of its source)."""
    return min(mad(shown_at(result, t + dt), picture) for dt in (-FRAME, -FRAME / 2, 0.0, FRAME / 2, FRAME))


def mad(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def tone(samples: np.ndarray) -> tuple[float, float]:
    """(dominant frequency in Hz, RMS dBFS) of 8 kHz samples."""
    rms = float(np.sqrt(np.mean(samples ** 2))) if samples.size else 0.0
    if rms == 0:
        return 0.0, -120.0
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    return float(np.argmax(spectrum) * 8000 / samples.size), 20 * np.log10(rms)


def check_result(out: Path, sources: list[Path], freqs: list[int], *, every_frame: bool = False) -> None:
    """Each clip's first and last picture at its place, its tone where it has sound (and every picture of a clip
    at its own time with ``every_frame``)."""
    result = decode(out)
    offset = 0.0
    for src, freq in zip(sources, freqs, strict=True):
        s = decode(src)
        length = probe(str(src)).duration or 0.0
        for label, t in (("first", s.times[0]), ("last", s.times[-1])):
            diff = difference_near(result, offset + max(t, 0.0), shown_at(s, t))
            assert diff < SAME_PICTURE, f"{src.name}: {label} picture not at {offset + t:.3f} s (diff {diff:.1f})"
        if every_frame:
            for t in s.times:
                assert difference_near(result, offset + t, shown_at(s, t)) < SAME_PICTURE, f"{src.name} frame at {t}"
        for frac in (0.15, 0.5, 0.85):
            t = frac * length
            window = s.audio[int(t * 8000): int((t + 0.2) * 8000)]
            src_freq, src_db = tone(window)
            if src_db < -50:
                continue  # the clip is silent here (e.g. before its late audio)
            got = result.audio[int((offset + t) * 8000): int((offset + t + 0.2) * 8000)]
            got_freq, got_db = tone(got)
            assert got_db > -40, f"{src.name}: silent at {offset + t:.2f} s of the result"
            assert abs(got_freq - freq) < 30, f"{src.name}: tone {got_freq:.0f} Hz at {offset + t:.2f} s, not {freq}"
        offset += length


def merge(tmp: Path, paths: list[Path], **config: Any):
    out = tmp / "merged.mp4"
    if out.exists():
        out.unlink()
    result, _ = call_processor(processor, [entry_for(p) for p in paths], {**FAST, **config}, out)
    assert leftovers(tmp) == []
    return result, Path(result.output_path)


# -- the corpus ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("first", [True, False], ids=["awkward_first", "awkward_second"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_corpus_clip_is_merged_with_its_content_in_place(tmp_path: Path, case: str, first: bool) -> None:
    build, ext = CASES[case]
    odd = build(tmp_path / f"{case}{ext}", 700)
    normal = plain(tmp_path / "normal.mp4", 401)
    paths, freqs = ([odd, normal], [700, 401]) if first else ([normal, odd], [401, 700])
    result, out = merge(tmp_path, paths)
    check_result(out, paths, freqs, every_frame=case == "vfr")
    info = probe(str(out))
    if case == "vfr":
        assert info.main_video is not None and info.main_video.r_frame_rate == "30/1"
    if case in DROPPED:
        assert [d["kind"] for d in result.details["dropped_streams"]] == [DROPPED[case]]
        assert any(odd.name in msg and "not" in msg for level, msg in result.log if level == "warning")
    assert result.details["content_points"] > 0


def test_vfr_clip_and_cfr_clip_keep_all_their_frames(tmp_path: Path) -> None:
    """The issue's case: a VFR clip first made the output 20.69 fps and dropped frames of both clips."""
    a, b = vfr(tmp_path / "vfr.mp4", 700), plain(tmp_path / "cfr.mp4", 401)
    for order in ([a, b], [b, a]):
        _, out = merge(tmp_path, order)
        video = probe(str(out)).main_video
        assert video is not None and video.r_frame_rate == "30/1" and video.frames == 120
        check_result(out, order, [700 if p == a else 401 for p in order], every_frame=True)


def test_copy_merge_of_offset_clips_keeps_content(tmp_path: Path) -> None:
    """Two identical-format TS clips starting at 1.4 s join by stream copy, content in place."""
    a, b = ts_offset(tmp_path / "a.ts", 700), ts_offset(tmp_path / "b.ts", 401)
    result, out = merge(tmp_path, [a, b])
    assert result.details["mode"] == "copy"
    check_result(out, [a, b], [700, 401])


# -- refused clearly ---------------------------------------------------------------------------------------
def _settings(tmp: Path) -> Settings:
    return Settings(output_dir=str(tmp / "out"), min_free_disk_mb=0)


@pytest.mark.parametrize("still_first", [True, False])
def test_still_image_is_refused(tmp_path: Path, still_first: bool) -> None:
    still = tmp_path / "picture.mp4"  # a PNG renamed .mp4
    _ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={SIZE}", "-frames:v", "1", "-c:v", "png", "-f", "image2",
            str(still))
    normal = plain(tmp_path / "normal.mp4", 401)
    spec = default_registry().get("video_merge")
    paths = [str(still), str(normal)] if still_first else [str(normal), str(still)]
    with pytest.raises(ProcessingError) as err:
        prep.prepare(spec, paths, {}, _settings(tmp_path))
    assert err.value.code == ErrorCode.UNSUPPORTED and "picture.mp4 is a still image" in err.value.detail
    with pytest.raises(ProcessingError) as err:  # the processor itself refuses it too
        processor.validate([entry_for(p) for p in paths], {})
    assert err.value.code == ErrorCode.UNSUPPORTED
    removal = default_registry().get("watermark_removal")
    with pytest.raises(ProcessingError) as err:  # same class: removal's input check
        prep.prepare(removal, [str(still)], {"regions": [{"x": 1, "y": 1, "w": 8, "h": 8}]}, _settings(tmp_path))
    assert err.value.code == ErrorCode.UNSUPPORTED


@pytest.mark.parametrize("output, words", [
    ("folder", "is a folder"),
    ("folder/", "is a folder"),
    ("merged", "has no extension"),
    ("merged.xyz", "extension .xyz"),
    ("out/../../escaped/evil.mp4", "contains '..'"),
])
def test_bad_output_paths_are_refused_before_queueing(tmp_path: Path, output: str, words: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "out").mkdir()
    clips = [str(plain(tmp_path / "a.mp4", 401)), str(plain(tmp_path / "b.mp4", 700))]
    spec = default_registry().get("video_merge")
    with pytest.raises(ProcessingError) as err:
        prep.prepare(spec, clips, {}, _settings(tmp_path), str(tmp_path) + "/" + output)
    assert err.value.code == ErrorCode.OUTPUT_INVALID and words in err.value.detail
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "merged").exists()


# -- verification in the product catches shifted content -------------------------------------------------
def test_verification_fails_a_result_whose_clip_is_shifted_and_frozen(tmp_path: Path) -> None:
    """What the start-time bug produced: clip 2 starting at its frame 41, then frozen, sound gone after 0.62 s.
    Durations and streams are right; the content check must refuse it."""
    a, b = plain(tmp_path / "a.mp4", 401), plain(tmp_path / "b.mp4", 700)
    bad = tmp_path / "bad.mp4"
    graph = ("[1:v]trim=start_frame=41,setpts=PTS-STARTPTS,tpad=stop_mode=clone:stop_duration=5,trim=end_frame=60"
             "[bv];[1:a]atrim=end=0.62,apad=whole_dur=2[ba];[0:v][0:a][bv][ba]concat=n=2:v=1:a=1[v][a]")
    _ffmpeg("-i", str(a), "-i", str(b), "-filter_complex", graph, "-map", "[v]", "-map", "[a]", *H264, "-c:a", "aac",
            str(bad))
    clips = [Clip(k, k, str(p), p.name, probe(str(p))) for k, p in enumerate((a, b))]
    good = tmp_path / "good.mp4"
    _ffmpeg("-i", str(a), "-i", str(b), "-filter_complex", "[0:v][0:a][1:v][1:a]concat=n=2:v=1:a=1[v][a]",
            "-map", "[v]", "-map", "[a]", *H264, "-c:a", "aac", str(good))
    places = placements(clips, [c.duration for c in clips], (160, 120))
    assert check_content(str(good), places, CancelToken(), 30.0)["content_points"] == 10
    with pytest.raises(VerifyError) as err:
        check_content(str(bad), places, CancelToken(), 30.0)
    problems = err.value.details["problems"]
    assert {p["file"] for p in problems} == {"b.mp4"}
    assert {p["param"] for p in problems} == {"picture_differs", "sound_missing"}
