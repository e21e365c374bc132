"""Which pixels of a rectangle belong to the logo, from the temporal behaviour of many sampled frames.

A logo is static while the content moves or changes. Per pixel, over the samples:

* *stability score* ``1 - std_t(I) / std_ref``: the temporal spread relative to the typical spread
  of the content around the rectangle. An opaque logo scores ~1, a logo blended at opacity ``a``
  scores ~``a`` (its content is scaled by ``1 - a``), content ~0.
* *edge coherence* ``|mean_t grad I| / mean_t |grad I|``: a logo's edges keep their gradient frame
  after frame (~1), the content's point every way (~1/sqrt(n)). This catches the outlines of faint
  translucent logos that the stability score misses.

The mask is the union of both (small specks removed, enclosed gaps that are logo filled), grown by ``grow``
pixels. When the content itself does not vary (a still scene) nothing tells logo from content: the
whole rectangle is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from processors.watermark.regions import Rect

SCORE_MIN = 0.3  # stability score above which a pixel is logo
COHERENCE_MIN = 0.6
STATIC_STD = 1.5  # content std (8-bit levels) below which the scene is considered still
GROW = 2
MIN_SPECK = 4  # components smaller than this (pixels) are dropped
MAX_HOLE = 0.05  # enclosed unmasked patches up to this share of the rectangle may become logo...
TINY_HOLE = 6  # ...when they are specks (pixels) or...
HOLE_SCORE = 0.15  # ...their median stability score says "partly static" (a letter's counter scores ~0: content)


@dataclass
class MaskEstimate:
    mask: np.ndarray  # bool (h, w) of the rectangle, grown
    core: np.ndarray  # bool, before growing
    score: np.ndarray  # float32 stability score of the rectangle
    opacity: float  # upper-quartile stability score over the core: ~1 opaque, lower = translucent
    reliable: bool  # False: the content does not vary, the mask is the whole rectangle
    reason: str


def _ring(shape: tuple[int, int], rect: Rect, gap: int = 2) -> np.ndarray:
    ring = np.ones(shape, bool)
    ring[max(0, rect.y - gap):rect.y1 + gap, max(0, rect.x - gap):rect.x1 + gap] = False
    return ring


def temporal_maps(stack: np.ndarray, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-pixel (temporal std blurred 3x3, edge coherence, mean gradient magnitude) in 8-bit levels.

    ``stack``: ``(n, h, w)`` grey frames; ``scale`` turns its values into 8-bit levels. Frames are
    taken one at a time (memory: a few frame-sized accumulators, whatever ``n``).
    """
    shape = stack.shape[1:]
    total, squares = np.zeros(shape, np.float64), np.zeros(shape, np.float64)
    sum_gx, sum_gy, sum_mag = (np.zeros(shape, np.float32) for _ in range(3))
    for raw in stack:
        f = raw.astype(np.float32) * np.float32(scale)
        total += f
        squares += f.astype(np.float64) ** 2
        gx = cv2.Sobel(f, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(f, cv2.CV_32F, 0, 1, ksize=3)
        sum_gx += gx
        sum_gy += gy
        sum_mag += np.hypot(gx, gy)
    n = len(stack)
    mean = total / n
    std = cv2.blur(np.sqrt(np.maximum(squares / n - mean * mean, 0.0)).astype(np.float32), (3, 3))
    mean_mag = np.hypot(sum_gx / n, sum_gy / n)
    return std, mean_mag / (sum_mag / n + 1e-3), mean_mag


def stability_and_coherence(stack: np.ndarray, rect: Rect, scale: float = 1.0
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Per-pixel (score, coherence, mean gradient magnitude) over the crop and the reference std
    (the typical spread around ``rect``)."""
    std, coherence, mean_mag = temporal_maps(stack, scale)
    ring = _ring(std.shape, rect)
    ref = float(np.median(std[ring])) if ring.sum() >= 16 else float(np.percentile(std, 90))
    score = np.clip(1.0 - std / max(ref, 1e-3), 0.0, 1.0)
    return score, coherence, mean_mag, ref


def _clean(mask: np.ndarray) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= MIN_SPECK
    return keep[labels]


def fill_holes(mask: np.ndarray, score: np.ndarray | None = None, max_share: float = MAX_HOLE) -> np.ndarray:
    """``mask`` with its enclosed gaps filled where they are logo: specks (a pixel inside a logo whose
    content happened to vary) and, given the stability ``score``, gaps that are partly static. The
    counter of a letter (an "O"'s inside) shows content that moves: it is kept as it is."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((~mask).astype(np.uint8), connectivity=4)
    h, w = mask.shape
    x, y = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    area = stats[:, cv2.CC_STAT_AREA]
    touches = (x == 0) | (y == 0) | (x + stats[:, cv2.CC_STAT_WIDTH] == w) | (y + stats[:, cv2.CC_STAT_HEIGHT] == h)
    logo_like = area <= TINY_HOLE
    if score is not None:
        for k in np.nonzero(~touches & ~logo_like & (area <= max_share * mask.size))[0]:
            logo_like[k] = float(np.median(score[labels == k])) >= HOLE_SCORE
    hole = ~touches & logo_like
    hole[0] = False  # label 0: the mask itself
    return mask | hole[labels]


def grow(mask: np.ndarray, pixels: int) -> np.ndarray:
    if pixels <= 0:
        return mask.copy()
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pixels + 1, 2 * pixels + 1))
    return cv2.dilate(mask.astype(np.uint8), kernel).astype(bool)


def estimate(stack: np.ndarray, rect: Rect, grow_px: int = GROW, scale: float = 1.0) -> MaskEstimate:
    """Glyph mask of ``rect`` (coordinates inside the crops of ``stack``, ``(n, h, w)`` grey; ``scale``:
    values per 8-bit level, e.g. 1/4 for 10-bit)."""
    score, coherence, mean_mag, ref = stability_and_coherence(stack, rect, scale)
    inner = (slice(rect.y, rect.y1), slice(rect.x, rect.x1))
    full = np.ones((rect.h, rect.w), bool)
    if ref < STATIC_STD or len(stack) < 4:
        return MaskEstimate(full, full, score[inner], 1.0, False,
                            f"the content does not vary (std {ref:.1f}): the whole rectangle is filled")
    ring = _ring(score.shape, rect)
    edge_floor = max(6.0, 3.0 * float(np.percentile(mean_mag[ring], 90))) if ring.sum() >= 16 else 6.0
    edges = (coherence > COHERENCE_MIN) & (mean_mag > edge_floor)
    raw = (score[inner] > SCORE_MIN) | edges[inner]
    raw = cv2.morphologyEx(raw.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)).astype(bool)
    core = fill_holes(_clean(raw), score[inner])
    if not core.any():
        return MaskEstimate(full, full, score[inner], 1.0, False,
                            "no static pixels found in the rectangle: the whole rectangle is filled")
    strong = core & (score[inner] > SCORE_MIN)
    # upper quartile: the core's rim (half logo, half content) scores lower than the glyph itself
    opacity = float(np.percentile(score[inner][strong], 75)) if strong.any() else 0.0
    mask = grow(core, grow_px)
    share = mask.mean()
    return MaskEstimate(mask, core, score[inner], opacity, True,
                        f"glyph mask: {100 * share:.0f}% of the rectangle, opacity ~{opacity:.2f}")


def to_plane(mask: np.ndarray, sx: int, sy: int, shape: tuple[int, int]) -> np.ndarray:
    """A luma-resolution bool mask at a plane subsampled by 2**sx x 2**sy (any covered sample counts)."""
    if not (sx or sy):
        return mask
    h, w = shape
    pad = np.zeros((h << sy, w << sx), bool)
    pad[:mask.shape[0], :mask.shape[1]] = mask[:h << sy, :w << sx]
    return pad.reshape(h, 1 << sy, w, 1 << sx).any(axis=(1, 3))
