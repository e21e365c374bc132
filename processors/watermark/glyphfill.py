"""Fill one region's glyph mask (not its whole rectangle), plane by plane, frame after frame.

Stages, each handing the pixels it could not do to the next:

1. ``temporal``: motion-compensated copy from the previous original frames (kept as small crops
   around the region). The translation between frames is tracked on luma outside the logo; a pixel
   hidden now is taken from the nearest past frame in which its content was visible, bilinearly
   resampled, with the brightness offset measured on a ring just outside the mask removed (no
   seam). A cut or a textureless crop (no reliable motion) clears the history.
2. ``deblend`` (a translucent logo with a fit): invert the blend where the opacity allows it.
3. spatial: OpenCV Telea inpainting of what is left, using only the pixels next to the glyph.

The worker sees frames in order through :meth:`begin_frame` and its jobs (one per plane; luma comes
first in every frame, which the motion stage relies on). Memory: at most ``HISTORY_BYTES`` of crops.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from processors.watermark import deblend as deblend_mod
from processors.watermark.deblend import DeblendFit
from processors.watermark.mask import grow, to_plane
from processors.watermark.motion import estimate_shift
from processors.watermark.planes import FrameLayout
from processors.watermark.regions import Rect

SPATIAL_RADIUS = 3
SPATIAL_MARGIN = 8
HISTORY_FRAMES = 40
HISTORY_BYTES = 48 * 1024 * 1024
MIN_SHIFT = 0.75  # px: a neighbour displaced less than this reveals nothing new


@dataclass
class RegionPlan:
    """How one region is filled (decided by ``choose``); masks are in stored orientation."""

    method: str  # "interp" | "inpaint" | "temporal" | "deblend"
    mask: np.ndarray | None = None  # bool (rect.h, rect.w), luma; None = the whole rectangle
    deblend: DeblendFit | None = None  # maps over ``crop``
    crop: Rect | None = None  # the luma crop the deblend maps cover
    temporal: bool = False  # also use neighbours first (deblend then only does what they cannot)
    reason: str = ""


def temporal_margin(rect: Rect) -> int:
    return int(min(96, max(24, max(rect.w, rect.h) // 2)))


def worker_crop(rect: Rect, plan: RegionPlan, width: int, height: int) -> Rect:
    """The luma crop a worker reads: the rectangle, a margin, chroma-aligned (even) origin."""
    if plan.crop is not None:
        return plan.crop
    margin = temporal_margin(rect) if plan.method == "temporal" or plan.temporal else SPATIAL_MARGIN
    x0, y0 = max(0, rect.x - margin) & ~1, max(0, rect.y - margin) & ~1
    return Rect(x0, y0, min(width, rect.x1 + margin) - x0, min(height, rect.y1 + margin) - y0)


class GlyphWorker:
    """Per-region state and fill; ``jobs`` are (plane, y0, y1, x0, x1) windows in plane coordinates."""

    def __init__(self, layout: FrameLayout, rect: Rect, plan: RegionPlan) -> None:
        self.layout = layout
        self.plan = plan
        self.crop = crop = worker_crop(rect, plan, layout.width, layout.height)
        luma = np.zeros((crop.h, crop.w), bool)
        inner = (slice(rect.y - crop.y, rect.y1 - crop.y), slice(rect.x - crop.x, rect.x1 - crop.x))
        luma[inner] = True if plan.mask is None else plan.mask
        self.windows: list[tuple[int, int, int, int, int]] = []
        self.masks: list[np.ndarray] = []
        self.known: list[np.ndarray] = []
        self.rings: list[np.ndarray] = []
        for p in range(layout.fmt.planes):
            sx, sy = layout.subsampling(p)
            ph, pw = layout.plane_shape(p)
            y0, x0 = crop.y >> sy, crop.x >> sx
            y1, x1 = min(ph, -(-crop.y1 >> sy)), min(pw, -(-crop.x1 >> sx))
            m = to_plane(luma, sx, sy, (y1 - y0, x1 - x0))
            self.windows.append((p, y0, y1, x0, x1))
            self.masks.append(m)
            self.known.append((~m).astype(np.float32))
            self.rings.append(grow(m, 3) & ~m)
        self.usable = ~grow(luma, 4)
        self.temporal = plan.method == "temporal" or plan.temporal
        frame_bytes = sum(m.size for m in self.masks) * layout.dtype.itemsize
        self.history: deque[tuple[tuple[float, float], list[np.ndarray]]] = deque(
            maxlen=max(2, min(HISTORY_FRAMES, HISTORY_BYTES // max(1, frame_bytes))))
        self.index = -1
        self.last_index = -2
        self.pos = (0.0, 0.0)
        self.current: list[np.ndarray] = []
        self.max_value = (1 << layout.fmt.bit_depth) - 1
        self.temporal_pixels = 0  # statistics for the log
        self.spatial_pixels = 0
        self.deblended_pixels = 0

    def begin_frame(self, index: int) -> None:
        self.index = index

    # -- stages
    def _motion(self, luma: np.ndarray) -> None:
        if self.current and self.last_index == self.index - 1:
            self.history.append((self.pos, self.current))
        elif self.current:
            self.history.clear()
        self.current = []
        if self.history:
            prev = self.history[-1][1][0]
            shift = estimate_shift(prev, luma, self.usable)
            if shift is None:
                self.history.clear()
                self.pos = (0.0, 0.0)
            else:
                self.pos = (self.pos[0] + shift[0], self.pos[1] + shift[1])
        self.last_index = self.index

    def _temporal(self, p: int, crop: np.ndarray, todo: np.ndarray) -> np.ndarray:
        sx, sy = self.layout.subsampling(p)
        ring = self.rings[p]
        ys, xs = np.nonzero(todo | ring)
        by0, by1, bx0, bx1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
        win = (slice(by0, by1), slice(bx0, bx1))
        todo_w, ring_w, cur = todo[win].copy(), ring[win], crop[win]
        size = (bx1 - bx0, by1 - by0)
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        tried: list[tuple[float, float]] = []
        for pos, crops in reversed(self.history):
            if p >= len(crops):
                continue
            dx, dy = (self.pos[0] - pos[0]) / (1 << sx), (self.pos[1] - pos[1]) / (1 << sy)
            step = MIN_SHIFT / (1 << max(sx, sy))
            if max(abs(dx), abs(dy)) < step or any(max(abs(dx - tx), abs(dy - ty)) < step for tx, ty in tried):
                continue
            tried.append((dx, dy))
            # window pixel (x, y) <- source crop pixel (x + bx0 - dx, y + by0 - dy)
            m = np.float32([[1, 0, bx0 - dx], [0, 1, by0 - dy]])
            known = cv2.warpAffine(self.known[p], m, size, flags=flags, borderValue=0) > 0.999
            take = todo_w & known
            if not take.any():
                continue
            warped = cv2.warpAffine(crops[p], m, size, flags=flags, borderMode=cv2.BORDER_REPLICATE)
            seam = ring_w & known
            offset = float(np.median(cur[seam].astype(np.float32) - warped[seam])) if seam.sum() >= 8 else 0.0
            vals = warped[take].astype(np.float32) + offset
            cur[take] = np.clip(vals + 0.5, 0, self.max_value).astype(crop.dtype)
            todo_w &= ~take
            if not todo_w.any():
                break
        out = todo.copy()
        out[win] = todo_w
        return out

    def _spatial(self, crop: np.ndarray, todo: np.ndarray) -> None:
        filled = cv2.inpaint(np.ascontiguousarray(crop), todo.astype(np.uint8), SPATIAL_RADIUS, cv2.INPAINT_TELEA)
        np.copyto(crop, filled, where=todo)

    def run(self, plane: int, crop: np.ndarray) -> None:
        """Fill this region's mask in ``crop`` (the plane's window, writable) in place."""
        todo = self.masks[plane]
        if self.temporal:
            original = crop.copy()
            if plane == 0:
                self._motion(original)
            if todo.any() and self.history:
                before = int(todo.sum())
                todo = self._temporal(plane, crop, todo)
                self.temporal_pixels += before - int(todo.sum())
            if len(self.current) == plane:
                self.current.append(original)
        fit = self.plan.deblend
        if fit is not None and todo.any():
            where = todo & (fit.alpha[plane] < deblend_mod.A_MAX)
            deblend_mod.apply(crop, fit.alpha[plane], fit.lam[plane], where, self.max_value)
            self.deblended_pixels += int(where.sum())
            todo = todo & ~where
        if todo.any():
            self.spatial_pixels += int(todo.sum())
            self._spatial(crop, todo)
