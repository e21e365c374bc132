"""Fill one region's glyph mask (not its whole rectangle), plane by plane, frame after frame.

Stages, each handing the pixels it could not do to the next:

1. ``temporal``: the camera's translation is tracked on luma outside the logo (``motion``) and a
   pixel hidden now takes the content last seen there (``temporal.History`` per plane). A cut, a
   textureless crop or a gap in the frames clears the history.
2. ``deblend`` (a translucent logo with a fit): invert the blend where the opacity allows it.
3. spatial: what is left is filled from around: harmonically (``harmonic``, from the pixels next to
   the glyph) or by the rectangle's border interpolation (``interp``), as the plan says.

The worker sees frames in order through :meth:`begin_frame` and its jobs (one per plane; luma comes
first in every frame, which the motion stage relies on). Memory: bounded by ``temporal.HISTORY_BYTES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from processors.watermark import deblend as deblend_mod
from processors.watermark import harmonic
from processors.watermark.deblend import DeblendFit
from processors.watermark.mask import grow, to_plane
from processors.watermark.motion import MotionEstimator
from processors.watermark.planes import FrameLayout, layout_for
from processors.watermark.regions import Rect, Region
from processors.watermark.temporal import History

if TYPE_CHECKING:
    from processors.watermark.fill import RegionFiller

SPATIAL_MARGIN = 8


@dataclass
class RegionPlan:
    """How one region is filled (decided by ``choose``); masks are in stored orientation."""

    method: str  # "interp" | "inpaint" | "temporal" | "deblend"
    mask: np.ndarray | None = None  # bool (rect.h, rect.w), luma; None = the whole rectangle
    deblend: DeblendFit | None = None  # maps over ``crop``
    crop: Rect | None = None  # the luma crop the deblend maps cover
    reason: str = ""
    spatial: str = "harmonic"  # what fills the rest: "harmonic" (Laplace) or "interp" (the rectangle's border)
    model: bool = False  # ``deblend`` comes from the per-pixel blend model (``blendmodel``), not ``deblend.fit``


def temporal_margin(rect: Rect) -> int:
    return int(min(96, max(24, max(rect.w, rect.h) // 2)))


def worker_crop(rect: Rect, plan: RegionPlan, width: int, height: int) -> Rect:
    """The luma crop a worker reads: the rectangle, a margin, chroma-aligned (even) origin."""
    if plan.crop is not None:
        return plan.crop
    margin = temporal_margin(rect) if plan.method == "temporal" else SPATIAL_MARGIN
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
        self.histories: list[History] = []
        for p in range(layout.fmt.planes):
            sx, sy = layout.subsampling(p)
            ph, pw = layout.plane_shape(p)
            y0, x0 = crop.y >> sy, crop.x >> sx
            y1, x1 = min(ph, -(-crop.y1 >> sy)), min(pw, -(-crop.x1 >> sx))
            m = to_plane(luma, sx, sy, (y1 - y0, x1 - x0))
            self.windows.append((p, y0, y1, x0, x1))
            self.masks.append(m)
        self.max_value = (1 << layout.fmt.bit_depth) - 1
        self.membranes = [harmonic.Membrane() for _ in range(layout.fmt.planes)]
        self.border: RegionFiller | None = None
        if plan.spatial == "interp":
            from processors.watermark.fill import RegionFiller as _Filler  # fill imports this module

            inside = Rect(rect.x - crop.x, rect.y - crop.y, rect.w, rect.h)
            self.border = _Filler(layout_for(layout.fmt.name, crop.w, crop.h), [Region(inside)], "interp")
        self.temporal = plan.method == "temporal"
        if self.temporal:
            frame_bytes = sum(m.size for m in self.masks) * layout.dtype.itemsize
            self.histories = [History(m, grow(m, 3) & ~m, self.max_value, frame_bytes) for m in self.masks]
        self.motion = MotionEstimator(~grow(luma, 4))
        self.index = -1
        self.last_index = -2
        self.pos = (0.0, 0.0)
        self.prev_luma: np.ndarray | None = None
        self.last_shift: tuple[float, float] | None = None
        self.temporal_pixels = 0  # statistics for the log
        self.spatial_pixels = 0
        self.deblended_pixels = 0

    def begin_frame(self, index: int) -> None:
        self.index = index

    # -- stages
    def _motion(self, luma: np.ndarray) -> None:
        """Track the camera (plane 0 of each frame); any doubt clears the history."""
        shift = None
        if self.prev_luma is not None and self.last_index == self.index - 1:
            shift = self.motion(self.prev_luma, luma, self.last_shift)
        self.last_shift = shift
        if shift is None:
            self.pos = (0.0, 0.0)
            for history in self.histories:
                history.clear()
        else:
            self.pos = (self.pos[0] + shift[0], self.pos[1] + shift[1])
        self.prev_luma = luma
        self.last_index = self.index

    def _spatial(self, plane: int, crop: np.ndarray, todo: np.ndarray) -> None:
        if self.border is None:
            self.membranes[plane].fill(crop, todo)
            return
        filled = crop.copy()
        for job in self.border.jobs((0,)):
            if job.plane == plane:
                self.border.run_job(job, filled[job.y0:job.y1, job.x0:job.x1])
        np.copyto(crop, filled, where=todo)

    def run(self, plane: int, crop: np.ndarray) -> None:
        """Fill this region's mask in ``crop`` (the plane's window, writable) in place."""
        todo = self.masks[plane]
        if self.temporal:
            original = crop.copy()
            if plane == 0:
                self._motion(original)
            sx, sy = self.layout.subsampling(plane)
            pos = (self.pos[0] / (1 << sx), self.pos[1] / (1 << sy))
            history = self.histories[plane]
            before = int(todo.sum())
            todo = todo & history.fill(crop, pos)
            history.push(original, pos)
            self.temporal_pixels += before - int(todo.sum())
        fit = self.plan.deblend
        if fit is not None and todo.any():
            where = todo & (fit.alpha[plane] < deblend_mod.A_MAX)
            deblend_mod.apply(crop, fit.alpha[plane], fit.lam[plane], where, self.max_value)
            self.deblended_pixels += int(where.sum())
            todo = todo & ~where
        if todo.any():
            self.spatial_pixels += int(todo.sum())
            self._spatial(plane, crop, todo)
