"""Bookkeeping for a segmented (resumable) removal: segment length, plan key, finished segments, join list.

A long removal encodes its video in independent segments (each its own encoder run: closed GOP,
starting with an IDR frame) in a work folder beside the output (``processors.workdir``). A segment
starts at a frame index (a multiple of ``frames_per_segment``, or the next frame after it that follows
a NUT syncpoint) and is described by one record::

    {"index": k, "path": ".../seg_00003.nut", "size": bytes, "frames": n, "first_frame": i,
     "start_pts": pts of its first frame, "end_pts": pts of the next segment's first frame (None: last)}

in source time-base ticks. Finished segments are fsync'ed, renamed into place and described twice:
in ``checkpoint["segments"]`` (persisted by the engine) and in a ``seg_NNNNN.json`` sidecar beside
the file, so a segment finished just before a crash, whose checkpoint write was still pending, is
still reused. On resume every record is checked (size, packet count) and the run continues after the
longest intact chain. Segments are NUT files that keep the source's time base and timestamps.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from typing import Any

from processors.probe import count_frames
from processors.watermark.nut import FILE_ID, NutFormatError

log = logging.getLogger(__name__)

DEFAULT_SEGMENT_S = 30.0  # an encoder restart costs lookahead warm-up and a drain: keep segments long
SEGMENT_ENV = "MEDIACRAFT_SEGMENT_S"
MIN_SEGMENTS = 2  # fewer would only add the join pass: run the single-pass pipeline instead
PLAN_VERSION = 1
# config keys that only matter for the final mux, not for the encoded segments
_MUX_ONLY_KEYS = {"container", "output_target", "segment_s", "audio_codec"}


def segment_seconds(config: dict[str, Any]) -> float:
    """Segment length: the ``segment_s`` config key, else ``MEDIACRAFT_SEGMENT_S``, else the default."""
    for value in (config.get("segment_s"), os.environ.get(SEGMENT_ENV)):
        try:
            seconds = float(value) if value not in (None, "") else 0.0
        except (TypeError, ValueError):
            continue
        if seconds > 0:
            return seconds
    return DEFAULT_SEGMENT_S


def frames_per_segment(config: dict[str, Any], fps: float) -> int:
    return max(1, int(round(segment_seconds(config) * (fps if fps > 0 else 25.0))))


def use_segments(total_frames: int | None, per_segment: int) -> bool:
    """Short inputs (or unknown length) keep the single-pass pipeline."""
    return total_frames is not None and total_frames >= MIN_SEGMENTS * per_segment


def plan_key(src: str, size: int | None, config: dict[str, Any], per_segment: int, encode: list[str]) -> str:
    """Identifies reusable segments: same input, fill/encoder settings and segment length -> same key."""
    relevant = {k: v for k, v in config.items() if k not in _MUX_ONLY_KEYS}
    data = {"src": src, "size": size, "config": relevant, "per_segment": per_segment, "encode": encode,
            "v": PLAN_VERSION}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def segment_path(work: str, index: int) -> str:
    return os.path.join(work, f"seg_{index:05d}.nut")


def part_path(work: str, index: int) -> str:
    return os.path.join(work, f".seg_{index:05d}.part.nut")


def _sidecar(path: str) -> str:
    return os.path.splitext(path)[0] + ".json"


def fsync_path(path: str, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_segment(part: str, record: dict[str, Any]) -> dict[str, Any]:
    """Make a finished segment durable: fsync, rename into place, sidecar record; returns the record."""
    final = record["path"]
    fsync_path(part)
    os.replace(part, final)
    record = {**record, "size": os.path.getsize(final)}
    side = _sidecar(final)
    tmp = side + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, side)
    with contextlib.suppress(OSError):
        fsync_path(os.path.dirname(final), directory=True)
    return record


def _records(checkpoint: dict[str, Any], work: str) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    try:
        names = sorted(os.listdir(work))
    except OSError:
        names = []
    for name in names:
        if name.startswith("seg_") and name.endswith(".json"):
            try:
                with open(os.path.join(work, name), encoding="utf-8") as fh:
                    rec = json.load(fh)
                found[int(rec["index"])] = rec
            except (OSError, ValueError, KeyError, TypeError):
                continue
    for rec in checkpoint.get("segments") or []:
        if isinstance(rec, dict) and isinstance(rec.get("index"), int):
            found.setdefault(rec["index"], rec)
    return found


def _intact(rec: dict[str, Any], work: str, first_frame: int, start_pts: int | None) -> bool:
    try:
        path = rec["path"]
        if os.path.dirname(os.path.abspath(path)) != os.path.abspath(work) or os.path.getsize(path) != rec["size"]:
            return False
        if rec["first_frame"] != first_frame or (start_pts is not None and rec["start_pts"] != start_pts):
            return False
        if rec.get("end_pts") is None:  # the last segment is only recorded when the run is about to join
            return False
    except (OSError, KeyError, TypeError):
        return False
    return count_frames(path) == rec["frames"]


def resume_point(checkpoint: dict[str, Any], work: str) -> list[dict[str, Any]]:
    """The longest chain of intact finished segments from segment 0; anything after it is deleted."""
    records = _records(checkpoint, work)
    chain: list[dict[str, Any]] = []
    first_frame, start_pts = 0, None
    while len(chain) in records and _intact(records[len(chain)], work, first_frame, start_pts):
        rec = records[len(chain)]
        chain.append(rec)
        first_frame, start_pts = rec["first_frame"] + rec["frames"], rec["end_pts"]
    for index in records:
        if index >= len(chain):
            log.info("segment %d of %s is incomplete or damaged: it will be encoded again", index, work)
            for path in (segment_path(work, index), _sidecar(segment_path(work, index))):
                with contextlib.suppress(OSError):
                    os.unlink(path)
    checkpoint["segments"] = chain
    return chain


def joined_stream(records: list[dict[str, Any]], chunk: int = 1 << 20) -> Iterator[bytes]:
    """The segments as one NUT stream: their bytes in order, without the file id of all but the first.

    A NUT demuxer skips repeated main/stream headers and trailing index packets, and every segment
    kept the source's timestamps, so the joined stream carries the source's timeline unchanged (no
    per-file start-time guessing as the concat demuxer would need, which fails on short B-frame files).
    """
    for k, rec in enumerate(records):
        with open(rec["path"], "rb") as fh:
            head = fh.read(len(FILE_ID))
            if head != FILE_ID:
                raise NutFormatError(f"segment {k + 1} is not a NUT file")
            if k == 0:
                yield head
            while data := fh.read(chunk):
                yield data
