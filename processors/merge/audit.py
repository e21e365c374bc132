"""Packet audit of a merge: parse the ``framecrc`` listing written by the same ffmpeg run.

The concat demuxer exits 0 on broken output, so every packet it handed to the muxer is listed
(stream, dts, pts, duration) at no measurable cost and checked here: which streams exist, how long each
one runs and where the timestamps jump (a dropped or truncated clip leaves a hole).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass
class StreamAudit:
    index: int
    media_type: str = ""
    codec: str = ""
    time_base: Fraction = Fraction(1, 1)
    packets: int = 0
    first_pts: int | None = None  # in time-base ticks
    last_end: int | None = None  # largest pts + duration, ticks
    gaps: list[tuple[float, float]] = field(default_factory=list)  # (at seconds, missing seconds)
    crcs: array = field(default_factory=lambda: array("L"))  # packet data checksums, in file order
    pts: array = field(default_factory=lambda: array("q"))  # packet pts (ticks), in file order
    _next_dts: int | None = None

    @property
    def start(self) -> float | None:
        return None if self.first_pts is None else float(self.first_pts * self.time_base)

    @property
    def end(self) -> float | None:
        return None if self.last_end is None else float(self.last_end * self.time_base)

    @property
    def duration(self) -> float:
        if self.first_pts is None or self.last_end is None:
            return 0.0
        return float((self.last_end - self.first_pts) * self.time_base)


@dataclass
class Audit:
    streams: dict[int, StreamAudit] = field(default_factory=dict)

    def of_type(self, media_type: str) -> list[StreamAudit]:
        return [s for _i, s in sorted(self.streams.items()) if s.media_type == media_type]


def parse_framecrc(lines: str | Iterable[str], gap_tolerance_s: float = 0.25) -> Audit:
    """Parse framecrc output (text or an iterable of lines, e.g. an open file); record timestamp holes
    larger than ``gap_tolerance_s``. Integer tick arithmetic: hours of packets parse in well under a second."""
    audit = Audit()
    limits: dict[int, int] = {}

    def stream(i: int) -> StreamAudit:
        if i not in audit.streams:
            audit.streams[i] = StreamAudit(index=i)
        return audit.streams[i]

    if isinstance(lines, str):
        lines = lines.splitlines()
    for line in lines:
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            parts = key.split()
            if len(parts) != 2 or not parts[1].isdigit():
                continue
            s = stream(int(parts[1]))
            value = value.strip()
            if parts[0] == "tb":
                num, _, den = value.partition("/")
                try:
                    s.time_base = Fraction(int(num), int(den))
                except (ValueError, ZeroDivisionError):
                    pass
            elif parts[0] == "media_type":
                s.media_type = value
            elif parts[0] == "codec_id":
                s.codec = value
            continue
        fields_ = line.split(",", 6)
        if len(fields_) < 6:
            continue
        try:
            idx, dts, pts, dur = int(fields_[0]), int(fields_[1]), int(fields_[2]), int(fields_[3])
        except ValueError:
            continue
        s = audit.streams.get(idx) or stream(idx)
        if idx not in limits:
            limits[idx] = max(1, int(gap_tolerance_s / s.time_base))
        dur = max(dur, 0)
        s.packets += 1
        try:
            s.crcs.append(int(fields_[5], 16))
        except ValueError:
            s.crcs.append(0)
        s.pts.append(pts)
        if s.first_pts is None or pts < s.first_pts:
            s.first_pts = pts
        if s.last_end is None or pts + dur > s.last_end:
            s.last_end = pts + dur
        if s._next_dts is not None and dts - s._next_dts > limits[idx]:
            at, hole = s._next_dts * s.time_base, (dts - s._next_dts) * s.time_base
            s.gaps.append((round(float(at), 3), round(float(hole), 3)))
        s._next_dts = dts + dur
    return audit
