"""Logo detection with known answers: synthetic grey frames with a logo drawn at a known place.

Scenes: a textured picture seen through a panning window (moving camera), the same picture held
still with fresh grain in every frame (still camera), that plus a subject walking by (near-static),
a smooth picture whose only strong edges are the logo's. Nothing must be suggested where nothing
can be told: identical frames, pure noise.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from processors.watermark import detect

W, H = 320, 180


def _picture(seed: int, size: int, blur_to: int) -> np.ndarray:
    """A random picture: ``blur_to`` x ``blur_to`` random levels upscaled to ``size`` (smooth if few)."""
    rng = np.random.default_rng(seed)
    small = rng.uniform(20, 235, (blur_to, blur_to)).astype(np.float32)
    return cv2.resize(small, (size, size), interpolation=cv2.INTER_CUBIC)


TEXTURE = _picture(3, 900, 60)  # edges everywhere, about 15 px apart, like a street
SMOOTH = _picture(4, 900, 8)  # gentle gradients only, like sky


def logo(alpha: float = 1.0, at: tuple[int, int] = (200, 20)) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """(per-pixel opacity, rect x/y/w/h of what is drawn): a ring icon and the word 'TV24'."""
    a = np.zeros((H, W), np.uint8)
    x, y = at
    cv2.circle(a, (x + 11, y + 12), 9, 255, 3, cv2.LINE_AA)
    cv2.putText(a, "TV24", (x + 26, y + 21), cv2.FONT_HERSHEY_DUPLEX, 0.75, 255, 2, cv2.LINE_AA)
    ys, xs = np.nonzero(a)
    rect = (int(xs.min()), int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1)
    return a.astype(np.float32) / 255.0 * alpha, rect


def burn(frames: list[np.ndarray], alpha: float = 1.0, at: tuple[int, int] = (200, 20), level: float = 240.0
         ) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The frames with the logo (``level``) blended in, as uint8, and the logo's rect."""
    a, rect = logo(alpha, at)
    out = [np.clip(f * (1 - a) + level * a + 0.5, 0, 255).astype(np.uint8) for f in frames]
    return np.stack(out), rect


def panning(picture: np.ndarray, n: int = 32) -> list[np.ndarray]:
    """A window over ``picture`` moving 17 px right and 5 px down per sample (a moving camera)."""
    return [picture[40 + 5 * i:40 + 5 * i + H, 40 + 17 * i:40 + 17 * i + W].copy() for i in range(n)]


def still(picture: np.ndarray, n: int = 32, grain: float = 1.0, seed: int = 7) -> list[np.ndarray]:
    """One view of ``picture`` held still, with fresh grain (std ``grain``; about one level survives
    compression) in every frame."""
    rng = np.random.default_rng(seed)
    view = picture[100:100 + H, 100:100 + W]
    return [view + rng.normal(0, grain, view.shape).astype(np.float32) for _ in range(n)]


def walker(frames: list[np.ndarray]) -> list[np.ndarray]:
    """A textured subject 40x60 px walking across the lower half of ``frames``."""
    out = []
    for i, f in enumerate(frames):
        f = f.copy()
        x = 10 + i * (W - 60) // len(frames)
        f[100:160, x:x + 40] = TEXTURE[300 + 3 * i:360 + 3 * i, 500:540]
        out.append(f)
    return out


def iou(s: dict, rect: tuple[int, int, int, int]) -> float:
    x, y, w, h = rect
    ix = max(0, min(s["x"] + s["w"], x + w) - max(s["x"], x)) * max(0, min(s["y"] + s["h"], y + h) - max(s["y"], y))
    return ix / (s["w"] * s["h"] + w * h - ix)


def test_finds_an_opaque_logo_over_a_moving_camera():
    stack, rect = burn(panning(TEXTURE))
    found = detect.detect(stack)
    assert len(found) == 1, found
    assert iou(found[0], rect) > 0.75 and found[0]["kind"] == "opaque", (found, rect)
    assert 0.5 < found[0]["score"] <= 1


def test_finds_a_translucent_logo_and_says_so():
    stack, rect = burn(panning(TEXTURE), alpha=0.5)
    found = detect.detect(stack)
    assert found and iou(found[0], rect) > 0.75 and found[0]["kind"] == "translucent", (found, rect)


def test_finds_a_logo_from_a_still_camera_by_its_missing_grain():
    stack, rect = burn(still(TEXTURE))
    found = detect.detect(stack)
    assert found and iou(found[0], rect) > 0.75, (found, rect)
    assert len(found) <= 2, "still scenery must not be suggested"


def test_near_static_scene_suggests_the_logo_not_the_scenery():
    """The issue's 'static street clip': still background, a subject walking by, an opaque logo."""
    stack, rect = burn(walker(still(TEXTURE)), at=(16, 14))
    found = detect.detect(stack)
    assert found and iou(found[0], rect) > 0.75, (found, rect)
    assert len(found) <= 2, found


def test_smooth_scene_whose_only_strong_edges_are_the_logo():
    for alpha in (1.0, 0.5):
        stack, rect = burn(panning(SMOOTH), alpha=alpha)
        found = detect.detect(stack)
        assert found and iou(found[0], rect) > 0.75, (alpha, found, rect)


def test_straight_static_lines_are_no_logo():
    """A split-screen divider and a frame line stay put too, but they run one way: no suggestion."""
    frames = panning(TEXTURE)
    for f in frames:
        f[:, 150:153] = 250.0
        f[60:62, 40:140] = 10.0
    stack, rect = burn(frames)
    found = detect.detect(stack)
    assert len(found) == 1 and iou(found[0], rect) > 0.75, (found, rect)


@pytest.mark.parametrize("frames, alpha", [
    pytest.param(lambda: [TEXTURE[:H, :W]] * 12, 1.0, id="identical frames, even with a logo"),
    pytest.param(lambda: list(np.random.default_rng(5).uniform(0, 255, (24, H, W)).astype(np.float32)), 0.0,
                 id="pure noise"),
    pytest.param(lambda: panning(TEXTURE), 0.0, id="clean moving footage"),
    pytest.param(lambda: walker(still(TEXTURE)), 0.0, id="clean near-static footage"),
])
def test_nothing_where_nothing_can_be_told(frames, alpha):
    stack, _ = burn(frames(), alpha=alpha)
    assert detect.detect(stack) == []


def test_rectangles_in_display_pixels():
    stack, rect = burn(panning(TEXTURE))
    (one,) = detect.detect(stack)
    (two,) = detect.detect(stack, scale=2.0)
    assert (two["x"], two["y"]) == (2 * one["x"], 2 * one["y"])
    assert abs(two["w"] - 2 * one["w"]) <= 1 and abs(two["h"] - 2 * one["h"]) <= 1
