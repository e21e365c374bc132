"""Probe media files into plain dataclasses (ffprobe JSON, or ``ffmpeg -i`` text without ffprobe).

``probe(path)`` returns a ``MediaInfo``; ``MediaInfo.to_summary()`` is the JSON-safe dict stored in a
task's ``inputs[].media`` and ``MediaInfo.from_summary()`` reads it back.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction
from typing import Any

from processors.contract import ErrorCode, InputError, ProcessingError, UnsupportedError
from processors.ffbin import child_env, find_tools

SUMMARY_VERSION = 1
PROBE_TIMEOUT_S = 60
COUNT_TIMEOUT_S = 600


@dataclass
class VideoStream:
    index: int
    codec: str
    profile: str | None = None
    level: int | None = None
    width: int = 0
    height: int = 0
    pix_fmt: str | None = None
    bit_depth: int = 8
    sar: str = "1:1"
    r_frame_rate: str = "0/0"
    avg_frame_rate: str = "0/0"
    fps: float = 0.0
    time_base: str | None = None
    rotation: int = 0  # degrees, normalised to 0..359 (display matrix / rotate tag)
    codec_tag: str | None = None
    has_b_frames: int | None = None
    extradata_hash: str | None = None
    attached_pic: bool = False
    frames: int | None = None
    is_vfr: bool = False
    duration: float | None = None
    start_time: float = 0.0

    @property
    def display_size(self) -> tuple[int, int]:
        """Width, height as shown (rotation applied, SAR ignored)."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height


@dataclass
class AudioStream:
    index: int
    codec: str
    profile: str | None = None
    sample_rate: int = 0
    channels: int = 0
    channel_layout: str | None = None
    sample_fmt: str | None = None
    time_base: str | None = None
    extradata_hash: str | None = None
    duration: float | None = None
    start_time: float = 0.0


@dataclass
class SubtitleStream:
    index: int
    codec: str


@dataclass
class MediaInfo:
    path: str
    format_name: str | None = None
    duration: float | None = None
    size: int | None = None
    bit_rate: int | None = None
    video: list[VideoStream] = field(default_factory=list)
    audio: list[AudioStream] = field(default_factory=list)
    subtitles: list[SubtitleStream] = field(default_factory=list)
    source: str = "ffprobe"  # "ffprobe" or "ffmpeg" (parsed text: fewer fields known)
    # streams this ffprobe (so this ffmpeg build) has no decoder for, as ffprobe says; None: not known
    undecodable_streams: list[int] | None = None

    @property
    def main_video(self) -> VideoStream | None:
        return next((v for v in self.video if not v.attached_pic), None)

    @property
    def main_audio(self) -> AudioStream | None:
        return self.audio[0] if self.audio else None

    def to_summary(self) -> dict[str, Any]:
        d = asdict(self)
        d["summary_version"] = SUMMARY_VERSION
        return d

    @classmethod
    def from_summary(cls, d: dict[str, Any]) -> MediaInfo:
        def build(kind: type, item: dict[str, Any]):
            names = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in item.items() if k in names})

        return cls(
            path=d.get("path", ""),
            format_name=d.get("format_name"),
            duration=d.get("duration"),
            size=d.get("size"),
            bit_rate=d.get("bit_rate"),
            video=[build(VideoStream, v) for v in d.get("video") or []],
            audio=[build(AudioStream, a) for a in d.get("audio") or []],
            subtitles=[build(SubtitleStream, s) for s in d.get("subtitles") or []],
            source=d.get("source", "ffprobe"),
            undecodable_streams=d.get("undecodable_streams"),
        )


# -- small helpers shared with probe_parse ----------------------------------------------------------
def rate_to_float(rate: str | None) -> float:
    """'30000/1001' -> 29.97; '0/0', None or junk -> 0.0."""
    if not rate:
        return 0.0
    try:
        num, _, den = rate.partition("/")
        n, dd = float(num), float(den or 1)
    except ValueError:
        return 0.0
    return n / dd if dd else 0.0


def bit_depth_of(pix_fmt: str | None, raw: Any = None) -> int:
    try:
        if raw is not None and int(raw) > 0:
            return int(raw)
    except (TypeError, ValueError):
        pass
    m = re.search(r"(\d{1,2})(le|be)$", pix_fmt or "")
    if m and int(m.group(1)) in (9, 10, 12, 14, 16):
        return int(m.group(1))
    return 8


def norm_rotation(deg: float | int | None) -> int:
    if deg is None:
        return 0
    return int(round(float(deg))) % 360


def is_vfr(r_rate: str | None, avg_rate: str | None) -> bool:
    r, a = rate_to_float(r_rate), rate_to_float(avg_rate)
    if r <= 0 or a <= 0:
        return False
    return abs(r - a) / r > 0.01


def parse_clock(text: str | None) -> float | None:
    """'00:00:02.025000000' -> 2.025."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)\s*", text)
    if not m:
        return None
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))


def _float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _norm_sar(sar: str | None) -> str:
    if not sar or sar in ("0:1", "N/A"):
        return "1:1"
    try:
        a, b = (int(x) for x in sar.split(":"))
        f = Fraction(a, b)
    except (ValueError, ZeroDivisionError):
        return "1:1"
    return f"{f.numerator}:{f.denominator}"


# -- ffprobe ----------------------------------------------------------------------------------------
def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False,
                              env=child_env())
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"probing timed out after {timeout:.0f} s", code=ErrorCode.INPUT_UNREADABLE,
                         details={"path": cmd[-1]}) from exc
    except OSError as exc:
        raise ProcessingError(f"cannot run {cmd[0]}: {exc}", code=ErrorCode.FFMPEG_MISSING) from exc


def _ff_arg(path: str) -> str:
    return "file:" + os.path.abspath(path)


def _text_lines(b: bytes) -> list[str]:
    return [ln for ln in b.decode("utf-8", "replace").splitlines() if ln.strip()]


def _stream_duration(s: dict[str, Any]) -> float | None:
    d = _float(s.get("duration"))
    if d is None:
        tags = {k.upper(): v for k, v in (s.get("tags") or {}).items()}
        d = parse_clock(tags.get("DURATION"))
    return d


def _rotation(s: dict[str, Any]) -> int:
    for sd in s.get("side_data_list") or []:
        if "rotation" in sd:
            return norm_rotation(_float(sd["rotation"]))
    rotate = (s.get("tags") or {}).get("rotate")
    if rotate is not None:
        # the legacy tag is clockwise; the display matrix angle is counter-clockwise
        return norm_rotation(-(_float(rotate) or 0))
    return 0


def _tag(s: dict[str, Any]) -> str | None:
    tag = s.get("codec_tag_string")
    return None if not tag or tag == "[0][0][0][0]" else str(tag)


def _level(s: dict[str, Any]) -> int | None:
    level = _int(s.get("level"))
    return None if level is None or level < 0 else level


def _hash(s: dict[str, Any]) -> str | None:
    h = s.get("extradata_hash")
    if h:
        return str(h)
    return None if s.get("extradata_size") else "none"


def from_ffprobe_json(path: str, data: dict[str, Any]) -> MediaInfo:
    """Build a MediaInfo from ``ffprobe -print_format json -show_format -show_streams`` output."""
    fmt = data.get("format") or {}
    info = MediaInfo(
        path=path,
        format_name=fmt.get("format_name"),
        duration=_float(fmt.get("duration")),
        size=_int(fmt.get("size")),
        bit_rate=_int(fmt.get("bit_rate")),
        source="ffprobe",
    )
    for s in data.get("streams") or []:
        kind = s.get("codec_type")
        idx = int(s.get("index", 0))
        codec = s.get("codec_name") or "unknown"
        if kind == "video":
            r_rate, avg = s.get("r_frame_rate") or "0/0", s.get("avg_frame_rate") or "0/0"
            attached = bool((s.get("disposition") or {}).get("attached_pic"))
            fps = rate_to_float(avg) or rate_to_float(r_rate)
            info.video.append(VideoStream(
                index=idx, codec=codec, profile=s.get("profile"), level=_level(s),
                width=_int(s.get("width")) or 0, height=_int(s.get("height")) or 0, pix_fmt=s.get("pix_fmt"),
                bit_depth=bit_depth_of(s.get("pix_fmt"), s.get("bits_per_raw_sample")),
                sar=_norm_sar(s.get("sample_aspect_ratio")), r_frame_rate=r_rate, avg_frame_rate=avg,
                fps=0.0 if attached else round(fps, 6), time_base=s.get("time_base"), rotation=_rotation(s),
                codec_tag=_tag(s), has_b_frames=_int(s.get("has_b_frames")),
                extradata_hash=_hash(s), attached_pic=attached, frames=_int(s.get("nb_frames")),
                is_vfr=False if attached else is_vfr(r_rate, avg), duration=_stream_duration(s),
                start_time=_float(s.get("start_time")) or 0.0,
            ))
        elif kind == "audio":
            info.audio.append(AudioStream(
                index=idx, codec=codec, profile=s.get("profile"), sample_rate=_int(s.get("sample_rate")) or 0,
                channels=_int(s.get("channels")) or 0, channel_layout=s.get("channel_layout"),
                sample_fmt=s.get("sample_fmt"), time_base=s.get("time_base"), extradata_hash=_hash(s),
                duration=_stream_duration(s), start_time=_float(s.get("start_time")) or 0.0,
            ))
        elif kind == "subtitle":
            info.subtitles.append(SubtitleStream(index=idx, codec=codec))
    if info.duration is None:
        durations = [d for d in (x.duration for x in [*info.video, *info.audio]) if d]
        info.duration = max(durations) if durations else None
    return info


# ffprobe's warning for a stream its build cannot decode (so the same build's ffmpeg cannot either)
_NO_DECODER = re.compile(r"Unsupported codec with id \d+ for input stream (\d+)")


def _probe_ffprobe(ffprobe: str, path: str) -> MediaInfo:
    """ffprobe's JSON; at warning level its log also names the streams it has no decoder for (no separate
    ``ffmpeg -codecs`` run is needed to know)."""
    cmd = [ffprobe, "-v", "warning", "-print_format", "json", "-show_format", "-show_streams",
           "-show_data_hash", "md5", _ff_arg(path)]
    res = _run(cmd, PROBE_TIMEOUT_S)
    lines = _text_lines(res.stderr)
    if res.returncode != 0:
        raise InputError(f"not a readable media file: {os.path.basename(path)}", log_lines=lines[-20:],
                         details={"path": path})
    try:
        data = json.loads(res.stdout.decode("utf-8", "replace") or "{}")
    except json.JSONDecodeError as exc:
        raise InputError("ffprobe returned unreadable output", log_lines=lines[-20:], details={"path": path}) from exc
    info = from_ffprobe_json(path, data)
    info.undecodable_streams = sorted({int(m.group(1)) for line in lines if (m := _NO_DECODER.search(line))})
    return info


def _probe_ffmpeg(ffmpeg: str, path: str) -> MediaInfo:
    """``ffmpeg -i`` text for the streams plus a one-packet ``framecrc`` copy whose header carries each
    stream's codec extradata checksum (what ffprobe's extradata_hash gives), in one process."""
    from processors.probe_parse import apply_extradata_header, parse_ffmpeg_info

    res = _run([ffmpeg, "-hide_banner", "-nostdin", "-i", _ff_arg(path), "-map", "0:V?", "-map", "0:a?", "-c", "copy",
                "-frames", "1", "-f", "framecrc", "-"], PROBE_TIMEOUT_S)
    text = res.stderr.decode("utf-8", "replace")
    info = parse_ffmpeg_info(text, path)
    if info is None:
        lines = _text_lines(res.stderr)
        raise InputError(f"not a readable media file: {os.path.basename(path)}", log_lines=lines[-20:],
                         details={"path": path})
    if res.returncode == 0:
        apply_extradata_header(info, res.stdout.decode("utf-8", "replace"))
    return info


def count_frames(path: str, stream_index: int | None = None) -> int | None:
    """Exact packet count of the main video stream (ffprobe -count_packets, or ffmpeg -c copy -f null)."""
    tools = find_tools()
    sel = f"{stream_index}" if stream_index is not None else "v:0"
    if tools.ffprobe:
        res = _run([tools.ffprobe, "-v", "error", "-select_streams", sel, "-count_packets", "-show_entries",
                    "stream=nb_read_packets", "-of", "csv=p=0", _ff_arg(path)], COUNT_TIMEOUT_S)
        if res.returncode != 0:
            return None
        # MPEG-TS lists the stream once per program too ("100\n\n100"): the first number is the count
        first = next((ln for ln in res.stdout.decode("utf-8", "replace").splitlines() if ln.strip()), "")
        return _int(first.strip().split(",")[0])
    res = _run([tools.ffmpeg, "-hide_banner", "-nostdin", "-i", _ff_arg(path), "-map", f"0:{sel}", "-c", "copy",
                "-f", "null", "-"], COUNT_TIMEOUT_S)
    found = re.findall(r"frame=\s*(\d+)", res.stderr.decode("utf-8", "replace"))
    return int(found[-1]) if res.returncode == 0 and found else None


def _probe_file(path: str) -> MediaInfo:
    tools = find_tools()
    return _probe_ffprobe(tools.ffprobe, path) if tools.ffprobe else _probe_ffmpeg(tools.ffmpeg, path)


# -- prefetch: probe several files at once, ahead of need -------------------------------------------
_prefetched: dict[str, tuple[tuple[int, int], Future[MediaInfo]]] = {}
_prefetch_lock = threading.Lock()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def prefetch(paths: Iterable[str]) -> None:
    """Start probing ``paths`` in parallel background threads (and asking ffmpeg which codecs it decodes), so the
    probes overlap each other and whatever the caller does meanwhile (e.g. importing Qt). The next ``probe()`` of
    each file takes its result once, if the file's size and mtime are unchanged; otherwise it probes again."""
    try:
        ffmpeg = find_tools().ffmpeg
    except ProcessingError:
        return  # probe() reports it
    todo = [(p, stamp) for p in dict.fromkeys(os.path.abspath(x) for x in paths)
            if os.path.isfile(p) and (stamp := _stamp(p)) is not None]
    pool = ThreadPoolExecutor(max_workers=min(8, len(todo) + 1), thread_name_prefix="mediacraft-probe")
    with _prefetch_lock:
        for path, stamp in todo:
            _prefetched[path] = (stamp, pool.submit(_probe_file, path))
    if not find_tools().ffprobe:  # ffprobe names undecodable streams itself; ffmpeg's text does not
        pool.submit(_decodable, ffmpeg)
    pool.shutdown(wait=False)


def _take_prefetched(path: str) -> MediaInfo | None:
    """The prefetched probe of ``path`` (raising what the probe raised), once; None if none or the file changed."""
    with _prefetch_lock:
        entry = _prefetched.pop(path, None)
    if entry is None:
        return None
    stamp, future = entry
    error = future.exception()  # waits for it
    if _stamp(path) != stamp:
        return None
    if error is not None:
        raise error
    return future.result()


def probe(path: str, *, count_frames: bool = False) -> MediaInfo:
    """Describe ``path``; raise InputError ``input_missing`` / ``input_unreadable``."""
    path = os.path.abspath(path)
    if not os.path.exists(path):
        raise InputError(f"input not found: {path}", code=ErrorCode.INPUT_MISSING, details={"path": path})
    if not os.path.isfile(path):
        raise InputError(f"not a regular file: {path}", code=ErrorCode.INPUT_INVALID, details={"path": path})
    info = _take_prefetched(path) or _probe_file(path)
    if not info.video and not info.audio:
        kinds = "subtitles only" if info.subtitles else "no streams ffmpeg can read as media"
        raise UnsupportedError(f"no audio or video streams in {os.path.basename(path)} ({kinds})",
                               details={"path": path})
    if info.size is None:
        info.size = os.path.getsize(path)
    if count_frames and info.main_video is not None:
        main = info.main_video
        n = _count(path, main.index)
        if n is not None:
            main.frames = n
            if main.duration and n > 1 and not main.is_vfr:
                # packet timing: frames/duration far from the nominal rate means variable frame rate
                measured = n / main.duration
                nominal = rate_to_float(main.r_frame_rate)
                if nominal > 0 and abs(measured - nominal) / nominal > 0.05:
                    main.is_vfr = True
    return info


_count = count_frames

_UNKNOWN_CODECS = {"", "none", "unknown"}


_decodable_lock = threading.Lock()


def _decodable(ffmpeg: str) -> frozenset[str] | None:
    """Codec names this ffmpeg can decode (``ffmpeg -codecs``, flag D); None if it cannot be asked.

    Asked once per process; a second caller waits for the first (``prefetch`` asks in the background)."""
    with _decodable_lock:
        return _decodable_list(ffmpeg)


@functools.cache
def _decodable_list(ffmpeg: str) -> frozenset[str] | None:
    try:
        res = subprocess.run([ffmpeg, "-hide_banner", "-codecs"], capture_output=True, timeout=PROBE_TIMEOUT_S,
                             stdin=subprocess.DEVNULL, check=False, env=child_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    names = set()
    for line in res.stdout.decode("utf-8", "replace").splitlines():
        m = re.match(r"\s*([D.])[E.][VASDT][I.][L.][S.]\s+(\S+)", line)
        if m and m.group(1) == "D":
            names.add(m.group(2))
    return frozenset(names) or None


def check_decodable(info: MediaInfo) -> None:
    """Raise UnsupportedError (``unsupported``) if a video or audio stream has a codec this ffmpeg cannot decode
    (cover pictures excepted): better said before queueing than as an ffmpeg failure halfway through."""
    told = info.undecodable_streams
    known = _decodable(find_tools().ffmpeg) if told is None else None
    name = os.path.basename(info.path)
    for kind, streams in (("video", [v for v in info.video if not v.attached_pic]), ("audio", info.audio)):
        for s in streams:
            codec = (s.codec or "").lower()
            lacking = s.index in told if told is not None else known is not None and codec not in known
            if codec in _UNKNOWN_CODECS or lacking:
                raise UnsupportedError(
                    f"{name}: the {kind} codec ({codec or 'unknown'}) of stream {s.index} cannot be decoded by "
                    "this ffmpeg", details={"path": info.path, "stream": s.index, "codec": codec or "unknown"})


def is_still_image(info: MediaInfo) -> bool:
    """A picture file (PNG, JPEG, BMP... whatever its extension), read by ffmpeg's image demuxers."""
    fmt = (info.format_name or "").lower()
    return not info.audio and (fmt == "image2" or fmt.endswith("_pipe"))


def check_not_still(info: MediaInfo) -> None:
    """Raise UnsupportedError (``unsupported``) for a still image: it has no length of its own, so it is not a
    clip (ffmpeg would read it as one 40 ms frame)."""
    if is_still_image(info):
        codec = info.main_video.codec if info.main_video else "image"
        raise UnsupportedError(f"{os.path.basename(info.path)} is a still image ({codec}), not a video",
                               details={"path": info.path, "codec": codec, "param": "still_image"})
