"""Live preview for the GUI: one frame before and after removal, in display orientation.

``preview_frame(path, frame_index, regions, method="auto") -> (original_bgr, processed_bgr)``

Methods: ``interp``/``inpaint`` fill the frame alone (on the region's ``mask`` if it has one).
``auto``/``temporal``/``deblend`` first run the same analysis as the full run (on display-oriented
samples; cached per file, regions and method, so only the first preview pays ~1 s) and, for a
temporal plan, fill up to ``TEMPORAL_LEAD`` frames before the shown one so it has neighbours.

The frame comes from a ``FrameReader`` (kept open per file in a small cache, so scrubbing with a
preview is a seek, not a re-open). The fill is the same ``RegionFiller`` code as the full run,
applied to the Y, U and V planes of a small crop around the regions, so only the regions'
pixels differ from the original. Differences from the full run, by design: the crop is
converted BGR -> YUV 4:4:4 (the run fills the source's native planes, usually 4:2:0) and the
regions are used as drawn (display orientation; the run maps them to the stored frame).
Regions with ``start_s``/``end_s`` are applied only if the frame's time is in their range.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np

from processors.contract import ConfigError
from processors.frame_reader import FrameReader
from processors.probe import MediaInfo, probe
from processors.watermark.choose import bgr_planes, plans_for_display
from processors.watermark.fill import METHODS, RegionFiller
from processors.watermark.glyphfill import RegionPlan
from processors.watermark.planes import layout_for
from processors.watermark.regions import Rect, Region, RegionError, parse_regions

CROP_MARGIN = 16
_CACHE_SIZE = 2
TEMPORAL_LEAD = 16  # frames filled before the previewed one for a temporal plan (deeper pixels: spatial)
ANALYSED = ("auto", "temporal", "deblend")


def fill_bgr(frame: np.ndarray, regions: Sequence[Region], method: str = "auto") -> np.ndarray:
    """A copy of ``frame`` (BGR) with ``regions`` (in its coordinates) filled by the run's fill code."""
    out = frame.copy()
    if not regions:
        return out
    h, w = frame.shape[:2]
    x0 = max(0, min(r.rect.x for r in regions) - CROP_MARGIN)
    y0 = max(0, min(r.rect.y for r in regions) - CROP_MARGIN)
    x1 = min(w, max(r.rect.x1 for r in regions) + CROP_MARGIN)
    y1 = min(h, max(r.rect.y1 for r in regions) + CROP_MARGIN)
    crop = np.ascontiguousarray(frame[y0:y1, x0:x1])
    yuv = cv2.cvtColor(crop, cv2.COLOR_BGR2YUV)
    planes = [np.ascontiguousarray(yuv[:, :, i]) for i in range(3)]
    local = [Region(Rect(r.rect.x - x0, r.rect.y - y0, r.rect.w, r.rect.h), mask=r.mask) for r in regions]
    # Sides that touch the frame's edge must stay "open" in the crop too: clip the crop at the frame.
    filler = RegionFiller(layout_for("yuv444p", x1 - x0, y1 - y0), local, method)
    try:
        filler.fill(planes, tuple(range(len(local))))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    filled = np.dstack(planes)
    back = cv2.cvtColor(filled, cv2.COLOR_YUV2BGR)
    # only the pixels the fill changed: the BGR/YUV round trip alone moves others by a level
    changed = np.any(filled != yuv, axis=2)
    out[y0:y1, x0:x1][changed] = back[changed]
    return out


class Previewer:
    """Preview frames of one file; owns a FrameReader. Not for concurrent use (calls are serialised)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.reader = FrameReader(path)
        self.lock = threading.Lock()
        self.info: MediaInfo | None = None
        self._plan_cache: dict[Any, list[RegionPlan]] = {}

    def frame(self, frame_index: int, regions: Any, method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
        if method not in METHODS:
            raise ConfigError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
        with self.lock:
            original = self.reader.read(frame_index)
            t = self.reader.time_of(frame_index)
        w, h = self.reader.size
        try:
            parsed = parse_regions(regions, w, h) if regions else []
        except RegionError as exc:
            raise ConfigError(str(exc)) from exc
        active = tuple(i for i, r in enumerate(parsed) if r.active_at(t))
        if method not in ANALYSED or not active:
            return original, fill_bgr(original, [parsed[i] for i in active], method)
        filler = RegionFiller(layout_for("yuv444p", w, h), parsed, "auto", plans=self._plans(parsed, method))
        lead = TEMPORAL_LEAD if any(p.method == "temporal" for p in filler.plans) else 0
        for index in range(max(0, frame_index - lead), frame_index):
            with self.lock:
                earlier = self.reader.read(index)
            filler.fill(bgr_planes(earlier), active, index)
        planes = bgr_planes(original)
        before = np.dstack(planes)
        try:
            filler.fill(planes, active, frame_index)
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
        filled = np.dstack(planes)
        out = original.copy()
        changed = np.any(filled != before, axis=2)  # the BGR/YUV round trip alone moves others by a level
        out[changed] = cv2.cvtColor(filled, cv2.COLOR_YUV2BGR)[changed]
        return original, out

    def _plans(self, regions: list[Region], method: str) -> list[RegionPlan]:
        key = (method, tuple((r.rect, r.mask_png) for r in regions))
        plans = self._plan_cache.get(key)
        if plans is None:
            if self.info is None:
                self.info = probe(self.path)
            plans = plans_for_display(self.path, self.info, regions, method)
            self._plan_cache = {key: plans}  # one set: the regions being edited
        return plans

    def close(self) -> None:
        with self.lock:
            self.reader.close()


_cache: OrderedDict[str, Previewer] = OrderedDict()
_cache_lock = threading.Lock()


def _previewer(path: str) -> Previewer:
    try:
        st = os.stat(path)
        key = f"{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}"  # a changed file gets a new reader
    except OSError:
        key = path
    with _cache_lock:
        p = _cache.pop(key, None)
        if p is None:
            p = Previewer(path)
        _cache[key] = p
        while len(_cache) > _CACHE_SIZE:
            _, old = _cache.popitem(last=False)
            old.close()
        return p


def preview_frame(path: str, frame_index: int, regions: Any, method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """``(original_bgr, processed_bgr)`` of frame ``frame_index`` with ``regions`` (display coordinates)."""
    return _previewer(path).frame(frame_index, regions, method)


def close_all() -> None:
    """Release the cached readers (e.g. when the GUI closes a file)."""
    with _cache_lock:
        while _cache:
            _, p = _cache.popitem()
            p.close()
