"""Regions: validation, clipping, display -> stored mapping; pixel layouts of the working formats."""

from __future__ import annotations

import numpy as np
import pytest

from processors.watermark.planes import layout_for, working_pix_fmt
from processors.watermark.regions import (
    Rect,
    Region,
    RegionError,
    clipping_note,
    display_size,
    display_to_stored,
    encode_mask,
    normalize_rotation,
    parse_regions,
)


def test_parse_clips_to_frame_and_rounds_outward():
    (r,) = parse_regions([{"x": -5, "y": 10.5, "w": 20, "h": 300}], 100, 50)
    assert r.rect == Rect(0, 10, 15, 40)


def test_clipping_is_recorded_and_said():
    regions = parse_regions([{"x": -5, "y": 10.5, "w": 20, "h": 300}, {"x": 1.5, "y": 2, "w": 10, "h": 8}], 100, 50)
    clipped, inside = (r.to_dict() for r in regions)
    assert clipped["clipped_from"] == [-5, 10.5, 20, 300]
    assert clipping_note(0, clipped) == "region 1 (-5,10.5 20x300) reaches outside the frame: clipped to 0,10 15x40"
    assert "clipped_from" not in inside and clipping_note(1, inside) is None  # rounded outward, not clipped
    (again,) = parse_regions([clipped], 100, 50)  # the validated config parsed again (the run) keeps the record
    assert again.rect == Rect(0, 10, 15, 40) and again.to_dict() == clipped


def test_clipped_region_with_a_mask_parses_again():
    m = np.zeros((20, 30), bool)
    m[:, 12] = True  # column 2 of the part inside the frame
    (region,) = parse_regions([{"x": -10, "y": 5, "w": 30, "h": 20, "mask": encode_mask(m)}], 100, 100)
    (again,) = parse_regions([region.to_dict()], 100, 100)
    assert again.rect == Rect(0, 5, 20, 20) and again.mask.shape == (20, 20)
    assert again.mask[:, 2].all() and again.mask.sum() == 20


@pytest.mark.parametrize("bad", [
    [], None, "1,2,3,4", [{"x": 0, "y": 0, "w": 0, "h": 5}], [{"x": 0, "y": 0, "w": 5}],
    [{"x": 200, "y": 0, "w": 5, "h": 5}], [{"x": "a", "y": 0, "w": 5, "h": 5}],
    [{"x": 0, "y": 0, "w": 5, "h": 5, "start_s": 3, "end_s": 2}], [{"x": 0, "y": 0, "w": 5, "h": 5, "start_s": -1}],
    [{"x": float("nan"), "y": 0, "w": 5, "h": 5}], [{"x": True, "y": 0, "w": 5, "h": 5}],
])
def test_parse_rejects(bad):
    with pytest.raises(RegionError):
        parse_regions(bad, 100, 50)


def test_start_after_the_end_of_the_video_is_rejected():
    with pytest.raises(RegionError):
        parse_regions([{"x": 0, "y": 0, "w": 5, "h": 5, "start_s": 12}], 100, 50, duration_s=10)


def test_time_range_is_start_inclusive_end_exclusive():
    r = Region(Rect(0, 0, 1, 1), 1.0, 2.0)
    assert [r.active_at(t) for t in (0.99, 1.0, 1.5, 1.999, 2.0)] == [False, True, True, True, False]
    assert Region(Rect(0, 0, 1, 1)).active_at(1e9)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270, -90, 450])
def test_display_to_stored_matches_numpy_rotation(degrees):
    """A rectangle marked on the displayed frame covers the same pixels on the stored frame."""
    h, w = 7, 11
    stored = np.arange(h * w).reshape(h, w)
    cw = normalize_rotation(degrees)
    shown = np.rot90(stored, k=-(cw // 90))  # what a player shows: stored rotated clockwise
    assert shown.shape[::-1] == display_size(w, h, cw)
    rect = Rect(1, 2, 3, 4) if shown.shape[1] > 4 else Rect(1, 2, 2, 3)
    wanted = set(shown[rect.y:rect.y1, rect.x:rect.x1].ravel())
    s = display_to_stored(rect, w, h, cw)
    assert set(stored[s.y:s.y1, s.x:s.x1].ravel()) == wanted


def test_normalize_rotation():
    assert [normalize_rotation(d) for d in (0, 90, -90, 180, 270, 360, 89.6, None)] == [0, 90, 270, 180, 270, 0, 90, 0]


@pytest.mark.parametrize(("fmt", "w", "h", "size"), [
    ("yuv420p", 4, 2, 4 * 2 + 2 * 2 * 1), ("yuv420p", 5, 3, 15 + 2 * 3 * 2), ("yuv422p", 5, 3, 15 + 2 * 3 * 3),
    ("yuv444p", 5, 3, 45), ("gray", 5, 3, 15), ("yuv420p10le", 5, 3, 2 * (15 + 2 * 3 * 2)),
])
def test_frame_layout_sizes_and_views(fmt, w, h, size):
    layout = layout_for(fmt, w, h)
    assert layout.frame_size == size
    buf = bytearray(range(256)) * (size // 256 + 1)
    buf = buf[:size]
    views = layout.views(buf)
    assert sum(v.nbytes for v in views) == size
    views[0][0, 0] = 7  # views write through to the buffer
    assert buf[0] == 7


def test_working_pix_fmt():
    assert working_pix_fmt("yuv420p") == "yuv420p"
    assert working_pix_fmt("yuvj420p") == "yuvj420p"
    assert working_pix_fmt("yuv420p12le") == "yuv420p10le"
    assert working_pix_fmt("rgb24") == "yuv420p"
    assert working_pix_fmt("gbrp10le", 10) == "yuv420p10le"
    assert working_pix_fmt(None) == "yuv420p"
