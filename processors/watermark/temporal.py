"""Motion-compensated fill: what the logo hides now was visible in earlier frames of a moving camera.

``History`` keeps the last original crops of one plane around a region with the camera's
accumulated motion ``W`` at each (a 3x3 homography: crop pixel ``x`` of frame ``n`` shows world point
``W_n x``; chained from ``camera.CameraTracker``). A hidden pixel ``x`` now shows what was at
``W_k^-1 W_now x`` in frame ``k``: it is taken from the most recent frame where that point lay
off the logo (all four bilinear neighbours visible), resampled once, plus the brightness offset
between the two frames measured on a ring just outside the mask (no seam when exposure drifts).

Work is per hidden *pixel* (gathers on the pixel lists, not warps of the crop), newest frames
first, older ones at growing steps (``_AGES``): the newest frames supply almost everything, so a
frame costs a few passes over the mask whatever the motion. A cut, a failed motion estimate or a
gap in the frames clears the history: nothing stale is ever copied in. Memory: at most
``HISTORY_BYTES`` of crops per region.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from processors.watermark import camera

HISTORY_FRAMES = 48
HISTORY_BYTES = 32 * 1024 * 1024
STALL_SHARE = 50  # stop when an older frame fills < 1/50 of a remainder that is < 1/50 of the mask
RING_SAMPLES = 400  # ring pixels used to measure the brightness offset between two frames
# Frames looked at, newest first: every one at first, then sparser (content that has come out from
# under the logo going back in time stays visible further back, so a skipped frame costs little).
_AGES = sorted({1, 2, 3, 4, *(int(round(1.2 ** k)) for k in range(8, 40))})


def _bilinear(img: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    x0, y0 = np.floor(xs).astype(np.intp), np.floor(ys).astype(np.intp)
    fx, fy = (xs - x0).astype(np.float32), (ys - y0).astype(np.float32)
    a, b = img[y0, x0].astype(np.float32), img[y0, x0 + 1].astype(np.float32)
    c, d = img[y0 + 1, x0].astype(np.float32), img[y0 + 1, x0 + 1].astype(np.float32)
    top = a + (b - a) * fx
    return top + (c + (d - c) * fx - top) * fy


class History:
    """Recent original crops of one plane and where the camera was (see the module docstring)."""

    def __init__(self, mask: np.ndarray, ring: np.ndarray, max_value: int, frame_bytes: int) -> None:
        self.mask, self.max_value = mask, max_value
        h, w = mask.shape
        # open[y, x]: the 2x2 block from (y, x) lies in the crop and off the logo (a usable bilinear sample)
        self.open = np.zeros((h, w), bool)
        self.open[:h - 1, :w - 1] = ~(mask[:-1, :-1] | mask[:-1, 1:] | mask[1:, :-1] | mask[1:, 1:])
        self.hidden = np.nonzero(mask)  # (ys, xs)
        ring_ys, ring_xs = np.nonzero(ring)
        step = max(1, len(ring_ys) // RING_SAMPLES)
        self.ring = (ring_ys[::step], ring_xs[::step])
        self.frames: deque[tuple[np.ndarray, np.ndarray]] = deque(
            maxlen=max(2, min(HISTORY_FRAMES, HISTORY_BYTES // max(1, frame_bytes))))

    def clear(self) -> None:
        self.frames.clear()

    def _usable(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, bool]:
        """(points whose bilinear neighbours are in the crop and off the logo, whether any point is in the crop)."""
        h, w = self.mask.shape
        ok = (xs >= 0) & (ys >= 0) & (xs < w - 1) & (ys < h - 1)
        inside = bool(ok.any())
        ok[ok] = self.open[ys[ok].astype(np.intp), xs[ok].astype(np.intp)]
        return ok, inside

    def fill(self, crop: np.ndarray, world: np.ndarray) -> np.ndarray:
        """Fill the hidden pixels of ``crop`` (in place) that earlier frames saw; returns the bool mask left.

        ``world``: this frame's accumulated motion ``W`` (3x3, in this plane's pixels).
        """
        ys, xs = self.hidden
        fys, fxs = ys.astype(np.float64), xs.astype(np.float64)
        left = np.ones(len(ys), bool)
        rys, rxs = self.ring
        frames = list(self.frames)
        for age in _AGES:
            if age > len(frames) or not left.any():
                break
            old_world, old = frames[-age]
            m = np.linalg.solve(old_world, world)  # this frame's pixels -> frame k's
            idx = np.nonzero(left)[0]
            sx, sy = camera.apply(m, fxs[idx], fys[idx])
            if max(float(np.max(np.abs(sx - fxs[idx]))), float(np.max(np.abs(sy - fys[idx])))) < 0.5:
                continue  # (almost) no motion since then: the same pixels were hidden
            ok, inside = self._usable(sx, sy)
            if not inside:
                break  # those points came from outside the crop: older frames are farther still
            if ok.sum() * STALL_SHARE < len(idx) and len(idx) * STALL_SHARE < len(ys) and age > 4:
                break  # a few stragglers no frame shows: the spatial fill does them
            if not ok.any():
                continue
            rx, ry = camera.apply(m, rxs.astype(np.float64), rys.astype(np.float64))
            rok, _ = self._usable(rx, ry)
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

    def push(self, original: np.ndarray, world: np.ndarray) -> None:
        """Remember this frame's original (unfilled) crop; ``original`` must not change afterwards."""
        self.frames.append((world, original))
