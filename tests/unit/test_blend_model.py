"""Known answers for the blend model (per-pixel opacity and colour by regression) and the harmonic fill."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from processors.watermark import blendmodel, harmonic
from processors.watermark.fill import RegionFiller
from processors.watermark.planes import layout_for
from processors.watermark.regions import Rect, Region
from tests.unit.test_removal_methods import BIG, H, W, psnr

LAYOUT = layout_for("gray", 200, 120)
SMOOTH = cv2.GaussianBlur(BIG, (0, 0), 4)
RECT = Rect(40, 50, 120, 20)  # a thin handle, as channel logos are: the border interpolation predicts the content


def _logo() -> np.ndarray:
    m = np.zeros((H, W), np.uint8)
    cv2.putText(m, "@handle", (44, 65), cv2.FONT_HERSHEY_SIMPLEX, 0.55, 255, 2)
    return m > 0


LOGO = _logo()


def frames(alpha: float, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(logo'd, clean) frames of a pan over smooth content; a white logo blended at ``alpha``."""
    marked, clean = [], []
    for k in range(n):
        m = np.float32([[1, 0, -(100 + 16.1 * k)], [0, 1, -(100 + 4.9 * k)]])
        c = cv2.warpAffine(SMOOTH, m, (W, H), flags=cv2.INTER_LINEAR)
        clean.append(np.clip(c + 0.5, 0, 255).astype(np.uint8))
        marked.append(np.clip(np.where(LOGO, alpha * 235 + (1 - alpha) * c, c) + 0.5, 0, 255).astype(np.uint8))
    return marked, clean


def _fit(alpha: float, n: int = 60) -> tuple[blendmodel.BlendModel | None, list, list]:
    marked, clean = frames(alpha, n)
    interp = RegionFiller(LAYOUT, [Region(RECT)], "interp")
    planes = [[m] for m in marked]
    predictions = []
    for p in planes:
        copy = [p[0].copy()]
        interp.fill(copy, (0,))
        predictions.append(copy)
    return blendmodel.fit(planes, predictions, LAYOUT, RECT), marked, clean


def _apply(model: blendmodel.BlendModel, frame: np.ndarray) -> np.ndarray:
    """De-blend the model's pixels, fill its opaque ones harmonically (as the run's glyph worker does)."""
    alpha, lam = model.fit.alpha[0], model.fit.lam[0]
    logo = np.zeros(frame.shape, bool)
    logo[RECT.y:RECT.y1, RECT.x:RECT.x1] = model.mask
    out = frame.astype(np.float32)
    inverted = logo & (alpha < 0.9)
    out[inverted] = (out[inverted] - lam[inverted]) / (1 - alpha[inverted])
    harmonic.fill(out, logo & ~inverted)
    return out


@pytest.mark.parametrize("alpha", [0.5, 1.0])
def test_logo_over_moving_content_is_recovered(alpha: float) -> None:
    model, marked, clean = _fit(alpha)
    assert model is not None
    truth = LOGO[RECT.y:RECT.y1, RECT.x:RECT.x1]
    assert (model.mask & truth).sum() / truth.sum() > 0.95, "every logo pixel is modelled"
    if alpha < 1:
        assert abs(model.fit.opacity - alpha) < 0.1, model.fit.reason
    else:
        assert model.opaque_share > 0.3, model.fit.reason
    inner = (slice(RECT.y, RECT.y1), slice(RECT.x, RECT.x1))
    before = np.mean([psnr(m[inner], c[inner]) for m, c in zip(marked, clean, strict=True)])
    after = np.mean([psnr(_apply(model, m)[inner], c[inner]) for m, c in zip(marked, clean, strict=True)])
    assert after > before + 10


def test_still_content_gives_no_model() -> None:
    still = np.where(LOGO, 235, 120).astype(np.uint8)
    planes = [[still.copy()] for _ in range(40)]
    assert blendmodel.fit(planes, [[p[0].copy()] for p in planes], LAYOUT, RECT) is None


def test_too_few_frames_give_no_model() -> None:
    model, _, _ = _fit(0.5, n=blendmodel.MIN_FRAMES - 1)
    assert model is None


def test_harmonic_fill_reproduces_a_linear_ramp() -> None:
    y, x = np.mgrid[0:80, 0:330]
    ramp = 50 + 0.3 * x + 0.5 * y
    hole = np.zeros(ramp.shape, bool)
    hole[10:70, 20:300] = True
    crop = np.where(hole, 0, ramp).astype(np.float64)
    harmonic.fill(crop, hole)
    assert np.abs(crop - ramp).max() < 2.0  # measured 0.7 (a linear function is harmonic)
    small = np.zeros(ramp.shape, bool)
    small[30:34, 100:140] = True
    crop8 = np.where(small, 0, ramp).astype(np.uint8)
    harmonic.fill(crop8, small)
    assert np.abs(crop8.astype(int) - ramp.astype(np.uint8)).max() <= 2
    assert np.array_equal(crop8[~small], ramp.astype(np.uint8)[~small]), "only the hole changes"


def test_held_out_check_refuses_the_model_on_still_content_and_takes_it_on_moving_content() -> None:
    """Beside the logo the truth is visible: a moving scene's mean is smooth (a de-blended pixel's error is small),
    a still scene's mean is the frame itself (no better than the border interpolation)."""
    from processors.watermark.choose import held_out
    from processors.watermark.sampling import Samples

    rect = Rect(70, 50, 50, 16)  # room above, below, left and right of it in the 200x120 crop
    hole = np.zeros((rect.h, rect.w), bool)
    hole[4:12, 10:40] = True
    marked, _ = frames(0.5, 48)
    moving = Samples(Rect(0, 0, W, H), [[[f] for f in marked[i:i + 3]] for i in range(0, 48, 3)], LAYOUT)
    ok, _, why = held_out(moving, rect, hole)
    assert ok, why
    rng = np.random.default_rng(3)
    still = [[[np.clip(marked[0] + rng.normal(0, 1.5, (H, W)), 0, 255).astype(np.uint8)] for _ in range(3)]
             for _ in range(16)]
    ok, _, why = held_out(Samples(Rect(0, 0, W, H), still, LAYOUT), rect, hole)
    assert not ok, why


def test_held_out_check_without_room_beside_the_logo_refuses_the_model() -> None:
    """A logo whose rectangle leaves no same-sized place beside it in the crop cannot be checked: no model."""
    from processors.watermark.choose import held_out
    from processors.watermark.sampling import Samples

    marked, _ = frames(0.5, 48)
    moving = Samples(Rect(0, 0, W, H), [[[f] for f in marked[i:i + 3]] for i in range(0, 48, 3)], LAYOUT)
    ok, spatial, why = held_out(moving, Rect(20, 30, 160, 70), np.ones((70, 160), bool))
    assert not ok and spatial == "interp" and "no room" in why
