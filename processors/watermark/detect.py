"""Suggest logo regions: places whose edges stay put while the rest of the picture moves or changes.

On ~32 downscaled frames spread over the video: per pixel the edge coherence
``|mean_t grad I| / mean_t |grad I|`` and the stability score of ``mask`` (see there). Strong
coherent edges next to stable pixels (a smooth gradient panning by is coherent but not stable)
are closed into blobs (the letters of a word merge; an icon beside its wordmark is joined), and each blob of a plausible
size becomes a suggestion with a score (how coherent and how many its edges are) and a kind
(``translucent`` when the content shows through: the pixels inside keep part of its variation).
Footage where nothing varies gives no suggestion: there, a logo cannot be told from the scene.
"""

from __future__ import annotations

import cv2
import numpy as np

from processors.watermark.mask import COHERENCE_MIN, STATIC_STD, temporal_maps

MAX_AREA = 0.15  # of the frame: bigger static things are scenery (letterbox bars, a still background)
MIN_AREA = 0.0004
MAX_SPAN = 0.6  # of the frame's width/height
OPAQUE_SCORE = 0.85
MAX_SUGGESTIONS = 5
STABLE_NEAR = 0.35


def detect(stack: np.ndarray, scale: float = 1.0) -> list[dict]:
    """Suggestions from 8-bit grey frames ``(n, h, w)``; ``scale`` maps their pixels to display pixels."""
    n, h, w = stack.shape
    if n < 4:
        return []
    std, coherence, mean_mag = temporal_maps(stack)
    ref = float(np.median(std))
    if ref < STATIC_STD:
        return []
    stability = np.clip(1.0 - std / ref, 0.0, 1.0)
    floor = max(6.0, 4.0 * float(np.median(mean_mag)))
    # a moving smooth gradient is coherent too, but its pixels vary: keep edges next to stable pixels
    stable_near = cv2.dilate(stability, np.ones((5, 5), np.uint8)) > STABLE_NEAR
    edges = (coherence > COHERENCE_MIN) & (mean_mag > floor) & stable_near
    k = max(3, int(round(w / 60)) | 1)
    blobs = cv2.morphologyEx(edges.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    blobs = cv2.dilate(blobs, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    boxes = _merge([tuple(int(v) for v in stats[i][:4]) for i in range(1, count)], k)
    found = []
    for x, y, bw, bh in boxes:
        if not (MIN_AREA * w * h <= bw * bh <= MAX_AREA * w * h) or bw > MAX_SPAN * w or bh > MAX_SPAN * h:
            continue
        part = blobs[y:y + bh, x:x + bw] > 0
        inside_edges = edges[y:y + bh, x:x + bw] & part
        n_edges = int(inside_edges.sum())
        if n_edges < 12:
            continue
        coh = float(coherence[y:y + bh, x:x + bw][inside_edges].mean())
        score = float(np.clip(coh * min(1.0, n_edges / 60.0), 0.0, 1.0))
        stable = stability[y:y + bh, x:x + bw][part]
        kind = "opaque" if float(np.percentile(stable, 90)) >= OPAQUE_SCORE else "translucent"
        pad = 2
        x0, y0 = max(0, x - pad), max(0, y - pad)
        x1, y1 = min(w, x + bw + pad), min(h, y + bh + pad)
        found.append({"x": int(np.floor(x0 * scale)), "y": int(np.floor(y0 * scale)),
                      "w": int(np.ceil((x1 - x0) * scale)), "h": int(np.ceil((y1 - y0) * scale)),
                      "score": round(score, 3), "kind": kind})
    found.sort(key=lambda r: r["score"], reverse=True)
    return found[:MAX_SUGGESTIONS]


def _merge(boxes: list[tuple[int, int, int, int]], gap: int) -> list[tuple[int, int, int, int]]:
    """Join boxes side by side on one line (an icon and its wordmark) or stacked closely."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                reach = max(gap, int(0.8 * min(a[3], b[3], a[2], b[2])))
                dx = max(a[0], b[0]) - min(a[0] + a[2], b[0] + b[2])  # horizontal gap (negative: overlap)
                dy = max(a[1], b[1]) - min(a[1] + a[3], b[1] + b[3])
                if dx <= reach and dy <= reach and min(dx, dy) < 0:
                    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
                    boxes[i] = (x0, y0, max(a[0] + a[2], b[0] + b[2]) - x0, max(a[1] + a[3], b[1] + b[3]) - y0)
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes
