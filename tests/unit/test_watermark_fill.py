"""The fill code shared by the full run and the preview: what changes, what stays, what comes out."""

from __future__ import annotations

import numpy as np
import pytest

from processors.watermark.fill import RegionFiller
from processors.watermark.planes import layout_for
from processors.watermark.regions import Rect, Region


def frame(fmt: str, w: int, h: int, fill=None) -> tuple[bytearray, list[np.ndarray]]:
    layout = layout_for(fmt, w, h)
    buf = bytearray(layout.frame_size)
    planes = layout.views(buf)
    rng = np.random.default_rng(0)
    for p in planes:
        p[:] = fill(p) if fill else rng.integers(0, 200, p.shape)
    return buf, planes


@pytest.mark.parametrize("method", ["auto", "inpaint"])
def test_only_region_pixels_change(method):
    layout = layout_for("yuv420p", 64, 48)
    buf, planes = frame("yuv420p", 64, 48)
    before = [p.copy() for p in planes]
    RegionFiller(layout, [Region(Rect(10, 8, 20, 12))], method).fill(planes, (0,))
    for i, (a, b) in enumerate(zip(before, planes, strict=True)):
        s = 1 if i else 0
        changed = np.argwhere(a != b)
        assert changed.size, f"plane {i} not filled"
        y0, x0 = changed.min(axis=0)
        y1, x1 = changed.max(axis=0) + 1
        assert (x0, y0) >= (10 >> s, 8 >> s) and x1 <= -(-30 >> s) and y1 <= -(-20 >> s), (i, x0, y0, x1, y1)


@pytest.mark.parametrize("fmt", ["yuv420p", "yuv444p10le", "gray"])
def test_edge_interpolation_reproduces_linear_gradients(fmt):
    w, h = 80, 40
    layout = layout_for(fmt, w, h)
    top = 1000 if "10" in fmt else 250

    def ramp(p):
        ys, xs = np.mgrid[0:p.shape[0], 0:p.shape[1]]
        return np.round((xs * 3 + ys * 2) * (top / (3 * p.shape[1] + 2 * p.shape[0])))

    buf, planes = frame(fmt, w, h, ramp)
    before = [p.astype(np.int64) for p in planes]
    # logo pixels: random garbage inside the rectangle
    planes[0][10:30, 20:60] = 7
    RegionFiller(layout, [Region(Rect(20, 10, 40, 20))], "auto").fill(planes, (0,))
    diff = np.abs(planes[0].astype(np.int64) - before[0])
    assert diff.max() <= 1  # exact up to rounding
    assert planes[0].max() > 255 if "10" in fmt else True  # no 8-bit clipping of 10-bit samples


def test_region_on_the_frame_edge_uses_the_remaining_sides():
    layout = layout_for("gray", 40, 30)
    buf, planes = frame("gray", 40, 30, lambda p: np.full(p.shape, 90))
    planes[0][0:10, 0:12] = 255
    RegionFiller(layout, [Region(Rect(0, 0, 12, 10))], "auto").fill(planes, (0,))
    assert np.all(planes[0] == 90)


def test_whole_frame_region_is_refused():
    layout = layout_for("gray", 16, 16)
    with pytest.raises(ValueError):
        RegionFiller(layout, [Region(Rect(0, 0, 16, 16))], "auto").jobs((0,))


def test_inpaint_fills_a_flat_background_flat():
    layout = layout_for("yuv444p", 48, 32)
    buf, planes = frame("yuv444p", 48, 32, lambda p: np.full(p.shape, 120))
    for p in planes:
        p[8:20, 10:30] = 0
    RegionFiller(layout, [Region(Rect(10, 8, 20, 12))], "inpaint").fill(planes, (0,))
    for p in planes:
        assert np.abs(p.astype(int) - 120).max() <= 4  # Telea is not exact on flat areas


def test_time_ranges_select_regions_and_overlaps_are_filled():
    layout = layout_for("gray", 64, 32)
    regions = [Region(Rect(4, 4, 20, 10), 0.0, 1.0), Region(Rect(16, 8, 20, 10), 0.5, None)]
    filler = RegionFiller(layout, regions, "auto")
    assert filler.active(0.2) == (0,) and filler.active(0.7) == (0, 1) and filler.active(3) == (1,)
    buf, planes = frame("gray", 64, 32, lambda p: np.full(p.shape, 60))
    planes[0][4:14, 4:24] = 250
    planes[0][8:18, 16:36] = 250
    outside = planes[0].copy()
    filler.fill(planes, filler.active(0.7))
    assert np.abs(planes[0].astype(int) - 60).max() <= 1  # the logo under both is gone
    outside[4:14, 4:24] = 60
    outside[8:18, 16:36] = 60
    assert np.array_equal(planes[0], outside)  # nothing outside the two rectangles changed


def test_unknown_method():
    with pytest.raises(ValueError):
        RegionFiller(layout_for("gray", 8, 8), [Region(Rect(1, 1, 2, 2))], "magic")
