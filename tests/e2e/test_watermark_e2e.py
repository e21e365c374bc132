"""watermark_removal end to end: real ffmpeg, small lavfi clips, every case the issue lists.

Each test checks what a user would: same frame count, per-frame timestamps and duration as the
source, audio packets bit-identical, rotation and subtitles kept, the logo gone, no temp files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from processors.contract import Cancelled, CancelToken, ConfigError, FfmpegError, InputError, parse_stage
from processors.ffbin import find_tools
from processors.ffrun import live_children
from processors.watermark import processor
from tests.media_factory import make_clip, truncated_copy, with_cover_art, with_rotation

FFPROBE = shutil.which("ffprobe")
needs_ffprobe = pytest.mark.skipif(FFPROBE is None, reason="the checks read timestamps with the system ffprobe")


# -- measuring helpers --------------------------------------------------------------------------------
def ffprobe_json(path: Path, *args: str) -> dict:
    out = subprocess.run([FFPROBE, "-v", "error", "-of", "json", *args, str(path)], capture_output=True, check=True)
    return json.loads(out.stdout)


def video_pts(path: Path) -> tuple[list[float], float]:
    """Sorted pts (seconds) of the first video stream's packets and its time base tick."""
    data = ffprobe_json(path, "-select_streams", "v:0", "-show_entries", "stream=time_base:packet=pts_time")
    num, den = data["streams"][0]["time_base"].split("/")
    return sorted(float(p["pts_time"]) for p in data["packets"]), int(num) / int(den)


def first_pts(path: Path, selector: str) -> float:
    data = ffprobe_json(path, "-select_streams", selector, "-show_entries", "packet=pts_time", "-read_intervals",
                        "%+#5")
    return min(float(p["pts_time"]) for p in data["packets"])


def stream_info(path: Path) -> list[dict]:
    return ffprobe_json(path, "-show_streams")["streams"]


def audio_hashes(path: Path) -> list[str]:
    """MD5 of every audio stream's packet payloads (``-f streamhash``), in stream order."""
    res = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(path), "-map", "0:a", "-c", "copy",
                          "-f", "streamhash", "-hash", "md5", "-"], capture_output=True, check=True)
    return [ln.split("=", 1)[1] for ln in res.stdout.decode().split()]


def gray_frames(path: Path, autorotate: bool = True) -> np.ndarray:
    args = [find_tools().ffmpeg, "-v", "error"] + ([] if autorotate else ["-noautorotate"])
    args += ["-i", str(path), "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"]
    raw = subprocess.run(args, capture_output=True, check=True).stdout
    size = subprocess.run([find_tools().ffmpeg, "-v", "error"] + ([] if autorotate else ["-noautorotate"]) +
                          ["-i", str(path), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                          capture_output=True, check=True).stdout
    first = len(size)
    n = len(raw) // first
    info = [s for s in stream_info(path) if s["codec_type"] == "video"][0] if FFPROBE else None
    w, h = (info["width"], info["height"]) if info else (0, 0)
    rot = 0
    for sd in (info or {}).get("side_data_list", []):
        rot = int(sd.get("rotation", 0))
    if autorotate and rot % 180:
        w, h = h, w
    return np.frombuffer(raw, np.uint8).reshape(n, h, w)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


def assert_same_timing(src: Path, out: Path, offset: float = 0.0) -> None:
    sp, stick = video_pts(src)
    op, otick = video_pts(out)
    assert len(op) == len(sp), f"frame count {len(op)} != source {len(sp)}"
    tol = max(stick, otick) + 1e-6
    worst = max(abs((o - offset) - s) for o, s in zip(op, sp, strict=True))
    assert worst <= tol, f"a frame moved by {worst:.6f} s (tolerance {tol:.6f})"


def fmt_duration(path: Path) -> float:
    return float(ffprobe_json(path, "-show_entries", "format=duration")["format"]["duration"])


@pytest.fixture(autouse=True)
def _no_children_left():
    yield
    assert live_children() == 0


# -- the cases ----------------------------------------------------------------------------------------
@needs_ffprobe
@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
def test_mp4_keeps_frames_timing_audio_and_fills_region(ffmpeg_source, clip, media_input, run_processor,
                                                         no_temp_left, tmp_path):
    src = clip("in.mp4", duration=2, size="320x240", fps="25",
               vcodec=["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])
    out = tmp_path / "in_clean.mp4"
    region = {"x": 200, "y": 20, "w": 96, "h": 40}
    result, calls = run_processor(processor, [media_input(src)], {"regions": [region], "preset": "veryfast"}, out)
    assert result.output_path == str(out) and out.exists()
    assert result.details["frames"] == 50 and result.details["filled_frames"] == 50
    assert_same_timing(src, out)
    assert abs(fmt_duration(out) - fmt_duration(src)) < 0.05
    assert audio_hashes(out) == audio_hashes(src)
    a, b = gray_frames(src), gray_frames(out)
    inside = (slice(None), slice(20, 60), slice(200, 296))
    outside = (slice(None), slice(100, 240), slice(0, 190))
    assert psnr(a[outside], b[outside]) > 35  # re-encoded but untouched
    assert psnr(a[inside], b[inside]) < 30  # filled
    messages = [m for _, m in calls]
    assert any(parse_stage(m) and parse_stage(m)[0] == "removing_frames" and parse_stage(m)[1].get("total") == 50
               for m in messages)
    pcts = [p for p, _ in calls]
    assert pcts == sorted(pcts) and pcts[-1] == 100.0
    no_temp_left(tmp_path)


def _overlay_logo(clean: Path, dst: Path, box: tuple[int, int, int, int]) -> Path:
    x, y, w, h = box
    logo = (f"drawbox=x={x + 4}:y={y + 4}:w={w - 8}:h={h - 8}:color=white@0.85:t=fill,"
            f"drawbox=x={x + 10}:y={y + 10}:w={w - 20}:h={h - 20}:color=black@0.6:t=fill")
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-i", str(clean), "-vf", logo, "-c:v", "libx264",
                    "-preset", "veryfast", "-crf", "12", "-c:a", "copy", str(dst)], check=True, capture_output=True)
    return dst


@needs_ffprobe
def test_logo_removal_quality_next_to_delogo(clip, media_input, run_processor, tmp_path):
    clean = tmp_path / "clean.mp4"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "mandelbrot=size=320x240:rate=25",
                    "-f", "lavfi", "-i", "sine", "-t", "1", "-c:v", "libx264", "-preset", "veryfast", "-crf", "12",
                    "-c:a", "aac", str(clean)], check=True, capture_output=True)
    box = (220, 16, 84, 44)
    logo = _overlay_logo(clean, tmp_path / "logo.mp4", box)
    x, y, w, h = box
    region = {"x": x, "y": y, "w": w, "h": h}
    ours = tmp_path / "ours.mp4"
    run_processor(processor, [media_input(logo)], {"regions": [region], "preset": "veryfast", "crf": 12}, ours)
    delogo = tmp_path / "delogo.mp4"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-i", str(logo), "-vf",
                    f"delogo=x={x}:y={y}:w={w}:h={h}", "-c:v", "libx264", "-preset", "veryfast", "-crf", "12",
                    str(delogo)], check=True, capture_output=True)
    sl = (slice(None), slice(y, y + h), slice(x, x + w))
    ref = gray_frames(clean)[sl]
    with_logo, ours_p, delogo_p = (psnr(gray_frames(p)[sl], ref) for p in (logo, ours, delogo))
    assert ours_p > with_logo + 6, (with_logo, ours_p)
    assert ours_p - delogo_p >= -1.0, (ours_p, delogo_p)  # the gap: measured +0.10 dB


@needs_ffprobe
@pytest.mark.parametrize("ext", [".mp4", ".mkv"])
def test_vfr_source_keeps_every_timestamp(ext, media_input, run_processor, tmp_path):
    src = tmp_path / f"vfr{ext}"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=256x144:rate=30:duration=2", "-f", "lavfi", "-i", "sine=duration=2",
                    "-vf", "select='not(eq(mod(n\\,5)\\,1))*not(eq(mod(n\\,7)\\,3))'", "-fps_mode", "vfr",
                    "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", str(src)], check=True, capture_output=True)
    out = tmp_path / f"out{ext}"
    result, _ = run_processor(processor, [media_input(src)],
                              {"regions": [{"x": 8, "y": 8, "w": 40, "h": 20}], "preset": "veryfast"}, out)
    assert_same_timing(src, out)
    assert result.details["frames"] == len(video_pts(src)[0])
    assert abs(fmt_duration(out) - fmt_duration(src)) < 0.05
    assert audio_hashes(out) == audio_hashes(src)


@needs_ffprobe
@pytest.mark.parametrize("size", ["321x180", "320x181", "161x91"])
def test_odd_dimensions_are_cropped_not_failed(size, clip, media_input, run_processor, tmp_path):
    w, h = (int(v) for v in size.split("x"))
    scale = ["-vf", f"scale={w}:{h}"]
    # 4:4:4 holds odd sizes: kept exactly
    src = clip("odd.mkv", duration=1, extra=scale, vcodec=["-c:v", "libx264", "-preset", "ultrafast",
                                                          "-pix_fmt", "yuv444p"])
    out = tmp_path / "odd_clean.mkv"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 4, "y": 4, "w": 30, "h": 20}],
                                                  "preset": "ultrafast"}, out)
    v = [s for s in stream_info(out) if s["codec_type"] == "video"][0]
    assert (v["width"], v["height"]) == (w, h) and v["pix_fmt"] == "yuv444p"
    # 4:2:0 at an odd size (what real 720x405 footage is): H.264 4:2:0 cannot, so the last row/column goes
    src420 = clip("odd420.mkv", duration=1, extra=scale, vcodec=["-c:v", "ffv1", "-pix_fmt", "yuv420p"])
    out2 = tmp_path / "odd420_clean.mp4"
    result, _ = run_processor(processor, [media_input(src420)],
                              {"regions": [{"x": 4, "y": 4, "w": 30, "h": 20}], "preset": "ultrafast",
                               "container": "mp4"}, out2)
    v = [s for s in stream_info(out2) if s["codec_type"] == "video"][0]
    ew, eh = w - w % 2, h - h % 2
    assert (v["width"], v["height"]) == (ew, eh) and v["pix_fmt"] == "yuv420p"
    assert any("cropped" in msg for _, msg in result.log)
    assert_same_timing(src420, out2)
    a, b = gray_frames(src420), gray_frames(out2)
    assert psnr(a[:, 40:eh, 40:ew], b[:, 40:, 40:]) > 35  # the picture is not shifted or scaled


@needs_ffprobe
@pytest.mark.parametrize("ffmpeg_source", ["system", "bundled"], indirect=True)
@pytest.mark.parametrize("degrees", [90, 270, 180])
def test_rotation_kept_and_regions_in_display_coordinates(ffmpeg_source, degrees, media_input, run_processor,
                                                          tmp_path):
    plain = make_clip(tmp_path / "plain.mp4", duration=1, size="320x180", video="color",
                      video_opts="c=0x204060", extra=["-vf", "drawbox=x=250:y=20:w=40:h=24:color=white:t=fill"])
    src = with_rotation(plain, tmp_path / "rot.mp4", degrees)
    shown = gray_frames(src)[0]
    ys, xs = np.nonzero(shown > 200)
    x0, y0, x1, y1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
    region = {"x": int(x0) - 3, "y": int(y0) - 3, "w": int(x1 - x0) + 6, "h": int(y1 - y0) + 6}
    out = tmp_path / "rot_clean.mp4"
    run_processor(processor, [media_input(src)], {"regions": [region], "preset": "ultrafast"}, out)
    rot = lambda p: [sd.get("rotation") for s in stream_info(p) if s["codec_type"] == "video"  # noqa: E731
                     for sd in s.get("side_data_list", [])]
    assert rot(out) == rot(src) and rot(src)
    after = gray_frames(out)
    assert after.shape[1:] == shown.shape
    assert after[:, y0:y1, x0:x1].max() < 120, "the white box (drawn in display coordinates) is still there"


@needs_ffprobe
def test_10bit_stays_10bit(clip, media_input, run_processor, tmp_path):
    src = clip("ten.mkv", duration=1, size="256x144",
               vcodec=["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"])
    out = tmp_path / "ten_clean.mkv"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 10, "y": 10, "w": 50, "h": 30}],
                                                  "preset": "ultrafast"}, out)
    v = [s for s in stream_info(out) if s["codec_type"] == "video"][0]
    assert v["pix_fmt"] == "yuv420p10le" and v["profile"].startswith("High 10")
    assert_same_timing(src, out)


@needs_ffprobe
def test_no_audio(clip, media_input, run_processor, tmp_path):
    src = clip("silent.mp4", duration=1, audio=None)
    out = tmp_path / "silent_clean.mp4"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 0, "y": 0, "w": 60, "h": 30}],
                                                  "preset": "ultrafast"}, out)
    kinds = [s["codec_type"] for s in stream_info(out)]
    assert kinds == ["video"]
    assert_same_timing(src, out)


def _multi_audio(dst: Path, codecs: list[list[str]], extra_inputs: list[str] | None = None) -> Path:
    args = [find_tools().ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=256x144:rate=25:duration=1"]
    for i, _ in enumerate(codecs):
        args += ["-f", "lavfi", "-i", f"sine=frequency={300 + 200 * i}:sample_rate=48000:duration=1"]
    args += extra_inputs or []
    args += ["-map", "0:v"] + [a for i in range(len(codecs)) for a in ("-map", f"{i + 1}:a")]
    args += ["-c:v", "libx264", "-preset", "ultrafast"]
    for i, c in enumerate(codecs):
        args += [f"-c:a:{i}", *c]
    subprocess.run(args + [str(dst)], check=True, capture_output=True)
    return dst


@needs_ffprobe
@pytest.mark.parametrize(("ext", "codecs"), [
    (".mkv", [["aac"], ["libopus"], ["libmp3lame"], ["flac"]]),
    (".mp4", [["aac"], ["ac3"]]),
    (".mov", [["pcm_s16le"], ["aac"]]),
])
def test_every_audio_track_copied_untouched(ext, codecs, media_input, run_processor, tmp_path):
    src = _multi_audio(tmp_path / f"multi{ext}", codecs)
    out = tmp_path / f"multi_clean{ext}"
    result, _ = run_processor(processor, [media_input(src)], {"regions": [{"x": 0, "y": 0, "w": 60, "h": 30}],
                                                              "preset": "ultrafast"}, out)
    assert [a["codec"] for a in result.details["audio"]] == ["copy"] * len(codecs)
    assert audio_hashes(out) == audio_hashes(src)
    assert [s["codec_name"] for s in stream_info(out) if s["codec_type"] == "audio"] == \
        [s["codec_name"] for s in stream_info(src) if s["codec_type"] == "audio"]
    assert_same_timing(src, out)


@needs_ffprobe
@pytest.mark.parametrize(("name", "vcodec", "acodec", "expect_ext", "audio_kept"), [
    ("in.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"], ["-c:a", "libopus"], ".mp4",
     True),
    ("in.webm", ["-c:v", "libvpx", "-deadline", "realtime"], ["-c:a", "libvorbis"], ".mp4", True),
    ("in.avi", ["-c:v", "mpeg4", "-q:v", "4"], ["-c:a", "libmp3lame"], ".mp4", True),
    ("in.avi", ["-c:v", "mpeg4", "-q:v", "4"], ["-c:a", "pcm_s16le"], ".mp4", False),
    ("in.mpg", ["-c:v", "mpeg2video", "-q:v", "4"], ["-c:a", "mp2"], ".mp4", True),
    ("in.mov", ["-c:v", "libx264", "-preset", "ultrafast"], ["-c:a", "aac"], ".mov", True),
    ("in.mkv", ["-c:v", "libx264", "-preset", "ultrafast"], ["-c:a", "aac"], ".mkv", True),
])
def test_container_inputs(name, vcodec, acodec, expect_ext, audio_kept, clip, media_input, run_processor,
                          tmp_path):
    src = clip(name, duration=1, size="256x144", vcodec=vcodec, acodec=acodec)
    entry = media_input(src)
    cfg = processor.validate([entry], {"regions": [{"x": 4, "y": 4, "w": 40, "h": 20}], "preset": "ultrafast"})
    out_name = processor.default_output_name([entry], cfg)
    assert out_name == f"in_clean{expect_ext}"
    out = tmp_path / out_name
    result, _ = run_processor(processor, [entry], cfg, out)
    assert [s["codec_type"] for s in stream_info(out)] == ["video", "audio"]
    if audio_kept:
        assert audio_hashes(out) == audio_hashes(src)
    else:
        assert result.details["audio"][0]["codec"] != "copy"
        assert any("re-encoded" in msg for _, msg in result.log)
    src_pts, out_pts = video_pts(src)[0], video_pts(out)[0]
    assert len(out_pts) == len(src_pts)
    assert abs(fmt_duration(out) - fmt_duration(src)) < 0.1


@needs_ffprobe
@pytest.mark.parametrize(("name", "vcodec", "expect_fmt", "expect_range"), [
    ("mj.mov", ["-c:v", "mjpeg", "-q:v", "3"], "yuvj420p", "pc"),  # full-range JPEG frames stay full range
    ("rgb.mkv", ["-c:v", "png"], "yuv420p", None),  # RGB is converted once by the decoder
    # monochrome H.264 (4:0:0): ffmpeg's decoder reports it as 4:2:0 with flat chroma
    ("gray.mkv", ["-c:v", "ffv1", "-pix_fmt", "gray"], ("gray", "yuv420p", "yuvj420p"), None),
    ("p422.mkv", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv422p"], "yuv422p", None),
])
def test_pixel_formats(name, vcodec, expect_fmt, expect_range, clip, media_input, run_processor, tmp_path):
    src = clip(name, duration=1, size="160x120", vcodec=vcodec, acodec=["-c:a", "pcm_s16le"])
    out = tmp_path / f"out{Path(name).suffix}"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 8, "y": 8, "w": 40, "h": 20}],
                                                  "preset": "ultrafast"}, out)
    v = [s for s in stream_info(out) if s["codec_type"] == "video"][0]
    assert v["pix_fmt"] in ((expect_fmt,) if isinstance(expect_fmt, str) else expect_fmt)
    if expect_range:
        assert v.get("color_range") == expect_range
    assert_same_timing(src, out)
    assert audio_hashes(out) == audio_hashes(src)


@needs_ffprobe
def test_cover_picture_kept(clip, media_input, run_processor, tmp_path):
    src = with_cover_art(clip("plain.mp4", duration=1, size="160x120"), tmp_path / "cover.mp4")
    out = tmp_path / "cover_clean.mp4"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 8, "y": 8, "w": 40, "h": 20}],
                                                  "preset": "ultrafast"}, out)
    covers = [s for s in stream_info(out) if s.get("disposition", {}).get("attached_pic")]
    assert len(covers) == 1 and covers[0]["codec_name"] == "mjpeg"
    assert_same_timing(src, out)


@needs_ffprobe
@pytest.mark.parametrize(("ext", "sub_codec"), [(".mkv", "srt"), (".mp4", "mov_text")])
def test_subtitles_kept(ext, sub_codec, media_input, run_processor, tmp_path):
    srt = tmp_path / "subs.srt"
    srt.write_text("1\n00:00:00,100 --> 00:00:00,900\nhello\n", encoding="utf-8")
    plain = make_clip(tmp_path / f"plain{ext}", duration=1, size="256x144")
    src = tmp_path / f"subbed{ext}"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-i", str(plain), "-i", str(srt), "-map", "0",
                    "-map", "1", "-c", "copy", "-c:s", sub_codec, str(src)], check=True, capture_output=True)
    out = tmp_path / f"subbed_clean{ext}"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 0, "y": 0, "w": 40, "h": 20}],
                                                  "preset": "ultrafast"}, out)
    kinds = [s["codec_type"] for s in stream_info(out)]
    assert kinds == ["video", "audio", "subtitle"]
    text = subprocess.run([find_tools().ffmpeg, "-v", "error", "-i", str(out), "-map", "0:s", "-f", "srt", "-"],
                          capture_output=True, check=True).stdout.decode()
    assert "hello" in text


@needs_ffprobe
def test_mpegts_start_offset_keeps_av_sync(clip, media_input, run_processor, tmp_path):
    src = clip("in.ts", duration=2, size="256x144", extra=["-output_ts_offset", "1.4"])
    out = tmp_path / "in_clean.ts"
    run_processor(processor, [media_input(src)], {"regions": [{"x": 0, "y": 0, "w": 40, "h": 20}],
                                                  "preset": "ultrafast"}, out)
    before = first_pts(src, "v:0") - first_pts(src, "a:0")
    after = first_pts(out, "v:0") - first_pts(out, "a:0")
    assert abs(after - before) < 0.002, (before, after)
    assert audio_hashes(out) == audio_hashes(src)
    sp, op = video_pts(src)[0], video_pts(out)[0]
    assert len(op) == len(sp)
    assert max(abs((o - op[0]) - (s - sp[0])) for o, s in zip(op, sp, strict=True)) < 1e-4


@needs_ffprobe
def test_time_limited_region(clip, media_input, run_processor, tmp_path):
    src = clip("in.mp4", duration=2, size="256x144", fps="25")
    out = tmp_path / "in_clean.mp4"
    region = {"x": 100, "y": 40, "w": 60, "h": 40, "start_s": 0.4, "end_s": 1.2}
    result, _ = run_processor(processor, [media_input(src)], {"regions": [region], "preset": "ultrafast"}, out)
    assert result.details["filled_frames"] == 20  # frames at 0.40 .. 1.16 s
    a, b = gray_frames(src), gray_frames(out)
    sl = (slice(40, 80), slice(100, 160))
    for i in (0, 5, 9, 30, 49):
        assert psnr(a[i][sl], b[i][sl]) > 30, i
    for i in (10, 20, 29):
        assert psnr(a[i][sl], b[i][sl]) < 30, i


def test_cancel_stops_both_children_and_leaves_nothing(clip, media_input, tmp_path, no_temp_left):
    src = clip("long.mp4", duration=6, size="640x360", fps="30")
    entry = media_input(src)
    cfg = processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 60, "h": 30}], "preset": "slow"})
    token = CancelToken()
    seen = threading.Event()

    def progress(pct: float, msg: str) -> None:
        if msg.startswith("removing") and pct > 5:
            seen.set()
            token.cancel()

    with pytest.raises(Cancelled):
        processor.run([entry], cfg, str(tmp_path / "out.mp4"), progress, token, {})
    assert seen.is_set()
    assert not (tmp_path / "out.mp4").exists()
    no_temp_left(tmp_path)


def test_bad_inputs_and_configs_get_typed_errors(clip, media_input, tmp_path):
    src = clip("in.mp4", duration=1, size="160x120")
    entry = media_input(src)
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 500, "y": 500, "w": 10, "h": 10}]})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": []})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 160, "h": 120}]})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], "method": "magic"})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], "container": "flv"})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}], "container": "webm"})
    with pytest.raises(ConfigError):
        processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10, "start_s": 2, "end_s": 1}]})
    with pytest.raises(InputError):
        processor.validate([entry, entry], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}]})
    with pytest.raises(InputError):
        processor.validate([{**entry, "media": None}], {"regions": [{"x": 0, "y": 0, "w": 10, "h": 10}]})
    # partly outside: clipped, not refused
    cfg = processor.validate([entry], {"regions": [{"x": 150, "y": 110, "w": 50, "h": 50}]})
    assert cfg["regions"] == [{"x": 150, "y": 110, "w": 10, "h": 10, "clipped_from": [150, 110, 50, 50]}]


def test_unreadable_input_is_an_input_error(clip, media_input, run_processor, tmp_path, no_temp_left):
    src = clip("in.mp4", duration=1, size="160x120")
    entry = media_input(src)
    cfg = processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 20, "h": 20}]})
    src.write_bytes(b"\x00garbage" * 5000)  # replaced after probing
    with pytest.raises(InputError):
        processor.run([entry], cfg, str(tmp_path / "out.mp4"), lambda p, m: None, CancelToken(), {})
    no_temp_left(tmp_path)


def test_encoder_failure_is_an_ffmpeg_error_with_its_stderr(clip, media_input, tmp_path, monkeypatch,
                                                            no_temp_left):
    import processors.watermark.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_quality_args", lambda codec, config: ["-profile:v", "nonsense"])
    src = clip("in.mp4", duration=2, size="320x240")
    entry = media_input(src)
    cfg = processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 20, "h": 20}]})
    with pytest.raises(FfmpegError) as info:
        processor.run([entry], cfg, str(tmp_path / "out.mp4"), lambda p, m: None, CancelToken(), {})
    assert info.value.code == "ffmpeg_failed" and info.value.log_lines
    assert "encoder" in info.value.detail
    no_temp_left(tmp_path)


def test_truncated_source_is_reported_not_shortened(clip, media_input, tmp_path, no_temp_left):
    full = clip("full.mkv", duration=4, size="320x240")
    cut = truncated_copy(full, tmp_path / "cut.mkv", keep=0.7)
    entry = media_input(cut)
    cfg = processor.validate([entry], {"regions": [{"x": 0, "y": 0, "w": 20, "h": 20}], "preset": "ultrafast"})
    with pytest.raises(InputError, match="ends early"):
        processor.run([entry], cfg, str(tmp_path / "out.mkv"), lambda p, m: None, CancelToken(), {})
    assert not (tmp_path / "out.mkv").exists()
    no_temp_left(tmp_path)


@needs_ffprobe
def test_awkward_names_and_no_overwrite(media_input, run_processor, tmp_path):
    src = make_clip(tmp_path / "-dash 'quote' 空格 中文.mp4", duration=1, size="160x120")
    out = tmp_path / "-out 'q' 结果.mp4"
    out.write_bytes(b"precious")
    result, _ = run_processor(processor, [media_input(src)], {"regions": [{"x": 0, "y": 0, "w": 20, "h": 20}],
                                                              "preset": "ultrafast"}, out)
    assert out.read_bytes() == b"precious"
    assert Path(result.output_path).name == "-out 'q' 结果 (2).mp4"
    assert_same_timing(src, Path(result.output_path))


_RSS_CHILD = r"""
import json, sys
from processors.contract import CancelToken
from processors.probe import probe
from processors.watermark import processor
src, out = sys.argv[1], sys.argv[2]
entry = {"path": src, "original_filename": "4k.mp4", "media": probe(src).to_summary()}
cfg = processor.validate([entry], {"regions": [{"x": 3000, "y": 80, "w": 600, "h": 200}], "preset": "ultrafast"})
def hwm_kb():  # VmHWM is per address space; ru_maxrss survives exec and would report the forking parent's peak
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("VmHWM:")).split()[1])
before = hwm_kb()
processor.run([entry], cfg, out, lambda p, m: None, CancelToken(), {})
print(json.dumps({"before_kb": before, "after_kb": hwm_kb()}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_4k_source_keeps_memory_bounded(clip, tmp_path):
    src = clip("4k.mp4", duration=0.4, size="3840x2160", fps="25")
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run([sys.executable, "-c", _RSS_CHILD, str(src), str(tmp_path / "out.mp4")], cwd=root,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    rss = json.loads(res.stdout.strip().splitlines()[-1])
    grown_mb = (rss["after_kb"] - rss["before_kb"]) / 1024
    assert rss["after_kb"] / 1024 < 300 and grown_mb < 100, rss
