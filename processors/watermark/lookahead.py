"""Look-ahead for the temporal fill: a second decoder of the same video that runs ahead of the main one.

The main stream moves whole frames from decoder to encoder (``framepipe``) and cannot wait for future
frames without holding whole frames. Instead a ``CropFeed`` decodes the same stream with the same options
(same seek, same timestamps), cropped to the box around every region whose plan uses the temporal fill,
and the ``RegionFiller`` keeps it ``ahead`` frames in front of the main stream (``LookAhead.sync``): the
regions' timelines thus hold future frames as well as past ones. Frames are matched by pts, so a resumed
or segmented run (the main decoder seeks, drops frames before its resume point, restarts editors per
segment) sees the same look-ahead as a single pass: the feed starts at the same seek and its frames
before the first one filled warm the timeline up.

Memory bound: ``ahead`` = ``min(LOOKAHEAD_FRAMES, LOOKAHEAD_BYTES // crop frame bytes)`` frames of the
crop (at most ``LOOKAHEAD_BYTES``), plus the timelines' own bound for the past (``temporal.HISTORY_BYTES``
per region). Cost: one more decode of the video (the crop filter is cheap), measured in
``tests/bench/bench_watermark.py``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from processors.ffrun import FfmpegProcess
from processors.watermark.nut import NutFormatError, NutFrame, NutReader
from processors.watermark.planes import FrameLayout
from processors.watermark.regions import Rect

if TYPE_CHECKING:
    from processors.watermark.glyphfill import GlyphWorker

LOOKAHEAD_FRAMES = 24
LOOKAHEAD_BYTES = 48 * 1024 * 1024


def feed_box(crops: Sequence[Rect], width: int, height: int) -> Rect | None:
    """The smallest box holding ``crops`` with an even origin and an even size (chroma-aligned), in the frame;
    ``None`` when no such box exists (a crop at the edge of a frame of odd size)."""
    x0 = min(c.x for c in crops) & ~1
    y0 = min(c.y for c in crops) & ~1
    x1 = (max(c.x1 for c in crops) + 1) & ~1
    y1 = (max(c.y1 for c in crops) + 1) & ~1
    if x1 > width or y1 > height:
        return None
    return Rect(x0, y0, x1 - x0, y1 - y0)


def frames_ahead(layout: FrameLayout) -> int:
    """How many frames of a crop ``layout`` the look-ahead may hold (see the module docstring)."""
    return int(min(LOOKAHEAD_FRAMES, LOOKAHEAD_BYTES // max(1, layout.frame_size)))


class CropFeed:
    """Frames of the crop ``box`` from a decoder started with ``args`` (NUT rawvideo on stdout)."""

    def __init__(self, args: list[str], layout: FrameLayout, **process: object) -> None:
        self.layout = layout
        self.proc = FfmpegProcess(args, stdout_data=True, stdin="control", progress=False,
                                  what="look-ahead decoder", **process)  # type: ignore[arg-type]
        self._frames: Iterator[NutFrame] | None = None
        self.reader: NutReader | None = None

    def __enter__(self) -> CropFeed:
        self.proc.__enter__()
        assert self.proc.stdout is not None
        self.reader = NutReader(self.proc.stdout)
        self._frames = self.reader.frames()
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()  # a read-only decoder, maybe blocked writing a frame nobody will read
        self.proc.__exit__(None, None, None)

    def read(self) -> tuple[int, list[np.ndarray]] | None:
        """The next frame's (pts, planes), or ``None`` at the end (or if the feed broke: it only ever helps)."""
        assert self._frames is not None and self.reader is not None
        try:
            frame = next(self._frames, None)
            if frame is None or frame.size != self.layout.frame_size:
                return None
            buf = bytearray(frame.size)
            self.reader.read_payload(memoryview(buf))
        except (OSError, ValueError, NutFormatError):
            return None
        return frame.pts, self.layout.views(buf)


class LookAhead:
    """Keeps a feed ``ahead`` frames in front of the main stream and hands its frames to ``workers``."""

    def __init__(self, read: Callable[[], tuple[int, list[np.ndarray]] | None], box: Rect, ahead: int,
                 workers: Sequence[GlyphWorker]) -> None:
        self.read = read
        self.box = box
        self.ahead = ahead
        self.workers = list(workers)
        self.pending: deque[int] = deque()  # pts read and not yet reached by the main stream
        self.ended = False
        self.lost = False

    def sync(self, pts: int) -> bool:
        """Before the main stream's frame ``pts``: read until ``ahead`` frames past it are known (or the end).

        False when the feed does not have that frame (it lost step with the main decoder): the caller
        then stops using it.
        """
        while self.pending and self.pending[0] < pts:
            self.pending.popleft()
        while not self.ended and (not self.pending or self.pending[-1] < pts or len(self.pending) <= self.ahead):
            got = self.read()
            if got is None:
                self.ended = True
                break
            key, planes = got
            if self.pending and key <= self.pending[-1]:
                self.ended = True  # pts must increase: a feed that goes back is not trusted
                break
            for worker in self.workers:
                worker.see(key, planes, self.box)
            self.pending.append(key)
            while self.pending and self.pending[0] < pts:
                self.pending.popleft()
        self.lost = not self.pending or self.pending[0] != pts
        return not self.lost
