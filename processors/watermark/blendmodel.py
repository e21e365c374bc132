"""A per-pixel model of a burned-in logo, fitted by regression against the rectangle's border interpolation.

A logo burned in at opacity ``a(p)`` and colour ``L(p)`` (both may vary per pixel: antialiased edges, a
shadow, several colours) turns the content ``C`` into ``I = lam + beta*C`` with ``beta = 1 - a`` and
``lam = a*L``, the same in every frame. Over many sampled frames, per pixel of the rectangle, ``I`` is
regressed on ``P``: the rectangle filled by the border interpolation (``delogo``'s scheme) in the same
frame. ``P`` is a smooth prediction of ``C`` from outside the logo; its error is roughly uncorrelated
with ``P`` itself, so the slope estimates ``beta`` without the attenuation that regressing on a noisy
``C`` would give. Measured on real clips (``tests/bench/bench_removal_quality.py --real``) this model
recovers the content under translucent parts far better than any fill.

Per pixel (luma decides, chroma follows at its resolution):

* ``content``: a credible fit with ``beta`` ~1 and no offset: not part of the logo, left alone;
* ``deblend``: a credible fit with ``BETA_MIN <= beta < BETA_CONTENT``: ``C = (I - lam) / beta``;
* ``opaque``: a credible fit with ``beta < BETA_MIN``: nothing shows through, filled from around;
* ``unknown``: the fit is not credible (the content does not vary enough there); a rectangle with too
  many of these gets no model (``None``) and the caller falls back to its other methods.

"Credible" is the standard error of the slope (``SE_MAX``). Memory: six crop-sized float64 sums per
plane, whatever the number of frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from processors.watermark.deblend import DeblendFit
from processors.watermark.mask import grow, to_plane
from processors.watermark.planes import FrameLayout
from processors.watermark.regions import Rect

SE_MAX = 0.06  # standard error of the slope under which a pixel's fit is believed
BETA_CONTENT = 0.97  # slope above which (and with a small offset) a pixel is content
OFFSET_CONTENT = 3.0  # 8-bit levels: |lam - (1 - beta) * mean P| under which a pixel is content
BETA_MIN = 0.3  # below this the content is too faint to recover (noise x 1/beta): fill instead
MAX_UNKNOWN = 0.25  # share of the logo's pixels (and of the rectangle) that may lack a credible fit
MIN_FRAMES = 24
MIN_LOGO = 8  # pixels


@dataclass
class BlendModel:
    """The fitted model over a crop (plane maps as ``DeblendFit``), the logo's luma mask and the counts."""

    fit: DeblendFit
    mask: np.ndarray  # bool (rect.h, rect.w): pixels that are logo (deblended or filled)
    deblend_share: float  # of the logo's pixels
    opaque_share: float
    unknown_share: float


class _Sums:
    """Running sums for the per-pixel regression of ``I`` on ``P`` over frames."""

    def __init__(self, shape: tuple[int, int]) -> None:
        self.n = 0
        self.i, self.p, self.ii, self.pp, self.ip = (np.zeros(shape, np.float64) for _ in range(5))

    def add(self, i: np.ndarray, p: np.ndarray) -> None:
        i64, p64 = i.astype(np.float64), p.astype(np.float64)
        self.n += 1
        self.i += i64
        self.p += p64
        self.ii += i64 * i64
        self.pp += p64 * p64
        self.ip += i64 * p64

    def solve(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per pixel (beta, lam, standard error of beta, mean of P)."""
        n = self.n
        mi, mp = self.i / n, self.p / n
        var_p = np.maximum(self.pp / n - mp * mp, 0.0)
        cov = self.ip / n - mi * mp
        var_i = np.maximum(self.ii / n - mi * mi, 0.0)
        safe = np.maximum(var_p, 1e-6)
        beta = cov / safe
        lam = mi - beta * mp
        resid = np.maximum(var_i - beta * cov, 0.0)  # mean squared residual of the fit
        se = np.sqrt(resid / (n * safe))
        se[var_p < 1e-6] = np.inf
        return beta, lam, se, mp


def fit(frames: Sequence[Sequence[np.ndarray]], predictions: Sequence[Sequence[np.ndarray]], layout: FrameLayout,
        rect: Rect) -> BlendModel | None:
    """The model of the logo in ``rect`` (crop coordinates) from frames and their border interpolations.

    ``frames``/``predictions``: per frame the crop's planes (``layout``), unfilled and with ``rect``
    filled by the border interpolation. ``None`` when the frames cannot tell logo from content.
    """
    if len(frames) < MIN_FRAMES:
        return None
    scale = 255.0 / ((1 << layout.fmt.bit_depth) - 1)
    sums = [_Sums(layout.plane_shape(p)) for p in range(layout.fmt.planes)]
    for planes, pred in zip(frames, predictions, strict=True):
        for p, s in enumerate(sums):
            s.add(planes[p], pred[p])
    solved = [s.solve() for s in sums]
    inner = (slice(rect.y, rect.y1), slice(rect.x, rect.x1))
    beta, lam, se, mp = (a[inner] for a in solved[0])
    credible = se < SE_MAX
    offset = np.abs(lam - (1.0 - beta) * mp) * scale
    content = credible & (beta >= BETA_CONTENT) & (offset < OFFSET_CONTENT)
    deblend = credible & ~content & (beta >= BETA_MIN)
    opaque = credible & (beta < BETA_MIN)
    unknown = ~credible
    logo_core = deblend | opaque
    if logo_core.sum() < MIN_LOGO:
        return None
    # unknown pixels count as logo where they touch it (a glyph's body where the content was flat)
    logo = logo_core | (unknown & grow(logo_core, 2))
    n_logo = int(logo.sum())
    unknown_share = float((unknown & logo).sum()) / n_logo
    if unknown_share > MAX_UNKNOWN or float(unknown.mean()) > MAX_UNKNOWN:
        return None
    fill_luma = np.zeros(solved[0][0].shape, bool)
    deblend_luma = np.zeros_like(fill_luma)
    fill_luma[inner] = logo & ~deblend
    deblend_luma[inner] = deblend
    alphas, lams = [], []
    for p, (b, lm, _se, _mp) in enumerate(solved):
        sx, sy = layout.subsampling(p)
        shape = layout.plane_shape(p)
        d = to_plane(deblend_luma, sx, sy, shape) & ~to_plane(fill_luma, sx, sy, shape)
        b = np.clip(b, BETA_MIN, 1.0)
        alpha = np.where(d, 1.0 - b, 1.0).astype(np.float32)  # alpha 1: not invertible, filled instead
        alphas.append(alpha)
        lams.append(np.where(d, lm, 0.0).astype(np.float32))
    share = float(deblend.sum()) / n_logo
    opacity = float(1.0 - np.median(beta[deblend])) if deblend.any() else 1.0
    reason = (f"blend model over {sums[0].n} frames: {100 * share:.0f}% of the logo's pixels see through "
              f"(opacity ~{opacity:.2f}), {100 * opaque.sum() / n_logo:.0f}% opaque, "
              f"{100 * unknown_share:.0f}% unknown")
    return BlendModel(DeblendFit(opacity, alphas, lams, reason), logo, share,
                      float(opaque.sum()) / n_logo, unknown_share)
