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


STANDARD_SIZES = {"720p": (1280, 720), "1080p": (1920, 1080), "2160p": (3840, 2160)}
SIZE_CHOICES = ("common", "first", "largest", *STANDARD_SIZES)


@dataclass(frozen=True)
class OutputSettings:
    """The merge workspace's output settings; ``None``/"auto"/"common" leave the choice to the processor."""

    size: str = "common"  # common (most common clip size) | first | largest | 720p | 1080p | 2160p
    fps: str | None = None  # e.g. "30" or "30000/1001"; None: the highest clip rate as a standard rate
    orientation: str = "auto"  # auto | landscape | portrait
    sample_rate: int | None = None

    def config(self) -> dict[str, Any]:
        """The task config keys (``target``, ``audio``) for these settings."""
        target: dict[str, Any] = {}
        if self.size in STANDARD_SIZES:
            target["width"], target["height"] = STANDARD_SIZES[self.size]
        elif self.size != "common":
            target["size"] = self.size
        if self.orientation != "auto":
            target["orientation"] = self.orientation
        if self.fps:
            target["fps"] = self.fps
        out: dict[str, Any] = {"target": target} if target else {}
        if self.sample_rate:
            out["audio"] = {"sample_rate": self.sample_rate}
        return out


def _display_size(video: dict[str, Any]) -> tuple[int, int]:
    w, h = int(video.get("width") or 0), int(video.get("height") or 0)
    return (h, w) if video.get("rotation") in (90, 270, -90) else (w, h)


def _rate(text: str) -> float:
    num, _, den = str(text).partition("/")
    try:
        return float(num) / float(den or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0


def chosen_size(summaries: list[dict[str, Any]], settings: OutputSettings) -> tuple[int, int] | None:
    """The output size these settings give (orientation applied), estimated from the probe summaries."""
    sizes = [_display_size(v) for s in summaries if (v := _video(s)) is not None]
    if not sizes:
        return None
    if settings.size in STANDARD_SIZES:
        w, h = STANDARD_SIZES[settings.size]
    elif settings.size == "first":
        w, h = sizes[0]
    elif settings.size == "largest":
        w, h = max(sizes, key=lambda s: (s[0] * s[1], s[0]))
    else:
        w, h = max(set(sizes), key=lambda s: (sizes.count(s), s[0] * s[1]))
    if settings.orientation == "landscape" and h > w or settings.orientation == "portrait" and w > h:
        w, h = h, w
    return w, h


def settings_mismatches(clips: list[tuple[str, dict[str, Any]]], settings: OutputSettings) -> list[Mismatch]:
    """How the chosen output settings differ from what a stream copy keeps (the first clip's size, frame rate and
    sample rate): each of these forces a re-encode. Empty when nothing was chosen or the choice matches."""
    if not clips:
        return []
    name, first = clips[0]
    found: list[Mismatch] = []
    v0, a0 = _video(first), _audio(first)
    size = chosen_size([s for _n, s in clips], settings)
    if v0 is not None and size is not None and (settings.size != "common" or settings.orientation != "auto"):
        w0, h0 = _display_size(v0)
        if (w0, h0) != size:
            found.append(Mismatch(name, "output.size", f"{size[0]}×{size[1]}", f"{w0}×{h0}"))
    if v0 is not None and settings.fps and abs(_rate(settings.fps) - float(v0.get("fps") or 0.0)) > 0.01:
        found.append(Mismatch(name, "output.fps", f"{_rate(settings.fps):g}", _fps_text(v0)))
    if a0 is not None and settings.sample_rate and settings.sample_rate != a0.get("sample_rate"):
        found.append(Mismatch(name, "output.sample_rate", str(settings.sample_rate), str(a0.get("sample_rate"))))
    return found
