"""Fast exact frames for scrubbing, and the keyframe pictures shown while the slider moves (no Qt).

* ``KeyframeCache``: the keyframes of one file (frame indices, from the background keyframe scan) and a
  small picture of each, within a memory budget (past it, every other picture is dropped and only every
  other later keyframe is kept, so the pictures stay spread over the whole file). ``nearest(index)`` answers
  at once on any thread.
* ``ExactFrames``: frame ``i`` decoded exactly by a positioned ffmpeg decoder (``FrameStream``). A target
  just ahead of the decoder, or anywhere after it in the same GOP, is reached by reading on (no seek); else
  the decoder restarts with an accurate ``-ss`` seek at the target (ffmpeg decodes from the keyframe and
  drops what comes before without converting it). While reading on, ``should_stop()`` is asked before
  every frame: a newer target makes ``read`` return None with the decoder still positioned, so a scrub
  that keeps moving forward never restarts the decoder.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from mediacraft_desktop.frame_pipes import FrameStream

WALK_MAX = 12  # frames: a target this close ahead is read on to even without a keyframe index
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
    """Exact frames of one file through a positioned decoder; one thread only (the frame session's)."""

    def __init__(self, path: str, size: tuple[int, int], time_of: Callable[[int], float], offset_s: float,
                 keyframes: KeyframeCache, stream_factory: Callable[..., Any] = FrameStream) -> None:
        self.path = path
        self.size = size
        self._time_of = time_of
        self._offset = offset_s
        self._keyframes = keyframes
        self._factory = stream_factory
        self._stream: Any = None
        self._next = 0  # index of the frame the stream gives next
        self.restarts = 0

    def read(self, index: int, should_stop: Callable[[], bool] = lambda: False,
             remember: Callable[[int, np.ndarray], None] | None = None) -> np.ndarray | None:
        """Frame ``index``; None if ``should_stop()`` said so on the way (the decoder stays where it got)."""
        if not self._can_read_on(index):
            self._restart(index)
        while True:
            frame = self._stream.read()
            if frame is None:
                self.close()
                raise IndexError(f"frame {index} could not be decoded (end of stream)")
            here = self._next
            self._next += 1
            if here >= index:
                return frame
            if remember is not None and index - here <= 2:
                remember(here, frame)  # the frames just before the target: a step back is then instant
            if should_stop():
                return None

    @property
    def position(self) -> int | None:
        """The index the decoder gives next, or None when no decoder is running."""
        return self._next if self._stream is not None else None

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _can_read_on(self, index: int) -> bool:
        if self._stream is None or self._next > index:
            return False
        if index - self._next <= WALK_MAX:
            return True
        key = self._keyframes.key_at_or_before(index)
        return key is not None and self._next >= key

    def _restart(self, index: int) -> None:
        self.close()
        self._stream = self._factory(self.path, seek_time(self._time_of, self._offset, index), self.size)
        self._next = index
        self.restarts += 1


def seek_time(time_of: Callable[[int], float], offset_s: float, index: int) -> float:
    """The ``-ss`` time whose accurate seek starts exactly at frame ``index``: halfway to the previous frame."""
    if index <= 0:
        return 0.0
    return offset_s + (time_of(index) + time_of(index - 1)) / 2


def video_offset(info: Any) -> float:
    """Seconds from the file's start (ffmpeg's ``-ss`` zero) to the first frame of its main video."""
    video = getattr(info, "main_video", None)
    if video is None:
        return 0.0
    starts = [s.start_time for s in (*getattr(info, "video", ()), *getattr(info, "audio", ()))
              if getattr(s, "start_time", None) is not None]
    return max(0.0, float(video.start_time) - min(starts)) if starts else 0.0
