"""Undo a logo blended at constant opacity: ``I = a*L + (1 - a)*C``, so ``C = (I - a*L) / (1 - a)``.

Fit (per region, from sampled frames, per plane at that plane's resolution):

1. Opacity from the temporal spread: under the logo the content's variation is scaled by ``1 - a``,
   so per pixel ``alpha(p) = 1 - std_t I(p) / std_ref(p)`` with ``std_ref`` the spread of the content
   around the glyph, interpolated into it. ``a`` is the median over the glyph body; each pixel keeps
   its share ``c(p) = alpha(p) / a`` (antialiased edges), snapped to 0/1 where it is clearly out/in.
   ``a`` is then refined (+-0.12) to the value whose inversion leaves the smallest step across the
   glyph's edge over all samples (the content is continuous there).
2. Colour: ``a*L`` is uniform over each connected part of the glyph (logos are drawn in flat
   colours); since ``C(p) ~ I(q)`` for ``p`` just inside and ``q`` just outside the edge, it is the
   median of ``I(p) - (1 - a)*I(q)`` over such pairs and all samples (see ``_colour``).

The result per plane is ``alpha`` (``a*c``) and ``lam`` (``a*c*L``) maps over the crop; applying
is two multiply-adds per masked pixel. Pixels whose opacity is too high to invert (``>= A_MAX``)
are left to the spatial/temporal fill. No fit (``None``) for an opaque logo or content that does
not vary enough to see through the logo.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from processors.watermark.mask import grow

A_MIN, A_MAX = 0.04, 0.9
MIN_SPREAD = 4.0  # content std (8-bit levels) needed to see through the logo
SNAP_HI, SNAP_LO = 0.6, 0.4
MIN_GAIN = 0.5  # a fit must remove at least half the step the logo makes across its edge


@dataclass
class DeblendFit:
    opacity: float
    alpha: list[np.ndarray]  # per plane, float32 crop-sized, a*c
    lam: list[np.ndarray]  # per plane, float32 crop-sized, a*c*L
    reason: str


def mean_std(stack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-pixel temporal mean and standard deviation (float32), one frame at a time (no stack-sized temporaries)."""
    total = np.zeros(stack.shape[1:], np.float64)
    squares = np.zeros(stack.shape[1:], np.float64)
    for frame in stack:
        f = frame.astype(np.float64)
        total += f
        squares += f * f
    mean = total / len(stack)
    return mean.astype(np.float32), np.sqrt(np.maximum(squares / len(stack) - mean * mean, 0.0)).astype(np.float32)


def _shift(mask: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """``out[y, x] = mask[y + dy, x + dx]`` (False outside)."""
    h, w = mask.shape
    out = np.zeros_like(mask)
    ys, yd = (slice(dy, h), slice(0, h - dy)) if dy >= 0 else (slice(0, h + dy), slice(-dy, h))
    xs, xd = (slice(dx, w), slice(0, w - dx)) if dx >= 0 else (slice(0, w + dx), slice(-dx, w))
    out[yd, xd] = mask[ys, xs]
    return out


def edge_pairs(inside: np.ndarray, outside: np.ndarray, max_gap: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices (p in ``inside``, q in ``outside``) facing each other across an edge, along rows and columns."""
    w = inside.shape[1]
    ps, qs = [], []
    for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        taken = np.zeros_like(inside)
        for k in range(1, max_gap + 1):
            hit = inside & _shift(outside, k * dy, k * dx) & ~taken
            taken |= hit
            y, x = np.nonzero(hit)
            ps.append(y * w + x)
            qs.append((y + k * dy) * w + x + k * dx)
    return np.concatenate(ps), np.concatenate(qs)


def _refine_opacity(stack: np.ndarray, mask: np.ndarray, body: np.ndarray, a0: float) -> float:
    """The opacity near ``a0`` whose inversion leaves the least step across the glyph's edge."""
    p, q = edge_pairs(body, ~grow(mask, 1))
    if len(p) < 16:
        return a0
    flat = stack.reshape(len(stack), -1)
    ip, iq = flat[:, p].astype(np.float32), flat[:, q].astype(np.float32)
    best, best_err = a0, np.inf
    for a in np.clip(a0 + np.linspace(-0.12, 0.12, 25), A_MIN, A_MAX - 1e-3):
        a_l = _colour(stack, mask, body, float(a)).ravel()[p]
        err = float(np.mean(np.abs((ip - a_l) / (1.0 - a) - iq)))
        if err < best_err:
            best, best_err = float(a), err
    return best


def _edge_coverage(stack: np.ndarray, mask: np.ndarray, c: np.ndarray, a: float, a_l: np.ndarray,
                   scale: float) -> np.ndarray:
    """``c`` re-estimated within 2 px of the glyph's edge (antialiasing), per pixel over the samples.

    With ``C^_t`` the content across the edge zone interpolated from the deblended glyph inside and
    the untouched pixels outside, ``I - C^ = c*(a*L - a*C^)``: least squares for ``c`` over the samples
    (frames where the logo's colour differs most from the content weigh most).
    """
    body = c > 0.99
    zone = mask & grow(body, 2) & grow(~body, 2)
    if not zone.any():
        return c
    zone8 = zone.astype(np.uint8)
    inner = body & ~zone
    num = np.zeros(mask.shape, np.float64)
    den = np.zeros(mask.shape, np.float64)
    for frame in stack:
        est = np.where(inner, (frame - a_l) / (1.0 - a), frame).astype(np.float32)
        est = cv2.inpaint(est, zone8, 3, cv2.INPAINT_TELEA)
        d = a_l - a * est
        num += (frame - est) * d
        den += d * d
    ok = zone & (den > len(stack) * (8.0 * scale) ** 2)
    out = c.copy()
    out[ok] = np.clip(num[ok] / den[ok], 0.0, 1.0)
    return out


def _reference_std(std: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The content's temporal spread outside ``mask``, interpolated into it."""
    return cv2.inpaint(std.astype(np.float32), grow(mask, 1).astype(np.uint8), 5, cv2.INPAINT_TELEA)


def fit(stacks: list[np.ndarray], masks: list[np.ndarray], scale: float = 1.0) -> DeblendFit | None:
    """Fit from per-plane sample stacks (``(n, h, w)`` of the planes' dtype) and per-plane masks (bool).

    ``scale``: sample values per 8-bit level (4 for 10-bit planes).
    """
    y_stack, mask = stacks[0], masks[0]
    if len(y_stack) < 8 or mask.sum() < 8 or (~grow(mask, 2)).sum() < 16:
        return None
    std = mean_std(y_stack)[1]
    ref = _reference_std(std, mask)
    if float(np.median(ref[mask])) < MIN_SPREAD * scale:
        return None
    raw = np.where(mask, 1.0 - std / np.maximum(ref, 1e-3), 0.0)
    top = float(np.percentile(raw[mask], 90))
    body_guess = mask & (raw > 0.5 * top)
    if body_guess.sum() < 8:
        return None
    a = float(np.median(raw[body_guess]))
    if not A_MIN <= a < A_MAX:
        return None
    c = np.clip(cv2.medianBlur((raw / a).astype(np.float32), 3), 0.0, 1.0)
    c = np.where(c > SNAP_HI, 1.0, np.where(c < SNAP_LO, 0.0, c)) * mask
    a = _refine_opacity(y_stack, mask, c > 0.99, a)
    c = _edge_coverage(y_stack, mask, c, a, _colour(y_stack, mask, c > 0.99, a), scale)
    alphas, lams = [], []
    for plane, (stack, pmask) in enumerate(zip(stacks, masks, strict=True)):
        pc = c if plane == 0 else cv2.resize(c.astype(np.float32), (pmask.shape[1], pmask.shape[0]),
                                             interpolation=cv2.INTER_AREA) * pmask
        body = pc > 0.99
        if body.sum() < 4:
            return None
        a_l = _colour(stack, pmask, body | (pc > 0.5) if plane else body, a)
        alphas.append((a * pc).astype(np.float32))
        lams.append((a_l * pc).astype(np.float32))  # a_l: the full-opacity a*L, per pixel
    gain = _step_gain(y_stack, mask, c > 0.99, alphas[0], lams[0])
    if gain < MIN_GAIN:
        return None
    return DeblendFit(a, alphas, lams, f"blend fit: opacity {a:.2f} over {int((c > 0.99).sum())} pixels, "
                      f"edge step {100 * (1 - gain):.0f}% of the logo's")


def _step_gain(stack: np.ndarray, mask: np.ndarray, body: np.ndarray, alpha: np.ndarray, lam: np.ndarray) -> float:
    """How much of the step across the glyph's edge the inversion removes over the samples (1 = all)."""
    p, q = edge_pairs(body, ~grow(mask, 1))
    if len(p) < 16:
        return 0.0
    flat = stack.reshape(len(stack), -1)
    ip, iq = flat[:, p].astype(np.float32), flat[:, q].astype(np.float32)
    rec = (ip - lam.ravel()[p]) / (1.0 - alpha.ravel()[p])
    raw = float(np.mean(np.abs(ip - iq)))
    return 1.0 - float(np.mean(np.abs(rec - iq))) / max(raw, 1e-6)


def _colour(stack: np.ndarray, mask: np.ndarray, body: np.ndarray, a: float) -> np.ndarray:
    """Per-pixel ``a*L``, uniform over each connected part of the glyph (logos are drawn in flat colours).

    Per part: the median over edge pairs (p inside, q just outside) and samples of ``I(p) - (1-a)*I(q)``
    (the content is continuous across the edge); a part with too few pairs uses ``mean_t I - (1-a)*B``
    with ``B`` the content's temporal mean interpolated into the mask. Extended smoothly over the band.
    """
    n, labels = cv2.connectedComponents(body.astype(np.uint8), connectivity=8)
    p, q = edge_pairs(body, ~grow(mask, 1))
    flat_stack = stack.reshape(len(stack), -1)
    part_of = labels.ravel()[p]
    mean = background = None
    out = np.zeros(mask.shape, np.float32)
    for k in range(1, n):
        part = labels == k
        sel = part_of == k
        if sel.sum() >= 12:
            value = float(np.median(flat_stack[:, p[sel]] - (1.0 - a) * flat_stack[:, q[sel]].astype(np.float32)))
        else:
            if mean is None:
                mean = mean_std(stack)[0]
                background = cv2.inpaint(mean, grow(mask, 1).astype(np.uint8), 5, cv2.INPAINT_TELEA)
            value = float(np.median((mean - (1.0 - a) * background)[part]))
        out[part] = value
    band = (mask & ~body).astype(np.uint8)
    return cv2.inpaint(out, band, 3, cv2.INPAINT_TELEA) if band.any() else out


def inverted(crop: np.ndarray, alpha: np.ndarray, lam: np.ndarray, where: np.ndarray) -> np.ndarray:
    """The content under the logo at ``where`` (bool; callers exclude alpha >= A_MAX), float32, unclipped."""
    return (crop[where].astype(np.float32) - lam[where]) / (1.0 - alpha[where])


def apply(crop: np.ndarray, alpha: np.ndarray, lam: np.ndarray, where: np.ndarray, max_value: int) -> None:
    """Invert the blend in place at ``where`` (bool; callers exclude alpha >= A_MAX)."""
    crop[where] = np.clip(inverted(crop, alpha, lam, where) + 0.5, 0, max_value).astype(crop.dtype)
