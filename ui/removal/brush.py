"""The mask brush: round strokes painted into a mask array in source pixels.

A pixel is painted when its centre lies within ``radius`` of the stroke segment (``radius`` = half
the brush size, in source pixels), and the pixels under the segment's end points always are, so even
a 1-pixel brush leaves a mark. The rule is the same at every zoom level: mouse positions are mapped
to source coordinates before they get here.
"""

from __future__ import annotations

import math

import numpy as np

MIN_BRUSH, MAX_BRUSH, DEFAULT_BRUSH = 1, 200, 8


def paint_segment(mask: np.ndarray, origin: tuple[int, int], p0: tuple[float, float], p1: tuple[float, float],
                  radius: float, value: int) -> bool:
    """Paint ``value`` along ``p0``-``p1`` (source coordinates) into ``mask`` whose pixel (0, 0) is source pixel
    ``origin``. Returns whether any pixel changed."""
    height, width = mask.shape
    ox, oy = origin
    ax, ay = p0[0] - ox, p0[1] - oy  # mask coordinates from here on
    bx, by = p1[0] - ox, p1[1] - oy
    x0 = max(0, math.floor(min(ax, bx) - radius))
    y0 = max(0, math.floor(min(ay, by) - radius))
    x1 = min(width, math.ceil(max(ax, bx) + radius) + 1)
    y1 = min(height, math.ceil(max(ay, by) + radius) + 1)
    changed = False
    if x1 > x0 and y1 > y0:
        ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float64) + 0.5
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = np.clip(((xs - ax) * dx + (ys - ay) * dy) / length2, 0.0, 1.0) if length2 > 0 else 0.0
        dist2 = (xs - (ax + t * dx)) ** 2 + (ys - (ay + t * dy)) ** 2
        hit = dist2 <= radius * radius + 1e-9
        window = mask[y0:y1, x0:x1]
        changed = bool((window[hit] != value).any())
        window[hit] = value
    for px, py in ((ax, ay), (bx, by)):
        i, j = math.floor(py), math.floor(px)
        if 0 <= i < height and 0 <= j < width and mask[i, j] != value:
            mask[i, j] = value
            changed = True
    return changed
