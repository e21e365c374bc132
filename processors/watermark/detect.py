"""Suggest logo regions: edges pinned to the screen while the rest of the picture moves, changes or
only shimmers with grain.

On ~32 downscaled grey frames spread over the video, per pixel (``mask.temporal_maps``): the temporal
spread ``std``, the edge coherence ``|mean_t grad I| / mean_t |grad I|`` and the mean gradient ``mag``.

Two kinds of evidence:

- *pinned* edges. An edge of the scene, even a "static" one, wobbles with the camera and the codec:
  its spread grows with its strength, and ``std / mag`` (its *wobble*) is of the order of the shake
  in pixels. An edge burned into the picture does not wobble at all (opaque logo) or only with the
  part of the content that shows through (translucent). Evidence: a strong coherent edge wobbling
  less than ``PINNED`` of the footage's typical strong edge. (Over a smooth scene the few strong
  edges may all be the logo's: then the typical wobble is that of the textured half of the picture.)
- *quiet* pixels. From a still camera nothing wobbles, but there is grain; a burned-in glyph has
  none: pixels on or beside an edge varying less than ``QUIET`` of the calm scenery around them.

Evidence is closed into blobs (letters into words), boxes side by side are merged (an icon with its
wordmark), thin ends are trimmed (a pole touching a logo), and a calm compact patch on the same line
is joined (a translucent icon, whose outline is not fixed). Each box of a plausible size gets a
score: how coherent and how pinned its evidence is, how much of it there is, whether its edges turn
(a glyph) rather than run one way (a pole, a stripe), and whether part of it is quiet. Suggestions
scoring much below the best are dropped. Kind: ``opaque`` when the glyph itself does not vary,
``translucent`` when it keeps part of the content's variation.

Identical frames give no suggestion (a logo cannot be told from the scene), nor does pure noise (it
has no coherent edges).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from processors.watermark.mask import COHERENCE_MIN, temporal_maps

MAX_AREA = 0.15  # of the frame: bigger static things are scenery (letterbox bars, a still background)
MIN_AREA = 0.0004
MAX_SPAN = 0.6  # of the frame's width
MAX_HEIGHT = 0.35  # of the frame's height (a logo is a line or two of text, an icon beside it)
MAX_SUGGESTIONS = 5
NOISE_MIN = 0.25  # median temporal spread (8-bit levels) below which the frames are identical
PINNED = 0.4  # an edge is pinned when its wobble is below this fraction of the footage's typical one
STEADY = 0.3  # an edge is steady when it turns less than this fraction of the typical strong edge
MOVING_LOOSE = 0.15  # 1 - the strong edges' median coherence from which the scene moves
SMOOTH_RATIO = 10  # textured pixels wobbling this much more than the strong edges: those are no scenery
QUIET = 0.4  # a pixel is quiet when its spread is below this fraction of the calm scenery's around it
CLIPPED = 4  # levels from black or white: a clipped pixel is quiet for no reason
BORDER = 3  # px at the frame's edges ignored (the picture's own boundary, a dark line along it)
MIN_EDGES = 12  # evidence pixels for a blob to count
FULL_EDGES = 60  # ... and from how many its score no longer grows
SPREAD_FULL = 0.4  # edge directions' spread (0..0.75) from which a blob's edges count as turning
QUIET_WEIGHT = 0.3  # share of the score given by the blob's quiet pixels ...
QUIET_FULL = 0.2  # ... in full from this fraction of its evidence
TRIM = 0.1  # a blob's end rows/columns with less than this fraction of its fullest one's evidence go
PATCH_CALM = 0.7  # a calm patch varies less than this fraction of the calm scenery around it ...
PATCH_FILL = 0.4  # ... and fills at least this much of its box
PAD = 2  # px around the evidence (codec bleed; the suggestion becomes the removal rectangle)
OPAQUE_SEE_THROUGH = 0.42  # a blob whose calmest tenth varies less than this fraction of its surroundings is opaque
RELATIVE_MIN = 0.7  # suggestions scoring below this fraction of the best are dropped
SCORE_MIN = 0.3


@dataclass
class _Maps:
    std: np.ndarray
    coherence: np.ndarray
    local: np.ndarray  # spread of the calm scenery around each pixel
    edges: np.ndarray  # strong and coherent
    evidence: np.ndarray  # pinned or quiet
    quiet: np.ndarray
    rel: np.ndarray  # how far from the scene each evidence pixel is: 0 (pinned/quiet) .. 1 (like the scene)
    orientation: np.ndarray


def detect(stack: np.ndarray, scale: float = 1.0) -> list[dict]:
    """Suggestions from 8-bit grey frames ``(n, h, w)``; ``scale`` maps their pixels to display pixels.

    Each: {"x", "y", "w", "h" (display pixels), "score": 0..1, "kind": "opaque" | "translucent"},
    best first, at most ``MAX_SUGGESTIONS``.
    """
    if stack.shape[0] < 4:
        return []
    maps = _maps(stack)
    if maps is None:
        return []
    h, w = maps.std.shape
    k = max(3, int(round(w / 60)) | 1)
    blobs = cv2.morphologyEx(maps.evidence.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    boxes = _merge([tuple(int(v) for v in stats[i][:4]) for i in range(1, count) if stats[i][4] >= MIN_EDGES], k)
    patches = cv2.connectedComponentsWithStats((maps.std < PATCH_CALM * maps.local).astype(np.uint8))[2][1:]
    found = []
    for box in boxes:
        _, _, bw, bh = box
        if not (MIN_AREA * w * h <= bw * bh <= MAX_AREA * w * h) or bw > MAX_SPAN * w or bh > MAX_HEIGHT * h:
            continue
        got = _suggestion(maps, blobs > 0, _trim(maps.evidence, box), patches)
        if got is not None:
            (x0, y0, x1, y1), score, kind = got
            found.append({"x": int(np.floor(x0 * scale)), "y": int(np.floor(y0 * scale)),
                          "w": int(np.ceil((x1 - x0) * scale)), "h": int(np.ceil((y1 - y0) * scale)),
                          "score": round(score, 3), "kind": kind})
    found.sort(key=lambda r: r["score"], reverse=True)
    best = found[0]["score"] if found else 0.0
    return [r for r in found if r["score"] >= max(SCORE_MIN, RELATIVE_MIN * best)][:MAX_SUGGESTIONS]


def _maps(stack: np.ndarray) -> _Maps | None:
    """Per-pixel evidence; None when the frames tell nothing (identical, or without strong edges)."""
    std, coherence, mag = temporal_maps(stack)
    if float(np.median(std)) < NOISE_MIN:
        return None
    strong = mag > max(6.0, 4.0 * float(np.median(mag)))
    if int(strong.sum()) < MIN_EDGES:
        return None
    edges = strong & (coherence > COHERENCE_MIN)
    wobble = std / (mag + 1.0)
    typical = float(np.median(wobble[strong]))
    textured = float(np.median(wobble[mag > float(np.median(mag))]))
    if textured > SMOOTH_RATIO * typical:
        typical = textured
    if typical <= 0.0:
        return None
    rel = wobble / typical
    # over a moving scene, an edge that keeps its direction while the scene's do not is pinned too
    # (only where the scene's strong edges do turn: the camera moves)
    loose = 1.0 - float(np.median(coherence[strong]))
    pinned = edges & (rel < PINNED)
    if loose >= MOVING_LOOSE:
        pinned |= edges & ((1.0 - coherence) < STEADY * loose)
    local = np.maximum(_local_level(std), NOISE_MIN)
    mean = stack.mean(axis=0, dtype=np.float32)
    quiet = (std < QUIET * local) & (mean > CLIPPED) & (mean < 255 - CLIPPED)
    quiet &= cv2.dilate(edges.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0  # on or beside a glyph's edge
    evidence = pinned | quiet
    b = BORDER
    evidence[:b], evidence[-b:], evidence[:, :b], evidence[:, -b:] = False, False, False, False
    rel = np.minimum(np.where(pinned, rel, 1.0), np.where(quiet, std / local, 1.0))
    return _Maps(std, coherence, local, edges, evidence, quiet, rel, _orientation_bins(mean))


def _suggestion(maps: _Maps, blobs: np.ndarray, box: tuple[int, int, int, int], patches: np.ndarray
                ) -> tuple[tuple[int, int, int, int], float, str] | None:
    """((x0, y0, x1, y1), score, kind) of the blob in ``box`` (x, y, w, h), or None if too little."""
    x, y, bw, bh = box
    win = (slice(y, y + bh), slice(x, x + bw))
    inside = maps.evidence[win]
    n_px = int(inside.sum())
    outline = maps.edges[win] & blobs[win]
    if n_px < MIN_EDGES or int(outline.sum()) < MIN_EDGES:
        return None
    coh = float(maps.coherence[win][outline].mean())
    rel = float(np.median(maps.rel[win][inside]))
    spread = _spread(maps.orientation[win][outline])
    quiet = float(maps.quiet[win][inside].mean())
    score = coh * (1.0 - rel) * min(1.0, n_px / FULL_EDGES) * min(1.0, spread / SPREAD_FULL)
    score *= (1.0 - QUIET_WEIGHT) + QUIET_WEIGHT * min(1.0, quiet / QUIET_FULL)
    see_through = float(np.percentile((maps.std / maps.local)[win][blobs[win]], 10))
    ys, xs = np.nonzero(inside)
    x0, y0, x1, y1 = _join((x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1),
                           patches)
    h, w = maps.std.shape
    rect = (max(0, x0 - PAD), max(0, y0 - PAD), min(w, x1 + PAD), min(h, y1 + PAD))
    return rect, float(np.clip(score, 0.0, 1.0)), "opaque" if see_through < OPAQUE_SEE_THROUGH else "translucent"


def _join(box: tuple[int, int, int, int], patches: np.ndarray) -> tuple[int, int, int, int]:
    """``box`` (x0, y0, x1, y1) joined with the calm patches beside it: on its line (within a quarter
    of its height above and below), at most its height away, compact and about as tall as it."""
    x0, y0, x1, y1 = box
    top, bottom, bh = y0, y1, y1 - y0
    for px, py, pw, ph, area in patches:
        if not (py >= top - bh / 4 and py + ph <= bottom + bh / 4 and ph >= bh / 2 and pw <= 2 * bh):
            continue
        if area < PATCH_FILL * pw * ph or max(px - x1, x0 - (px + pw)) > bh:
            continue
        x0, y0, x1, y1 = min(x0, int(px)), min(y0, int(py)), max(x1, int(px + pw)), max(y1, int(py + ph))
    return x0, y0, x1, y1


def _trim(evidence: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """``box`` without its thin ends: rows and columns at its edges holding less than ``TRIM`` of its
    fullest row's (column's) evidence (a pole or a window frame touching a logo)."""
    x, y, bw, bh = box
    part = evidence[y:y + bh, x:x + bw]
    if not part.any():
        return box
    rows, cols = part.sum(axis=1), part.sum(axis=0)
    keep_r = np.nonzero(rows >= TRIM * rows.max())[0]
    keep_c = np.nonzero(cols >= TRIM * cols.max())[0]
    return x + int(keep_c[0]), y + int(keep_r[0]), int(keep_c[-1] - keep_c[0]) + 1, int(keep_r[-1] - keep_r[0]) + 1


def _local_level(std: np.ndarray, cell: int = 8) -> np.ndarray:
    """The spread of the calmest scenery around each pixel: ``cell``-pixel block means, their median
    over 5x5 blocks (a logo does not fill them), then the least of 3x3 of those (next to a moving
    subject, the still background's own level)."""
    h, w = std.shape
    small = cv2.resize(std, (max(1, w // cell), max(1, h // cell)), interpolation=cv2.INTER_AREA)
    level = cv2.erode(cv2.medianBlur(small, 5), np.ones((3, 3), np.uint8))
    return cv2.resize(level, (w, h), interpolation=cv2.INTER_LINEAR)


def _orientation_bins(mean: np.ndarray) -> np.ndarray:
    """Per pixel, the direction of the (mean) frame's edge in 4 bins of 45 degrees (0..3)."""
    gx = cv2.Sobel(mean, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(mean, cv2.CV_32F, 0, 1, ksize=3)
    angle = np.mod(np.arctan2(gy, gx) + np.pi / 8, np.pi)
    return np.minimum((angle / (np.pi / 4)).astype(np.uint8), 3)


def _spread(bins: np.ndarray) -> float:
    """How evenly edges point in different directions: 0 (all one way) .. 0.75 (all four evenly)."""
    counts = np.bincount(bins, minlength=4)
    return 1.0 - float(counts.max()) / max(1, int(counts.sum()))


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
