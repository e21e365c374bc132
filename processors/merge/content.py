"""Content check of a merge: every clip's pictures and sound are where they belong in the result.

Durations and stream sets cannot see a clip whose content moved (its beginning cut off and the hole hidden by
padding: right length, wrong pictures, silence). So for each clip the first and the last picture at its place
in the result are compared with the clip's own first and last picture (32x32 luma thumbnails, the result's
letterbox cropped away), and short windows of sound (at 10 %, 50 % and 90 % of the clip) must not be silent
in the result where the clip is not. Cost: two ffmpeg runs that seek (a few frames decoded per clip); a clip
that cannot be seeked (MPEG-TS without keyframes where it seeks) is decoded from its start instead.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from processors.contract import CancelToken, VerifyError
from processors.ffrun import input_arg, run_ffmpeg
from processors.merge.audit import Audit, parse_framecrc
from processors.merge.compat import Clip
from processors.merge.concat import CONCAT_INPUT, write_concat_list
from processors.merge.config import display_square

THUMB = 32  # thumbnail side, pixels
AUDIO_RATE = 8000  # Hz, mono, for sound levels
AUDIO_WINDOW_S = 0.2
AUDIO_AT = (0.1, 0.5, 0.9)  # where in each clip the sound is compared
# Mean absolute luma difference (0..255) between 32x32 thumbnails, to the closest of the clip's first (last) three
# pictures. Re-encoding stays under ~1 at crf 20 and ~4 at crf 51; a picture 1.4 s away in a mostly static
# test pattern (testsrc2) differs by ~15, one from another clip by 30 or more (tests/e2e/test_merge_corpus.py).
PICTURE_TOLERANCE = 9.0
SOUND_FLOOR_DB = -50.0  # the clip is considered silent below this RMS level
SOUND_DROP_DB = 20.0  # the result may be this much quieter than the clip before it counts as lost
MAX_INPUTS = 24  # per ffmpeg run
CANDIDATES = 3  # the clip's first (last) pictures the result's first (last) picture may match


@dataclass(frozen=True)
class Placement:
    """Where a clip sits in the result and how its picture is framed there."""

    clip: Clip
    offset: float  # seconds from the result's start
    length: float  # seconds it lasts in the result
    crop: tuple[int, int, int, int] | None = None  # w, h, x, y of the clip's picture in the result's frame


@dataclass(frozen=True)
class _Point:
    path: str
    stream: str  # stream specifier, e.g. "3" or "v:0"
    kind: str  # "first", "last" or "audio"
    start: float
    duration: float
    crop: tuple[int, int, int, int] | None = None
    frames: int = 1  # pictures kept: the clip side keeps its first/last few (a rate change may pick a neighbour)


@dataclass
class _Pair:
    clip: Clip
    what: str  # "first picture", "last picture", "sound at 1.2 s"
    at: float  # seconds in the result
    source: _Point
    result: _Point
    values: dict[str, bytes | None] = field(default_factory=dict)


def placements(clips: list[Clip], lengths: list[float], frame: tuple[int, int] | None = None) -> list[Placement]:
    """Offsets from the clip lengths; with ``frame`` (the re-encode's size) the letterboxed picture area."""
    out, pos = [], 0.0
    for clip, length in zip(clips, lengths, strict=True):
        crop = None
        if frame is not None and clip.real_video:
            crop = fitted_rect(display_square(clip.real_video[0]), frame)
        out.append(Placement(clip, pos, length, crop))
        pos += length
    return out


def fitted_rect(size: tuple[int, int], frame: tuple[int, int]) -> tuple[int, int, int, int]:
    """``scale=force_original_aspect_ratio=decrease:force_divisible_by=2`` then centred ``pad``, as a rect."""
    (w, h), (fw, fh) = size, frame
    if w <= 0 or h <= 0:
        return fw, fh, 0, 0
    scale = min(Fraction(fw, w), Fraction(fh, h))
    cw, ch = max(2, int(w * scale) // 2 * 2), max(2, int(h * scale) // 2 * 2)
    cw, ch = min(cw, fw), min(ch, fh)
    return cw, ch, (fw - cw) // 2, (fh - ch) // 2


def _pairs(result_path: str, places: list[Placement], result_fps: float | None) -> list[_Pair]:
    pairs: list[_Pair] = []
    half_frame = 0.5 / result_fps if result_fps else 0.005
    for p in places:
        clip, length = p.clip, p.length
        if length <= 0:
            continue
        if clip.real_video:
            src_v = str(clip.real_video[0].index)
            window = min(0.5, length)
            end = max(length - half_frame, window / 2)
            pairs.append(_Pair(clip, "first picture", p.offset,
                               _Point(clip.path, src_v, "first", 0.0, window, frames=CANDIDATES),
                               _Point(result_path, "v:0", "first", max(0.0, p.offset - half_frame), window, p.crop)))
            pairs.append(_Pair(clip, "last picture", p.offset + end,
                               _Point(clip.path, src_v, "last", max(0.0, end - window), min(window, end),
                                      frames=CANDIDATES),
                               _Point(result_path, "v:0", "last", max(0.0, p.offset + end - window),
                                      min(window, end), p.crop)))
        if clip.info.audio:
            src_a = str(clip.info.audio[0].index)
            span = min(AUDIO_WINDOW_S, length / 4)
            for frac in AUDIO_AT:
                t = max(0.0, min(length - span, frac * length))
                pairs.append(_Pair(clip, f"sound at {t:.2f} s of the clip", p.offset + t,
                                   _Point(clip.path, src_a, "audio", t, span),
                                   _Point(result_path, "a:0", "audio", p.offset + t, span)))
    return pairs


def _chain(k: int, point: _Point, seek: bool) -> str:
    head = f"[{k}:{point.stream}]"
    if not seek and point.start > 0:  # decoded from the file's start: cut the window out here
        trim = "atrim" if point.kind == "audio" else "trim"
        setpts = "asetpts" if point.kind == "audio" else "setpts"
        head += f"{trim}=start={point.start:.6f}:duration={point.duration:.6f},{setpts}=PTS-STARTPTS,"
    if point.kind == "audio":
        return head + f"aresample={AUDIO_RATE},aformat=sample_fmts=s16:channel_layouts=mono[o{k}]"
    crop = f"crop={point.crop[0]}:{point.crop[1]}:{point.crop[2]}:{point.crop[3]}," if point.crop else ""
    n = point.frames
    pick = f"trim=end_frame={n}" if point.kind == "first" else f"reverse,trim=end_frame={n}"
    scale = f"scale={THUMB}:{THUMB}:flags=area,format=gray"
    return head + (f"{pick},{crop}{scale}[o{k}]" if point.kind == "first" else f"{crop}{scale},{pick}[o{k}]")


def _grab(points: list[_Point], workdir: str, cancel: CancelToken, seek: bool = True) -> list[bytes | None]:
    """Decode every point's window; thumbnails (first/last) or mono PCM (audio). None where nothing came out."""
    out: list[bytes | None] = []
    for b in range(0, len(points), MAX_INPUTS):
        batch = points[b:b + MAX_INPUTS]
        args = ["-loglevel", "error", "-y"]
        for pt in batch:
            if seek:
                args += (["-ss", f"{pt.start:.6f}"] if pt.start > 0 else []) + ["-t", f"{pt.duration:.6f}"]
            else:
                args += ["-t", f"{pt.start + pt.duration:.6f}"]
            args += ["-i", input_arg(pt.path)]
        args += ["-filter_complex", ";".join(_chain(k, pt, seek) for k, pt in enumerate(batch))]
        files = []
        for k, pt in enumerate(batch):
            name = os.path.join(workdir, f"{b + k}.raw")
            files.append(name)
            args += ["-map", f"[o{k}]", "-f", "s16le" if pt.kind == "audio" else "rawvideo", input_arg(name)]
        run_ffmpeg(args, cancel=cancel, what="content check")
        for name in files:
            try:
                with open(name, "rb") as fh:
                    data = fh.read()
            except OSError:
                data = b""
            out.append(data or None)
    return out


def _grab_all(points: list[_Point], workdir: str, cancel: CancelToken) -> list[bytes | None]:
    values = _grab(points, workdir, cancel)
    missing = [i for i, v in enumerate(values) if v is None and points[i].start > 0]
    if missing:  # no keyframe after the seek point (e.g. MPEG-TS): decode those from the start
        again = _grab([points[i] for i in missing], workdir, cancel, seek=False)
        for i, v in zip(missing, again, strict=True):
            values[i] = v
    return values


def picture_difference(candidates: bytes, picture: bytes) -> float:
    """Mean absolute difference (0..255) of the thumbnail ``picture`` to the closest of the ``candidates``."""
    import numpy as np  # lazily: copy merges and the CLI's start-up do not need it

    size = THUMB * THUMB
    y = np.frombuffer(picture[:size], dtype=np.uint8).astype(np.int16)
    if y.size != size:
        return math.inf
    xs = np.frombuffer(candidates[: len(candidates) // size * size], dtype=np.uint8).astype(np.int16)
    return min((float(np.abs(x - y).mean()) for x in xs.reshape(-1, size)), default=math.inf)


def sound_level(pcm: bytes | None) -> float:
    """RMS level in dBFS of s16 mono samples (-inf for none or digital silence)."""
    import numpy as np  # lazily: copy merges and the CLI's start-up do not need it

    if not pcm:
        return -math.inf
    x = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64) / 32768.0
    rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
    return 20 * math.log10(rms) if rms > 0 else -math.inf


def check_content(result_path: str, places: list[Placement], cancel: CancelToken,
                  result_fps: float | None = None, *, sound_only: bool = False) -> dict[str, float]:
    """Raise VerifyError naming the clip whose first/last picture or sound is not where it belongs.

    ``sound_only``: compare the sound windows alone (a stream copy whose audio was re-encoded: its pictures are
    checked packet by packet). Returns the largest picture difference and the count of compared points."""
    pairs = [p for p in _pairs(result_path, places, result_fps) if not sound_only or p.source.kind == "audio"]
    if not pairs:
        return {"content_points": 0}
    with tempfile.TemporaryDirectory(prefix="mediacraft-check-") as work:
        sources = _grab_all([p.source for p in pairs], work, cancel)
        os.makedirs(os.path.join(work, "r"))
        results = _grab_all([p.result for p in pairs], os.path.join(work, "r"), cancel)
    problems, worst = [], 0.0
    for pair, src, res in zip(pairs, sources, results, strict=True):
        where = {"file": pair.clip.name, "what": pair.what, "at": round(pair.at, 3)}
        if pair.source.kind == "audio":
            lv_src, lv_res = sound_level(src), sound_level(res)
            if lv_src > SOUND_FLOOR_DB and lv_res < lv_src - SOUND_DROP_DB:
                problems.append({"param": "sound_missing", **where, "source_db": round(lv_src, 1),
                                 "result_db": None if lv_res == -math.inf else round(lv_res, 1)})
        elif src is not None:
            if res is None:
                problems.append({"param": "picture_missing", **where})
                continue
            diff = picture_difference(src, res)
            worst = max(worst, diff)
            if diff > PICTURE_TOLERANCE:
                problems.append({"param": "picture_differs", **where, "difference": round(diff, 1)})
    if problems:
        first = problems[0]
        raise VerifyError(f"the result does not show {first['file']} where it belongs: its {first['what']} "
                          f"{_words(first)} at {first['at']} s of the result",
                          details={"problems": problems[:20]})
    return {"content_points": len(pairs), "max_picture_difference": round(worst, 2)}


def _words(problem: dict) -> str:
    if problem["param"] == "sound_missing":
        return f"is silent (clip {problem['source_db']} dB, result {problem['result_db']} dB)"
    if problem["param"] == "picture_missing":
        return "is missing"
    return f"differs (mean difference {problem['difference']} of 255)"


@dataclass
class SourceAudit:
    """Each clip listed through the concat demuxer on its own (same packet conversions as the merge), demux only,
    into a packet listing per clip: as ffmpeg inputs and outputs that may join the merge's own run (``args``
    with ``first_input`` = the merge's input count) or run as a process of their own beside it (``run``)."""

    list_paths: list[str]
    crc_paths: list[str]
    stream_indexes: list[int]
    clip_paths: list[str] = field(default_factory=list)
    # Also decode this video stream's keyframes, read straight from each clip with the demuxer skipping the other
    # packets (through the concat demuxer every byte would be read and parsed again: ~1 CPU s per GB).
    keyframe_stream: int | None = None

    @classmethod
    def prepare(cls, listed_paths: list[str], stream_indexes: list[int], temp_prefix: str) -> SourceAudit:
        audit = cls([], [], stream_indexes, list(listed_paths))
        for k, path in enumerate(listed_paths):
            audit.crc_paths.append(f"{temp_prefix}.one{k}.crc")
            audit.list_paths.append(write_concat_list([path], f"{temp_prefix}.one{k}.txt"))
        return audit

    def input_args(self) -> list[str]:
        args: list[str] = []
        for name in self.list_paths:
            args += [*CONCAT_INPUT, "-i", input_arg(name)]
        if self.keyframe_stream is not None:
            for path in self.clip_paths:
                args += ["-discard:v", "nokey", "-skip_frame:v", "nokey", "-threads:v", "1", "-i", input_arg(path)]
        return args

    def output_args(self, first_input: int = 0) -> list[str]:
        args: list[str] = []
        for k, name in enumerate(self.crc_paths):
            for i in self.stream_indexes:
                args += ["-map", f"{first_input + k}:{i}"]
            args += ["-c", "copy", "-f", "framecrc", input_arg(name)]
        if self.keyframe_stream is not None:
            for k in range(len(self.clip_paths)):
                args += ["-map", f"{first_input + len(self.list_paths) + k}:{self.keyframe_stream}"]
            args += ["-f", "null", "-"]
        return args

    def run(self, cancel: CancelToken, on_stderr_line: Callable[[str], None] | None = None) -> list[Audit]:
        """A process of its own; ``on_stderr_line`` gets its log lines (errors tagged ``[error]``)."""
        run_ffmpeg(["-loglevel", "level+error", "-y", *self.input_args(), *self.output_args()], cancel=cancel,
                   what="content check", on_stderr_line=on_stderr_line)
        return self.read()

    def read(self) -> list[Audit]:
        sources = []
        for name in self.crc_paths:
            with open(name, encoding="utf-8", errors="replace") as fh:
                sources.append(parse_framecrc(fh))
        return sources

    def remove_files(self) -> None:
        for name in [*self.list_paths, *self.crc_paths]:
            with contextlib.suppress(OSError):
                os.unlink(name)


def compare_copy_packets(clips: list[Clip], audit: Audit, sources: list[Audit], stream_indexes: list[int],
                         tolerance: float) -> dict[str, float]:
    """Stream copy: every packet of every clip, unchanged and in order, at the clip's place.

    The result's packet checksums (``audit``) must be exactly each clip's (``sources``, in clip order) at that
    clip's position, and each clip's earliest packet must sit at the sum of the earlier clips' lengths."""
    out_streams = [audit.streams.get(i) for i in range(len(stream_indexes))]
    problems: list[dict] = []
    packets = 0
    for i, out in enumerate(out_streams):
        if out is None:
            continue
        pos, offset = 0, 0.0
        for clip, src_audit in zip(clips, sources, strict=True):
            src = src_audit.streams.get(i)
            n = src.packets if src else 0
            kind = out.media_type or "stream"
            if src is not None and n:
                mine = out.crcs[pos:pos + n]
                if mine != src.crcs:
                    bad = next((j for j, (a, b) in enumerate(zip(mine, src.crcs, strict=False))
                                if a != b), min(len(mine), n))
                    problems.append({"param": f"{kind}_packets_differ", "file": clip.name, "packet": bad,
                                     "what": f"{kind} packet {bad + 1} of {n}"})
                    break
                first_out = min(out.pts[pos:pos + n]) * out.time_base
                first_src = min(src.pts) * src.time_base  # the concat demuxer shifted both alike
                if abs(float(first_out - first_src) - offset) > tolerance:
                    problems.append({"param": f"{kind}_misplaced", "file": clip.name,
                                     "expected": round(offset + float(first_src), 3),
                                     "actual": round(float(first_out), 3), "what": f"{kind} start"})
                    break
            pos += n
            packets += n
            offset += clip.duration
        if pos != out.packets and not problems:
            problems.append({"param": f"{out.media_type}_packets_differ", "file": clips[-1].name,
                             "what": f"{out.packets - pos} extra {out.media_type} packets"})
    if problems:
        first = problems[0]
        raise VerifyError(f"the result does not hold {first['file']} unchanged where it belongs: {first['what']}",
                          details={"problems": problems[:20]})
    return {"content_points": packets}

