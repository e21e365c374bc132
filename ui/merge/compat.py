"""Can these clips be joined by stream copy? A UI-side estimate from probe summaries.

The merge processor makes the authoritative decision when it runs; this only explains in advance,
from the summary fields every probe fills, which clip differs from the first and in what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# (field name shown to the user, getter) — compared between each clip and the first one, in this order
_VIDEO_FIELDS = ("codec", "profile", "width", "height", "pix_fmt", "sar", "r_frame_rate", "rotation",
                 "time_base")
_AUDIO_FIELDS = ("codec", "sample_rate", "channels", "sample_fmt")


@dataclass(frozen=True)
class Mismatch:
    clip: str  # file name of the clip that differs from the first
    field: str  # e.g. "video.fps", "audio.missing", "video.extradata"
    value: str
    first_value: str


@dataclass
class Compatibility:
    verdict: str  # "copy", "reencode", "pending" (probes not done), "unreadable", "too_few"
    mismatches: list[Mismatch] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def _video(summary: dict[str, Any]) -> dict[str, Any] | None:
    return next((v for v in summary.get("video") or [] if not v.get("attached_pic")), None)


def _audio(summary: dict[str, Any]) -> dict[str, Any] | None:
    audio = summary.get("audio") or []
    return audio[0] if audio else None


def _fps_text(stream: dict[str, Any]) -> str:
    fps = stream.get("fps") or 0.0
    return f"{fps:.3f}".rstrip("0").rstrip(".") if fps else str(stream.get("r_frame_rate"))


def _compare(name: str, clip: dict[str, Any], first: dict[str, Any]) -> Mismatch | None:
    """The first way ``clip`` differs from ``first`` for stream copy, or None."""
    v, v0 = _video(clip), _video(first)
    if (v is None) != (v0 is None):
        return Mismatch(name, "video.missing", "no" if v is None else "yes", "no" if v0 is None else "yes")
    if v is not None and v0 is not None:
        for key in _VIDEO_FIELDS:
            a, b = v.get(key), v0.get(key)
            if a is None or b is None or a == b:
                continue
            if key == "r_frame_rate":
                return Mismatch(name, "video.fps", _fps_text(v), _fps_text(v0))
            if key in ("width", "height"):
                return Mismatch(name, "video.size", f"{v.get('width')}×{v.get('height')}",
                                f"{v0.get('width')}×{v0.get('height')}")
            return Mismatch(name, f"video.{key}", str(a), str(b))
        ha, hb = v.get("extradata_hash"), v0.get("extradata_hash")
        if ha and hb and ha != hb:
            return Mismatch(name, "video.extradata", ha[:8], hb[:8])
    a, a0 = _audio(clip), _audio(first)
    if (a is None) != (a0 is None):
        return Mismatch(name, "audio.missing", "no" if a is None else "yes", "no" if a0 is None else "yes")
    if a is not None and a0 is not None:
        for key in _AUDIO_FIELDS:
            x, y = a.get(key), a0.get(key)
            if x is not None and y is not None and x != y:
                return Mismatch(name, f"audio.{key}", str(x), str(y))
    return None


def check_compatibility(clips: list[tuple[str, dict[str, Any] | None, bool]]) -> Compatibility:
    """``clips``: (file name, probe summary or None, probe failed). Compares every clip with the first."""
    if len(clips) < 2:
        return Compatibility("too_few")
    unreadable = [name for name, _summary, failed in clips if failed]
    if unreadable:
        return Compatibility("unreadable", unreadable=unreadable)
    if any(summary is None for _name, summary, _failed in clips):
        return Compatibility("pending")
    first = clips[0][1] or {}
    mismatches = [m for name, summary, _f in clips[1:] if (m := _compare(name, summary or {}, first))]
    return Compatibility("reencode" if mismatches else "copy", mismatches)
