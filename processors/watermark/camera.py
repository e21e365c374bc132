"""Camera motion between neighbouring crops as a homography, and shot cuts, measured away from the logo.

``CameraTracker(usable)(prev, cur)`` returns ``H`` (3x3, float64) with ``prev(H @ x) ~ cur(x)`` for a crop
pixel ``x`` (homogeneous), or ``None`` when the frames are unrelated (a cut, too little texture, motion
no homography explains). Two models, the simpler one preferred:

* *translation* (``motion.MotionEstimator``: phase correlation refined by ECC, checked); kept when it
  leaves the frames within ``EXACT_MATCH`` levels of each other (no corners are tracked then: the common
  case costs one estimate) or explains the tracked corners to within ``TRANSLATION_TOL`` px (a
  sub-pixel-exact translation drifts less over dozens of chained frames than a homography fitted to noisy
  corners);
* *homography*: corners (``cv2.goodFeaturesToTrack``) off the logo tracked by pyramidal Lucas-Kanade,
  kept when they agree forward and backward, fitted by RANSAC (``cv2.findHomography``); accepted when
  enough corners are inliers and ``prev`` warped by it matches ``cur`` clearly better than unmoved (a
  still camera filming moving things must not be taken for a moving one).

``is_cut(prev, cur, usable)``: the Bhattacharyya distance between the two luma histograms off the logo
exceeds ``CUT_DISTANCE`` (measured: a cut 0.37, the next pair of the same shot 0.08).
"""

from __future__ import annotations

import cv2
import numpy as np

from processors.watermark.motion import MotionEstimator, to8

CUT_DISTANCE = 0.3
MAX_CORNERS = 300
MIN_CORNERS = 12
MIN_INLIERS = 0.6  # share of tracked corners RANSAC must keep
RANSAC_PX = 1.0
FB_PX = 0.5  # forward-backward disagreement above which a tracked corner is dropped
TRANSLATION_TOL = 0.35  # px: a homography this close to the translation adds nothing
GOOD_MATCH = 3.0
EXACT_MATCH = 1.0  # levels left by a translation below which no homography is looked for
STILL_SHARE = 0.8  # a homography must leave at most this share of a still camera's difference


def translation(dx: float, dy: float) -> np.ndarray:
    """``H`` for ``cur(x, y) ~ prev(x - dx, y - dy)``."""
    return np.array([[1.0, 0.0, -dx], [0.0, 1.0, -dy], [0.0, 0.0, 1.0]])


def apply(h: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points ``(xs, ys)`` mapped by ``h`` (float arrays)."""
    w = h[2, 0] * xs + h[2, 1] * ys + h[2, 2]
    return (h[0, 0] * xs + h[0, 1] * ys + h[0, 2]) / w, (h[1, 0] * xs + h[1, 1] * ys + h[1, 2]) / w


def to_plane(h: np.ndarray, sx: int, sy: int) -> np.ndarray:
    """``h`` (luma pixels) for a plane subsampled by ``2**sx x 2**sy``."""
    if not (sx or sy):
        return h
    s = np.diag([1.0 / (1 << sx), 1.0 / (1 << sy), 1.0])
    return s @ h @ np.linalg.inv(s)


def is_cut(prev: np.ndarray, cur: np.ndarray, usable: np.ndarray) -> bool:
    """Whether ``cur`` starts a new shot after ``prev`` (see the module docstring)."""
    m = usable.astype(np.uint8)
    if m.sum() < 64:
        m = None
    a = cv2.calcHist([to8(prev)], [0], m, [32], [0, 256])
    b = cv2.calcHist([to8(cur)], [0], m, [32], [0, 256])
    return float(cv2.compareHist(a, b, cv2.HISTCMP_BHATTACHARYYA)) > CUT_DISTANCE


class CameraTracker:
    """Motion between consecutive crops of a fixed size and logo (see the module docstring)."""

    def __init__(self, usable: np.ndarray) -> None:
        self.usable = usable
        self.usable8 = usable.astype(np.uint8)
        self.translation = MotionEstimator(usable)
        self.last_shift: tuple[float, float] | None = None
        self.model = ""  # "translation" | "homography" | "" (none): the last call's, for statistics

    def reset(self) -> None:
        """Forget the last motion (after a cut: the next shot's motion is not guessed from this one's)."""
        self.last_shift = None

    def __call__(self, prev: np.ndarray, cur: np.ndarray) -> np.ndarray | None:
        self.model = ""
        shift = self.translation(prev, cur, self.last_shift)
        self.last_shift = shift
        if shift is not None and self.translation.last_error <= EXACT_MATCH:
            self.model = "translation"  # it explains the frames to the noise: no corners needed
            return translation(*shift)
        a, b = to8(prev), to8(cur)
        corners = self._tracked(a, b)
        if shift is not None:
            t = translation(*shift)
            if corners is None or _misfit(t, *corners) <= TRANSLATION_TOL:
                self.model = "translation"
                return t
        if corners is None:
            return None
        h = self._homography(a, b, *corners)
        if h is not None:
            self.model = "homography"
        elif shift is not None:
            self.model = "translation"
            return translation(*shift)
        return h

    def _tracked(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """Corners of ``b`` off the logo and where they were in ``a`` (both ``(n, 2)`` float32), or ``None``."""
        if not self.translation.enough:
            return None
        pts = cv2.goodFeaturesToTrack(b, MAX_CORNERS, 0.01, 5, mask=self.usable8, blockSize=5)
        if pts is None or len(pts) < MIN_CORNERS:
            return None
        back, st1, _ = cv2.calcOpticalFlowPyrLK(b, a, pts, None, winSize=(15, 15), maxLevel=3)
        again, st2, _ = cv2.calcOpticalFlowPyrLK(a, b, back, None, winSize=(15, 15), maxLevel=3)
        good = (st1.ravel() == 1) & (st2.ravel() == 1) & (np.linalg.norm((again - pts).reshape(-1, 2), axis=1) < FB_PX)
        if good.sum() < MIN_CORNERS:
            return None
        return pts.reshape(-1, 2)[good], back.reshape(-1, 2)[good]

    def _homography(self, a: np.ndarray, b: np.ndarray, cur_pts: np.ndarray, prev_pts: np.ndarray
                    ) -> np.ndarray | None:
        h, inliers = cv2.findHomography(cur_pts, prev_pts, cv2.RANSAC, RANSAC_PX)
        if h is None or inliers is None or inliers.sum() < max(MIN_CORNERS, MIN_INLIERS * len(cur_pts)):
            return None
        rows, cols = a.shape
        moved = cv2.warpPerspective(a.astype(np.float32), h, (cols, rows),
                                    flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=-1)
        check = self.usable & (moved >= 0)
        if check.sum() < 32:
            return None
        err_moved = float(np.mean(np.abs(moved[check] - b[check])))
        err_still = float(np.mean(np.abs(a[check].astype(np.float32) - b[check])))
        if err_moved > STILL_SHARE * err_still or (err_moved > GOOD_MATCH and err_moved > 0.6 * err_still):
            return None  # no better than a still camera (corners on moving things), or no match at all
        return h


def _misfit(h: np.ndarray, cur_pts: np.ndarray, prev_pts: np.ndarray) -> float:
    """The median distance between where ``h`` sends the corners and where they were tracked to."""
    x, y = apply(h, cur_pts[:, 0].astype(np.float64), cur_pts[:, 1].astype(np.float64))
    return float(np.median(np.hypot(x - prev_pts[:, 0], y - prev_pts[:, 1])))
