"""Check a merge result before it may replace the final path (the concat demuxer exits 0 on broken output).

Checks: the stream set is what was planned, every stream and the container last the sum of the clips
within a frame or two, no timestamp holes (mapped back to the clip that lost data), no error lines from
ffmpeg, a complete file on disk, and optionally a full decode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from processors.contract import CancelToken, VerifyError
from processors.merge.audit import Audit
from processors.merge.compat import Clip
from processors.merge.containers import mp4_layout
from processors.outputs import decode_check
from processors.probe import probe

_HANDLERS = {"vide": "video", "soun": "audio"}


@dataclass
class Expectation:
    video: int  # number of video streams
    audio: int
    duration: float
    tolerance: float
    clips: list[Clip] = field(default_factory=list)

    def clip_at(self, t: float) -> Clip | None:
        pos = 0.0
        for clip in self.clips:
            pos += clip.duration
            if t < pos - 1e-6:
                return clip
        return self.clips[-1] if self.clips else None


def tolerance_for(fps: float | None) -> float:
    """A frame or two: two frame durations plus an AAC frame for audio rounding."""
    frame = 1.0 / fps if fps and fps > 0 else 0.04
    return 2 * frame + 0.025


def _fail(message: str, problems: list[dict[str, Any]], log_lines: list[str] | None = None) -> VerifyError:
    return VerifyError(message, log_lines=log_lines or [], details={"problems": problems})


def check_error_lines(error_lines: list[str]) -> None:
    """ffmpeg logged errors while merging (decode or demux errors): the result cannot be trusted."""
    if error_lines:
        raise _fail(f"ffmpeg reported errors while merging: {error_lines[0]}",
                    [{"param": "ffmpeg_errors", "count": len(error_lines)}], error_lines[-20:])


def check_audit(audit: Audit, exp: Expectation) -> dict[str, Any]:
    """Stream set, per-stream durations and holes from the packet audit; returns measured durations."""
    problems: list[dict[str, Any]] = []
    videos, audios = audit.of_type("video"), audit.of_type("audio")
    if len(videos) != exp.video or len(audios) != exp.audio:
        problems.append({"param": "streams", "expected": f"{exp.video} video + {exp.audio} audio",
                         "actual": f"{len(videos)} video + {len(audios)} audio"})
    measured = {}
    for s in [*videos, *audios]:
        measured[f"{s.media_type}_{s.index}"] = round(s.duration, 3)
        if abs(s.duration - exp.duration) > exp.tolerance:
            problems.append({"param": f"{s.media_type}_duration", "stream": s.index,
                             "expected": round(exp.duration, 3), "actual": round(s.duration, 3)})
        for at, missing in s.gaps:
            clip = exp.clip_at(at)
            problems.append({"param": f"{s.media_type}_gap", "stream": s.index, "at": at, "missing_s": missing,
                             "file": clip.name if clip else None})
    if problems:
        raise _fail("the merged streams are not what the clips add up to: " + _summary(problems), problems)
    return measured


def check_file(path: str, exp: Expectation) -> dict[str, Any]:
    """The written file: complete structure, planned tracks, container duration."""
    layout = mp4_layout(path)
    problems: list[dict[str, Any]] = []
    if layout is not None:
        if not layout.complete or not layout.has_moov:
            raise _fail("the merged file is incomplete (no index written)", [{"param": "container"}])
        kinds = [_HANDLERS.get(t.handler, t.handler) for t in layout.tracks]
        nv, na = kinds.count("video"), kinds.count("audio")
        duration = layout.movie_duration
        stream_durations = [t.duration for t in layout.tracks if t.handler in _HANDLERS]
    else:
        info = probe(path)
        nv, na = len([v for v in info.video if not v.attached_pic]), len(info.audio)
        duration = info.duration
        stream_durations = [s.duration for s in [*info.video, *info.audio]]
    if (nv, na) != (exp.video, exp.audio):
        problems.append({"param": "streams", "expected": f"{exp.video} video + {exp.audio} audio",
                         "actual": f"{nv} video + {na} audio"})
    if duration is None or abs(duration - exp.duration) > exp.tolerance:
        problems.append({"param": "duration", "expected": round(exp.duration, 3),
                         "actual": None if duration is None else round(duration, 3)})
    for d in stream_durations:
        if d is not None and abs(d - exp.duration) > exp.tolerance:
            problems.append({"param": "stream_duration", "expected": round(exp.duration, 3), "actual": round(d, 3)})
    if problems:
        raise _fail("the merged file does not match the clips: " + _summary(problems), problems)
    return {"duration": duration, "video_streams": nv, "audio_streams": na}


def full_decode(path: str, cancel: CancelToken, on_progress: Callable[[float], None] | None, total: float) -> None:
    decode_check(path, cancel=cancel, on_progress=on_progress, total_seconds=total)


def decode_result(path: str, level: str, cancel: CancelToken, on_progress: Callable[[float], None] | None,
                  total: float) -> None:
    """``full``: decode everything; ``fast``: video keyframes (every clip start and GOP head) and all audio."""
    decode_check(path, cancel=cancel, on_progress=on_progress, total_seconds=total, keyframes_only=level != "full")


def _summary(problems: list[dict[str, Any]]) -> str:
    parts = []
    for p in problems[:4]:
        if p["param"].endswith("_gap"):
            parts.append(f"{p['param']} of {p['missing_s']} s at {p['at']} s" + (f" ({p['file']})" if p.get("file")
                                                                                 else ""))
        else:
            parts.append(f"{p['param']} expected {p.get('expected')} got {p.get('actual')}")
    return "; ".join(parts)
