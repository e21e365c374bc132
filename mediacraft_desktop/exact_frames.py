"""Fast exact frames for scrubbing, and the keyframe pictures shown while the slider moves (no Qt).

* ``KeyframeCache``: the keyframes of one file (frame indices, from the background keyframe scan) and a
  small picture of each, within a memory budget (past it, every other picture is dropped and only every
  other later keyframe is kept, so the pictures stay spread over the whole file). ``nearest(index)`` answers
  at once on any thread.
* ``ExactFrames``: frame ``i`` through the file's ``FrameReader`` (OpenCV, in-process: no process to start
  per seek), kept positioned. A target after the reader's position is reached by reading on in hops of
  ``HOP`` frames whenever that costs no more than the reader's seek (which decodes from the keyframe before
  ``target - 16``; the keyframe index tells where that is), and ``should_stop()`` is asked between hops: a
  newer target makes ``read`` return None with the reader where it got, so a drag that keeps moving forward
  never pays for a seek and the newest target is always the one being decoded.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable

import numpy as np

HOP = 6  # frames read on per step before asking whether a newer target came
SEEK_LEAD = 16  # OpenCV seeks to the keyframe before ``target - 16`` and decodes from there
KEYFRAME_BUDGET = 48 * 1024 * 1024  # bytes of keyframe pictures per file
KEYFRAME_SIDE = 480  # longest side of a keyframe picture


class KeyframeCache:
    """Keyframe indices and their pictures; thread-safe, see the module docstring."""

    def __init__(self, budget_bytes: int = KEYFRAME_BUDGET) -> None:
        self._lock = threading.Lock()
        self._keys: list[int] = []
        self._pictures: dict[int, np.ndarray] = {}
        self._bytes = 0
        self._budget = budget_bytes
        self._stride = 1
        self._seen = 0
        self.complete = False

    def add(self, index: int, picture: np.ndarray) -> None:
        with self._lock:
            if self._keys and index <= self._keys[-1]:
                return  # a repeated timestamp: keep the first
            self._keys.append(index)
            self._seen += 1
            if (self._seen - 1) % self._stride:
                return
            self._pictures[index] = picture
            self._bytes += picture.nbytes
            if self._bytes > self._budget and len(self._pictures) > 1:
                kept = sorted(self._pictures)
                for drop in kept[1::2]:
                    self._bytes -= self._pictures.pop(drop).nbytes
                self._stride *= 2

    def keys(self) -> list[int]:
        with self._lock:
            return list(self._keys)

    def key_at_or_before(self, index: int) -> int | None:
        """The last keyframe at or before ``index`` once the scan is complete (else None: not known)."""
        with self._lock:
            if not self.complete or not self._keys:
                return None
            i = bisect.bisect_right(self._keys, index) - 1
            return self._keys[i] if i >= 0 else self._keys[0]

    def nearest(self, index: int) -> tuple[int, np.ndarray] | None:
        """The keyframe picture nearest to frame ``index`` (by frame distance), or None if none is known yet."""
        with self._lock:
            if not self._pictures:
                return None
            keys = list(self._pictures)  # added in increasing order, dropped in place: sorted
            i = bisect.bisect_left(keys, index)
            best = min(keys[max(0, i - 1):i + 1], key=lambda k: abs(k - index))
            return best, self._pictures[best]

    @property
    def picture_bytes(self) -> int:
        with self._lock:
            return self._bytes


class ExactFrames:
    """Exact frames through a frame reader, kept positioned; one thread only (the frame session's)."""

    def __init__(self, read: Callable[[int], np.ndarray], keyframes: KeyframeCache) -> None:
        self._read = read
        self._keyframes = keyframes
        self._pos: int | None = None  # the frame the reader decoded last
        self.jumps = 0  # targets left to the reader's own seek
        self.read_on = 0  # targets reached by reading on in hops

    @property
    def position(self) -> int | None:
        return self._pos

    def read(self, index: int, should_stop: Callable[[], bool] = lambda: False,
             remember: Callable[[int, np.ndarray], None] | None = None) -> np.ndarray | None:
        """Frame ``index``; None if ``should_stop()`` said so between hops (the reader stays where it got)."""
        pos = self._pos
        hop = pos is not None and pos < index - HOP and self._reading_on_is_cheaper(pos, index)
        if hop:
            self.read_on += 1
        elif pos is None or not pos < index <= pos + HOP:
            self.jumps += 1
            key = self._keyframes.key_at_or_before(index)
            if key is not None and index - key > SEEK_LEAD + HOP:
                # the seek lands on ``key`` either way: stop it SEEK_LEAD frames on, then hop, so that a newer
                # target can take over on the way and the reader is already in this GOP for the next one
                pos, hop = key + SEEK_LEAD, True
                frame = self._read(pos)
                self._pos = pos
                if remember is not None:
                    remember(pos, frame)
                if should_stop():
                    return None
        if hop:
            assert pos is not None
            while index - pos > HOP:
                pos += HOP
                frame = self._read(pos)
                self._pos = pos
                if remember is not None:
                    remember(pos, frame)
                if should_stop():
                    return None
        frame = self._read(index)
        self._pos = index
        return frame

    def needs_seek(self, index: int) -> bool:
        """True if frame ``index`` is not reached by reading on (the reader will seek)."""
        pos = self._pos
        if pos is None or index <= pos:
            return True
        return index - pos > HOP and not self._reading_on_is_cheaper(pos, index)

    def _reading_on_is_cheaper(self, pos: int, index: int) -> bool:
        """A seek decodes from the keyframe at or before ``index - SEEK_LEAD``: reading on from ``pos`` costs
        no more when ``pos`` is at or after that keyframe."""
        landing = self._keyframes.key_at_or_before(max(0, index - SEEK_LEAD))
        return landing is not None and pos >= landing

    def close(self) -> None:
        self._pos = None
