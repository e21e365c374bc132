"""Motion-compensated fill: what the logo hides now was visible in other frames of a moving camera.

A ``Timeline`` holds one region's original crops (every plane) over time with the camera's accumulated
motion ``W`` at each (a 3x3 homography: crop pixel ``x`` of frame ``n`` shows world point ``W_n x``;
chained from ``camera.CameraTracker``) and a shot number (a cut, a failed motion estimate or a gap in
the frames starts a new shot; nothing is ever taken from another shot). It keeps the *past* (at most
``HISTORY_FRAMES`` and ``HISTORY_BYTES``) and, when frames are added ahead of the one being filled (the
look-ahead feed, see ``lookahead``), the *future*. A hidden pixel ``x`` now shows what was at
``W_k^-1 W_now x`` in frame ``k``: it is taken from the frame nearest in time (one back, one ahead, two
back, ...) where that point lay off the logo (all four bilinear neighbours visible), resampled once,
plus the brightness offset between the two frames measured on a ring just outside the mask (no seam
when exposure drifts). Content that enters from behind the logo or from the frame's edge thus comes
from the future, what has left from the past.

Work is per hidden *pixel* (gathers on the pixel lists, not warps of the crop), nearest frames first,
farther ones at growing steps (``_AGES``): the nearest frames supply almost everything, so a frame
costs a few passes over the mask whatever the motion.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from processors.watermark import camera
from processors.watermark.mask import grow

HISTORY_FRAMES = 48
HISTORY_BYTES = 32 * 1024 * 1024
STALL_SHARE = 50  # stop when a farther frame fills < 1/50 of a remainder that is < 1/50 of the mask
MAX_MISSES = 6  # frames in a row (beyond the nearest few) that show nothing left: stop looking
RING_SAMPLES = 400  # ring pixels used to measure the brightness offset between two frames
# Frames looked at, nearest first: every one at first, then sparser (content that has come out from
# under the logo stays visible for a while, so a skipped frame costs little).
_AGES = sorted({1, 2, 3, 4, *(int(round(1.2 ** k)) for k in range(8, 40))})


def _bilinear(img: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    x0, y0 = np.floor(xs).astype(np.intp), np.floor(ys).astype(np.intp)
    fx, fy = (xs - x0).astype(np.float32), (ys - y0).astype(np.float32)
    a, b = img[y0, x0].astype(np.float32), img[y0, x0 + 1].astype(np.float32)
    c, d = img[y0 + 1, x0].astype(np.float32), img[y0 + 1, x0 + 1].astype(np.float32)
    top = a + (b - a) * fx
    return top + (c + (d - c) * fx - top) * fy


class PlaneFill:
    """The per-plane part: which pixels are hidden, the ring, where bilinear samples are usable."""

    def __init__(self, mask: np.ndarray, ring: np.ndarray, max_value: int) -> None:
        self.mask, self.max_value = mask, max_value
        h, w = mask.shape
        # open[y, x]: the 2x2 block from (y, x) lies in the crop and off the logo (a usable bilinear sample)
        self.open = np.zeros((h, w), bool)
        self.open[:h - 1, :w - 1] = ~(mask[:-1, :-1] | mask[:-1, 1:] | mask[1:, :-1] | mask[1:, 1:])
        self.hidden = np.nonzero(mask)  # (ys, xs)
        ys, xs = self.hidden
        box = ([float(xs.min()), float(xs.max())], [float(ys.min()), float(ys.max())]) if len(ys) else ([0.0], [0.0])
        self.corners = (np.array([box[0][0], box[0][-1], box[0][0], box[0][-1]]),
                        np.array([box[1][0], box[1][0], box[1][-1], box[1][-1]]))  # the hole's box: x, y
        ring_ys, ring_xs = np.nonzero(ring)
        step = max(1, len(ring_ys) // RING_SAMPLES)
        self.ring = (ring_ys[::step], ring_xs[::step])

    def _usable(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Points whose bilinear neighbours are in the crop and off the logo."""
        h, w = self.mask.shape
        ok = (xs >= 0) & (ys >= 0) & (xs < w - 1) & (ys < h - 1)
        ok[ok] = self.open[ys[ok].astype(np.intp), xs[ok].astype(np.intp)]
        return ok

    def fill(self, crop: np.ndarray, world: np.ndarray, sources: list[tuple[int, np.ndarray, np.ndarray]]
             ) -> np.ndarray:
        """Fill the hidden pixels of ``crop`` (in place) that ``sources`` show; returns the bool mask left.

        ``world``: this frame's ``W`` (in this plane's pixels); ``sources``: ``(distance in frames, W,
        original crop)`` of other frames of the shot, nearest first.
        """
        ys, xs = self.hidden
        fys, fxs = ys.astype(np.float64), xs.astype(np.float64)
        left = np.ones(len(ys), bool)
        rys, rxs = self.ring
        misses = 0
        for distance, old_world, old in sources:
            if not left.any():
                break
            m = np.linalg.solve(old_world, world)  # this frame's pixels -> that frame's
            cx, cy = camera.apply(m, self.corners[0], self.corners[1])
            if max(float(np.max(np.abs(cx - self.corners[0]))), float(np.max(np.abs(cy - self.corners[1])))) < 0.5:
                continue  # (almost) no motion between the two over the hole's box: the same pixels were hidden
            idx = np.nonzero(left)[0]
            sx, sy = camera.apply(m, fxs[idx], fys[idx])
            ok = self._usable(sx, sy)
            if ok.sum() * STALL_SHARE < len(idx) and len(idx) * STALL_SHARE < len(ys) and distance > 4:
                break  # a few stragglers no frame shows: the spatial fill does them
            if not ok.any():
                misses += 1
                if misses >= MAX_MISSES and distance > 4:
                    break  # frames this far show none of what is left: farther ones will not either
                continue
            misses = 0
            rx, ry = camera.apply(m, rxs.astype(np.float64), rys.astype(np.float64))
            rok = self._usable(rx, ry)
            offset = 0.0
            if rok.sum() >= 8:
                diff = crop[rys[rok], rxs[rok]].astype(np.float32) - _bilinear(old, rx[rok], ry[rok])
                offset = float(np.partition(diff, len(diff) // 2)[len(diff) // 2])  # the median, cheaply
            take = idx[ok]
            values = _bilinear(old, sx[ok], sy[ok]) + offset
            crop[ys[take], xs[take]] = np.clip(values + 0.5, 0, self.max_value).astype(crop.dtype)
            left[take] = False
        out = np.zeros(self.mask.shape, bool)
        out[ys[left], xs[left]] = True
        return out


@dataclass
class Moment:
    """One frame of the timeline: its key (pts, or index without a feed), shot, ``W`` (luma) and crops."""

    key: int
    shot: int
    world: np.ndarray
    planes: list[np.ndarray | None]


class Timeline:
    """One region's frames over time (see the module docstring); frames are added in decoding order."""

    def __init__(self, masks: list[np.ndarray], subsampling: list[tuple[int, int]], usable: np.ndarray,
                 max_value: int, frame_bytes: int) -> None:
        self.planes = [PlaneFill(m, _ring(m), max_value) for m in masks]
        self.subsampling = subsampling
        self.past: deque[Moment] = deque(maxlen=max(2, min(HISTORY_FRAMES, HISTORY_BYTES // max(1, frame_bytes))))
        self.future: deque[Moment] = deque()
        self.current: Moment | None = None
        self.tracker = camera.CameraTracker(usable)
        self.shot = 0
        self.world = np.eye(3)
        self.last_luma: np.ndarray | None = None
        self.cuts = 0  # statistics
        self.homographies = 0

    def restart(self) -> None:
        """Forget every frame (a new shot starts with the next one added)."""
        self.past.clear()
        self.future.clear()
        self.current = None
        self.last_luma = None

    def add(self, key: int, planes: list[np.ndarray | None], consecutive: bool = True) -> None:
        """A new frame after the last one added (``consecutive``: none was skipped), with its original crops
        (plane 0 at least; the others may be set on ``current`` later)."""
        luma = planes[0]
        assert luma is not None
        step = None
        if self.last_luma is not None and consecutive:
            if camera.is_cut(self.last_luma, luma, self.tracker.usable):
                self.cuts += 1
            else:
                step = self.tracker(self.last_luma, luma)
                self.homographies += self.tracker.model == "homography"
        if step is None:
            self.tracker.reset()
            self.shot += 1
            self.world = np.eye(3)
        else:
            self.world = self.world @ step
        self.last_luma = luma
        self.future.append(Moment(key, self.shot, self.world, planes))

    def advance(self, key: int) -> bool:
        """Make frame ``key`` the current one (those before it join the past); False if it was never added."""
        if self.current is not None:
            self.past.append(self.current)
            self.current = None
        while self.future and self.future[0].key < key:
            self.past.append(self.future.popleft())
        if self.future and self.future[0].key == key:
            self.current = self.future.popleft()
            return True
        return False

    def sources(self, plane: int) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Frames of the current shot, nearest first (back one, ahead one, back two, ...), for ``plane``."""
        now = self.current
        assert now is not None
        sx, sy = self.subsampling[plane]
        out = []
        for age in _AGES:
            if age > len(self.past) and age > len(self.future):
                break
            for moment in (self.past[-age] if age <= len(self.past) else None,
                           self.future[age - 1] if age <= len(self.future) else None):
                if moment is not None and moment.shot == now.shot and moment.planes[plane] is not None:
                    out.append((age, camera.to_plane(moment.world, sx, sy), moment.planes[plane]))
        return out

    def fill(self, plane: int, crop: np.ndarray) -> np.ndarray:
        """Fill ``crop`` (the current frame's, this plane) from the other frames; returns the mask left."""
        now = self.current
        assert now is not None
        sx, sy = self.subsampling[plane]
        return self.planes[plane].fill(crop, camera.to_plane(now.world, sx, sy), self.sources(plane))


def _ring(mask: np.ndarray) -> np.ndarray:
    return grow(mask, 3) & ~mask
