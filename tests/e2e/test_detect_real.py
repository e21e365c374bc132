"""Logo detection through the analysis API on real footage.

Logos are burned at test time (ffmpeg overlay, x264 crf 14, as ``realclips/make_cases.py`` does) into
the clean real clips of ``tests/data/realclips`` (bikes: street, moving camera; carphone: handheld
in a car), and into a still-camera clip made from a real frame of bikes with a real subject
(carphone) walking by. The logo must be the best suggestion, with at most one false one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from processors.probe import probe
from processors.watermark.analysis import detect_logos
from tests.bench.bench_detect import (
    icon_wordmark_logo,
    iou,
    make_case,
    score_suggestions,
    still_footage,
    text_logo,
    two_colour_logo,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "realclips"


def real_clip(name: str) -> Path:
    path = DATA / f"{name}.mp4"
    if not path.is_file():
        pytest.skip(f"the real clip {path} is not there (tests/data/realclips holds the clean real sources)")
    return path


def handle(w: int, h: int, alpha: float) -> np.ndarray:
    return text_logo(w, h, alpha, text="@citycam", font=cv2.FONT_HERSHEY_SIMPLEX)


CASES: dict[str, tuple[str, Callable[[int, int, float], np.ndarray], str, float, float, float, str, float]] = {
    # name: (clip, logo, where, width, opacity, aspect, kind, IoU bound)
    "bikes-twocolour": ("bikes", two_colour_logo, "bottom-right", 0.3, 1.0, 6.0, "opaque", 0.75),
    "bikes-handle-0.5": ("bikes", handle, "top-left", 0.25, 0.5, 5.0, "translucent", 0.75),
    "carphone-icon": ("carphone", icon_wordmark_logo, "top-left", 0.35, 1.0, 3.5, "opaque", 0.6),
}


@pytest.mark.parametrize("name", list(CASES))
def test_finds_the_logo_on_real_footage(name: str, tmp_path: Path):
    clip, logo, where, width, alpha, aspect, kind, bound = CASES[name]
    case = make_case(name, real_clip(clip), tmp_path, logo, where, width, alpha, aspect)
    found = detect_logos(str(case.path), probe(str(case.path)).to_summary())
    got = score_suggestions(found, case.rect)
    assert got["rank"] == 1 and got["false"] <= 1, (found, case.rect)
    best = found[0]
    assert iou((best["x"], best["y"], best["w"], best["h"]), case.rect) > bound, (best, case.rect)
    assert best["kind"] == kind


def test_near_static_street_clip(tmp_path: Path):
    """A still camera on a street (a real frame with one level of grain), a real subject walking by:
    the logo is found and the street's still edges are not suggested."""
    street = still_footage(real_clip("bikes"), tmp_path / "street.mp4", subjects=real_clip("carphone"), grain=1.0)
    case = make_case("street-twocolour", street, tmp_path, two_colour_logo, "top-left", 0.25, 1.0, 6.0)
    found = detect_logos(str(case.path), probe(str(case.path)).to_summary())
    got = score_suggestions(found, case.rect)
    assert got["rank"] == 1 and got["false"] <= 1 and got["best_iou"] > 0.6, (found, case.rect)
    clean = detect_logos(str(street), probe(str(street)).to_summary())
    assert len(clean) <= 1, clean
