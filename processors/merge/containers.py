"""Cheap container structure checks that read only box/element headers (no ffmpeg process).

* ``truncation(path)``: an MP4/MOV or Matroska file whose top-level structure claims more bytes than
  the file has (cut-off downloads, copies interrupted mid-way). ffprobe happily reports the full
  duration of such files and the concat demuxer then silently drops their tail.
* ``mp4_layout(path)``: track handlers and durations from ``moov`` (used to check a result just written).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field

_MP4_TOP = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"moof", b"mfra", b"meta", b"pdin",
            b"sidx", b"styp", b"prft", b"emsg", b"pnot", b"PICT"}
_EBML = 0x1A45DFA3
_SEGMENT = 0x18538067


@dataclass
class Truncated:
    declared_bytes: int
    actual_bytes: int
    container: str


@dataclass
class Mp4Track:
    handler: str  # "vide", "soun", ...
    timescale: int
    duration: float | None


@dataclass
class Mp4Layout:
    complete: bool
    has_moov: bool
    movie_duration: float | None = None
    tracks: list[Mp4Track] = field(default_factory=list)


def _iter_boxes(fh, start: int, end: int):
    """Yield (type, payload_start, box_end) for boxes in [start, end); box_end may exceed ``end``."""
    pos = start
    while pos + 8 <= end:
        fh.seek(pos)
        head = fh.read(16)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head[:8])
        hdr = 8
        if size == 1:
            if len(head) < 16:
                return
            size = struct.unpack(">Q", head[8:16])[0]
            hdr = 16
        elif size == 0:
            size = end - pos
        if size < hdr:
            yield kind, pos + hdr, -1  # corrupt
            return
        yield kind, pos + hdr, pos + size
        pos += size


def _is_mp4(head: bytes) -> bool:
    return len(head) >= 8 and head[4:8] in _MP4_TOP


def truncation(path: str) -> Truncated | None:
    """Return a ``Truncated`` if the file's own structure says bytes are missing, else None."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(16)
            if _is_mp4(head):
                last_end = 0
                for _kind, _payload, box_end in _iter_boxes(fh, 0, size):
                    if box_end < 0:
                        return Truncated(size + 1, size, "mp4")
                    last_end = box_end
                if last_end > size:
                    return Truncated(last_end, size, "mp4")
                return None
            if len(head) >= 4 and struct.unpack(">I", head[:4])[0] == _EBML:
                return _mkv_truncation(fh, size)
    except OSError:
        return None
    return None


def _read_vint(fh, keep_marker: bool) -> tuple[int, int] | None:
    first = fh.read(1)
    if not first:
        return None
    b0 = first[0]
    length = 1
    mask = 0x80
    while length <= 8 and not b0 & mask:
        mask >>= 1
        length += 1
    if length > 8:
        return None
    rest = fh.read(length - 1)
    if len(rest) != length - 1:
        return None
    value = b0 if keep_marker else b0 & (mask - 1)
    for b in rest:
        value = (value << 8) | b
    return value, length


def _mkv_truncation(fh, size: int) -> Truncated | None:
    fh.seek(0)
    pos = 0
    while pos < size:
        fh.seek(pos)
        ident = _read_vint(fh, keep_marker=True)
        dsize = _read_vint(fh, keep_marker=False)
        if ident is None or dsize is None:
            return None
        value, vlen = dsize
        data_start = pos + ident[1] + vlen
        unknown = value == (1 << (7 * vlen)) - 1
        if ident[0] == _SEGMENT:
            if unknown:
                return None  # live-style file without a size: nothing to compare
            end = data_start + value
            return Truncated(end, size, "matroska") if end > size else None
        if unknown:
            return None
        pos = data_start + value
    return None


def mp4_layout(path: str) -> Mp4Layout | None:
    """Tracks and durations of an MP4/MOV file (None if the file is not ISO-BMFF)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            if not _is_mp4(fh.read(16)):
                return None
            layout = Mp4Layout(complete=True, has_moov=False)
            for kind, payload, box_end in _iter_boxes(fh, 0, size):
                if box_end < 0 or box_end > size:
                    layout.complete = False
                    break
                if kind == b"moov":
                    layout.has_moov = True
                    _read_moov(fh, payload, box_end, layout)
            return layout
    except (OSError, struct.error):
        return Mp4Layout(complete=False, has_moov=False)


def _full_box_duration(fh, payload: int) -> tuple[int, int]:
    """(timescale, duration) of an mvhd/mdhd box."""
    fh.seek(payload)
    version = fh.read(4)[0]
    if version == 1:
        _ctime, _mtime, scale, dur = struct.unpack(">QQIQ", fh.read(28))
    else:
        _ctime, _mtime, scale, dur = struct.unpack(">IIII", fh.read(16))
    return scale, dur


def _read_moov(fh, start: int, end: int, layout: Mp4Layout) -> None:
    for kind, payload, box_end in list(_iter_boxes(fh, start, end)):
        if box_end < 0 or box_end > end:
            layout.complete = False
            return
        if kind == b"mvhd":
            scale, dur = _full_box_duration(fh, payload)
            layout.movie_duration = dur / scale if scale else None
        elif kind == b"trak":
            layout.tracks.append(_read_trak(fh, payload, box_end))


def _read_trak(fh, start: int, end: int) -> Mp4Track:
    track = Mp4Track(handler="", timescale=0, duration=None)
    for kind, payload, box_end in list(_iter_boxes(fh, start, end)):
        if kind != b"mdia" or box_end < 0:
            continue
        for sub, sub_payload, _sub_end in list(_iter_boxes(fh, payload, box_end)):
            if sub == b"mdhd":
                scale, dur = _full_box_duration(fh, sub_payload)
                track.timescale = scale
                track.duration = dur / scale if scale else None
            elif sub == b"hdlr":
                fh.seek(sub_payload + 8)
                track.handler = fh.read(4).decode("latin-1")
    return track
