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
  Where the reader's seek would start a whole GOP early (a target less than 16 frames after its keyframe),
  an ffmpeg decode pipe (``open_stream(index)``, accurate ``-ss``: it decodes from the target's own keyframe)
  is cheaper despite its start-up (``SPAWN_FRAMES``); it stays open, and a later target ahead reads on in it.
  Costs are counted in decoded frames from the keyframe index.
"""

from __future__ import annotations

import bisect
import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

HOP = 6  # frames read on per step before asking whether a newer target came
SEEK_LEAD = 16  # OpenCV seeks to the keyframe before ``target - 16`` and decodes from there
SPAWN_FRAMES = 40  # starting an ffmpeg decode pipe costs about as much as decoding this many frames (measured
# 1080p on 2 busy cores: 20-60); it is only worth it where the reader would decode a whole GOP more
KEYFRAME_BUDGET = 48 * 1024 * 1024  # bytes of keyframe pictures per file
KEYFRAME_SIDE = 480  # longest side of a keyframe picture

log = logging.getLogger(__name__)


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
    """Exact frames through a frame reader and a decode pipe, kept positioned; one thread only (the frame
    session's). See the module docstring."""

    def __init__(self, read: Callable[[int], np.ndarray], keyframes: KeyframeCache,
                 open_stream: Callable[[int], Any] | None = None) -> None:
        self._read = read
        self._keyframes = keyframes
        self._open_stream = open_stream
        self._pos: int | None = None  # the frame the reader decoded last
        self._stream: Any = None
        self._spos = 0  # the frame the stream gives next
        self.jumps = 0  # targets left to the reader's own seek
        self.read_on = 0  # targets reached by the reader reading on in hops
        self.stream_starts = 0  # decode pipes started (accurate seek to the target)
        self.stream_on = 0  # targets reached by reading on in the pipe

    @property
    def position(self) -> int | None:
        return self._pos

    def read(self, index: int, should_stop: Callable[[], bool] = lambda: False,
             remember: Callable[[int, np.ndarray], None] | None = None) -> np.ndarray | None:
        """Frame ``index``; None if ``should_stop()`` said so on the way (the decoder stays where it got)."""
        choice = self._stream_choice(index)
        if choice is not None:
            try:
                return self._read_stream(index, choice == "start", should_stop, remember)
            except Exception:  # noqa: BLE001 - no pipe from now on; the reader decodes
                log.warning("decode pipe failed; frames come from the reader only", exc_info=True)
                self._open_stream = None
                self.close_stream()
        return self._read_reader(index, should_stop, remember)

    def needs_seek(self, index: int) -> bool:
        """True if frame ``index`` is reached neither by the reader nor by the pipe reading on."""
        pos = self._pos
        if pos is not None and pos < index and (index - pos <= HOP or self._reading_on_is_cheaper(pos, index)):
            return False
        return self._stream_choice(index) != "on"

    def close_stream(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def close(self) -> None:
        self._pos = None
        self.close_stream()

    # -- the pipe ------------------------------------------------------------------------------------
    def _stream_choice(self, index: int) -> str | None:
        """"on" (read on in the pipe), "start" (a new pipe seeking to ``index``) or None (the reader), by cost
        in decoded frames."""
        if self._open_stream is None:
            return None
        key = self._keyframes.key_at_or_before(index)
        landing = self._keyframes.key_at_or_before(max(0, index - SEEK_LEAD))
        if key is None or landing is None:
            return None
        pos = self._pos
        reading_on = pos is not None and pos <= index and (index - pos <= HOP or pos >= landing)
        reader_cost = index - pos if reading_on and pos is not None else index - landing
        spos = self._spos
        if self._stream is not None and spos <= index and (index - spos <= HOP or spos >= key):
            if index - spos < reader_cost:
                return "on"
        return "start" if SPAWN_FRAMES + index - key < reader_cost else None

    def _read_stream(self, index: int, start: bool, should_stop: Callable[[], bool],
                     remember: Callable[[int, np.ndarray], None] | None) -> np.ndarray | None:
        assert self._open_stream is not None
        if start:
            self.close_stream()
            self._stream = self._open_stream(index)
            self._spos = index
            self.stream_starts += 1
        else:
            self.stream_on += 1
        while True:
            frame = self._stream.read()
            if frame is None:
                self.close_stream()
                raise IndexError(f"frame {index} could not be decoded (end of stream)")
            here = self._spos
            self._spos += 1
            if here >= index:
                return frame
            if remember is not None and index - here <= 2:
                remember(here, frame)
            if should_stop():
                return None

    # -- the reader ----------------------------------------------------------------------------------
    def _read_reader(self, index: int, should_stop: Callable[[], bool],
                     remember: Callable[[int, np.ndarray], None] | None) -> np.ndarray | None:
        pos = self._pos
        hop = pos is not None and pos < index - HOP and self._reading_on_is_cheaper(pos, index)

        def visit(at: int) -> bool:
            """Decode frame ``at`` on the way (kept if asked); True when a newer target wants the reader."""
            frame = self._read(at)
            self._pos = at
            if remember is not None:
                remember(at, frame)
            return should_stop()

        if hop:
            self.read_on += 1
        elif pos is None or not pos < index <= pos + HOP:
            self.jumps += 1
            key = self._keyframes.key_at_or_before(index)
            if key is not None and index - key > SEEK_LEAD + HOP:
                # the seek lands on ``key`` either way: stop it SEEK_LEAD frames on, then hop, so that a newer
                # target can take over on the way and the reader is already in this GOP for the next one
                pos, hop = key + SEEK_LEAD, True
                if visit(pos):
                    return None
        if hop:
            assert pos is not None
            while index - pos > HOP:
                pos += HOP
                if visit(pos):
                    return None
        frame = self._read(index)
        self._pos = index
        return frame

    def _reading_on_is_cheaper(self, pos: int, index: int) -> bool:
        """A seek decodes from the keyframe at or before ``index - SEEK_LEAD``: reading on from ``pos`` costs
        no more when ``pos`` is at or after that keyframe."""
        landing = self._keyframes.key_at_or_before(max(0, index - SEEK_LEAD))
        return landing is not None and pos >= landing
