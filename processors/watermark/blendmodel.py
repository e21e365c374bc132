"""A per-pixel model of a burned-in logo: ``I = lam + beta*C`` with ``beta = 1 - a``, ``lam = a*L``.

A logo burned in at opacity ``a(p)`` and colour ``L(p)`` (both may vary per pixel: antialiased edges, a
shadow, several colours) is the same in every frame. Two estimates per pixel of the rectangle, from
many sampled frames:

* *regression*: ``I`` regressed on ``P``, the rectangle filled by the border interpolation (``delogo``'s
  scheme) in the same frame. ``P`` is a smooth prediction of ``C`` whose error is roughly uncorrelated
  with ``P``, so the slope estimates ``beta``. Precise where the border predicts the content (thin
  logos over moving real footage); believed where the slope's standard error is below ``SE_MAX``.
* *moments*: the temporal mean and spread of the content vary smoothly in space even where the content
  itself does not, so ``mean C`` and ``std C`` under the logo are interpolated (harmonically) from
  around it: ``beta = std I / std C``, ``lam = mean I - beta * mean C``. Needs the content to vary
  (``MIN_SPREAD``), not to be predictable frame by frame.

The regression wins where it is believed, the moments elsewhere. Per pixel (luma decides, chroma
follows at its resolution): ``content`` (its mean as the content's around it: left alone),
``deblend`` (``BETA_MIN <= beta``: ``C = (I - lam) / beta``), ``opaque`` (nothing shows through:
filled from around), ``unknown`` (neither estimate: the content does not vary there). A rectangle
with too many unknown logo pixels gets no model (``None``): the caller falls back. (The step across
the de-blended logo's edge was tried as an acceptance test and dropped: on real footage it rose on a
case the model improved by 6 dB and fell on one it did not improve.)
Memory: a few crop-sized float64 sums per plane, whatever the number of frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from processors.watermark import harmonic
from processors.watermark.deblend import DeblendFit
from processors.watermark.mask import grow, to_plane
from processors.watermark.planes import FrameLayout
from processors.watermark.regions import Rect

SE_MAX = 0.06  # standard error of the slope under which a pixel's fit is believed
OFFSET_CONTENT = 3.0  # a pixel whose mean differs from the content's around by less (8-bit levels) is left alone
BETA_MIN = 0.3  # below this the content is too faint to recover (noise x 1/beta): fill instead
MAX_UNKNOWN = 0.25  # share of the logo's pixels (and of the rectangle) that may lack a credible fit
MIN_FRAMES = 24
MIN_SPREAD = 1.5  # 8-bit levels of content std needed for the moments estimate
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


def _estimate(sums: _Sums, inner: tuple[slice, slice], spread_min: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(beta, lam, regression believed, moments known, mean of C) over a plane's crop (see the docstring)."""
    beta_r, lam_r, se, _ = sums.solve()
    n = sums.n
    mean_i = sums.i / n
    std_i = np.sqrt(np.maximum(sums.ii / n - mean_i * mean_i, 0.0))
    hole = np.zeros(mean_i.shape, bool)
    hole[inner] = True
    mean_c, std_c = mean_i.copy(), std_i.copy()
    harmonic.fill(mean_c, hole)
    harmonic.fill(std_c, hole)
    known = std_c >= spread_min
    beta_m = np.clip(std_i / np.maximum(std_c, 1e-6), 0.0, 1.0)
    lam_m = mean_i - beta_m * mean_c
    believed = se < SE_MAX
    beta = np.where(believed, beta_r, np.where(known, beta_m, 1.0))
    lam = np.where(believed, lam_r, np.where(known, lam_m, 0.0))
    return beta, lam, believed, known, mean_c


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
    estimates = []
    for p, s in enumerate(sums):
        sx, sy = layout.subsampling(p)
        ph, pw = layout.plane_shape(p)
        inner_p = (slice(rect.y >> sy, min(ph, -(-rect.y1 >> sy))), slice(rect.x >> sx, min(pw, -(-rect.x1 >> sx))))
        estimates.append(_estimate(s, inner_p, MIN_SPREAD / scale))
    inner = (slice(rect.y, rect.y1), slice(rect.x, rect.x1))
    beta, lam, believed, known, mean_c = (a[inner] for a in estimates[0])
    offset = np.abs(lam - (1.0 - beta) * mean_c) * scale  # = |mean I - mean C|: a*|L - mean C| under a logo
    unknown = ~believed & ~known
    # the mean as around: content, or a logo part as bright as what it covers (leaving it costs little,
    # filling or de-blending it on a doubtful slope costs detail and steadiness)
    # (a slope near 1 with an offset is kept as a logo pixel: an opaque badge's pixels near its text, whose
    # codec noise mimics the content's spread, measured 13-16 levels off and are corrected by the offset)
    content = ~unknown & (offset < OFFSET_CONTENT)
    deblend = ~unknown & ~content & (beta >= BETA_MIN)
    opaque = ~unknown & (beta < BETA_MIN)
    logo_core = deblend | opaque
    if logo_core.sum() < MIN_LOGO:
        return None
    # unknown pixels count as logo where they touch it (a glyph's body where the content was flat)
    logo = logo_core | (unknown & grow(logo_core, 2))
    n_logo = int(logo.sum())
    unknown_share = float((unknown & logo).sum()) / n_logo
    if unknown_share > MAX_UNKNOWN:
        return None
    fill_luma = np.zeros(estimates[0][0].shape, bool)
    deblend_luma = np.zeros_like(fill_luma)
    fill_luma[inner] = logo & ~deblend
    deblend_luma[inner] = deblend
    alphas, lams = [], []
    for p, (b, lm, *_rest) in enumerate(estimates):
        sx, sy = layout.subsampling(p)
        shape = layout.plane_shape(p)
        d = to_plane(deblend_luma, sx, sy, shape) & ~to_plane(fill_luma, sx, sy, shape)
        alphas.append(np.where(d, 1.0 - np.clip(b, BETA_MIN, 1.0), 1.0).astype(np.float32))  # 1: filled instead
        lams.append(np.where(d, lm, 0.0).astype(np.float32))
    share = float(deblend.sum()) / n_logo
    clear = deblend & (beta < 0.9)  # the logo's body (near-1 slopes with an offset are its faint fringe)
    opacity = float(1.0 - np.median(beta[clear])) if clear.any() else 1.0
    reason = (f"blend model over {sums[0].n} frames: {100 * share:.0f}% of the logo's pixels see through "
              f"(opacity ~{opacity:.2f}), {100 * opaque.sum() / n_logo:.0f}% opaque, "
              f"{100 * unknown_share:.0f}% unknown")
    return BlendModel(DeblendFit(opacity, alphas, lams, reason), logo, share,
                      float(opaque.sum()) / n_logo, unknown_share)
