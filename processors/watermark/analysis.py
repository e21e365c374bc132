"""Analysis entry points for the GUI (called off the UI thread): glyph mask and logo suggestions.

Both sample frames spread over the video in display orientation (``sampling``, the orientation
``FrameReader`` and the GUI use) and look at their temporal behaviour (``mask``, ``detect``).
"""

from __future__ import annotations

import cv2
import numpy as np

from processors.contract import CancelToken, ConfigError
from processors.probe import MediaInfo
from processors.watermark import detect, mask
from processors.watermark.regions import Rect
from processors.watermark.sampling import align_crop, sample

MASK_MARGIN = 32  # px around the rectangle used as the content's reference
DETECT_WIDTH = 640


def _gray(frames: list[np.ndarray]) -> np.ndarray:
    return np.stack([cv2.cvtColor(f, cv2.COLOR_BGR2GRAY) for f in frames])


def estimate_mask(path: str, media: dict, rect: tuple[int, int, int, int], *, samples: int = 32,
                  cancel: CancelToken | None = None) -> np.ndarray:
    """uint8 array of shape (h, w) for rect (x, y, w, h) in display coordinates: 255 = logo pixel, 0 = keep."""
    x, y, w, h = (int(v) for v in rect)
    if w <= 0 or h <= 0:
        raise ConfigError(f"the rectangle {w}x{h} is empty")
    video = MediaInfo.from_summary(media).main_video
    if video is None:
        raise ConfigError("the file has no video stream")
    fw, fh = video.display_size
    x0, y0, x1, y1 = max(0, x), max(0, y), min(fw, x + w), min(fh, y + h)
    out = np.zeros((h, w), np.uint8)
    if x1 <= x0 or y1 <= y0:
        return out
    clipped = Rect(x0, y0, x1 - x0, y1 - y0)
    crop = align_crop(clipped, fw, fh, MASK_MARGIN)
    got = sample(path, media, crop, points=samples, run=1, display=True, cancel=cancel)
    frames = got.flat()
    inner = Rect(clipped.x - crop.x, clipped.y - crop.y, clipped.w, clipped.h)
    if len(frames) < 4:
        est_mask = np.ones((clipped.h, clipped.w), bool)
    else:
        est_mask = mask.estimate(_gray(frames), inner).mask
    out[y0 - y:y1 - y, x0 - x:x1 - x] = np.where(est_mask, 255, 0).astype(np.uint8)
    return out


def detect_logos(path: str, media: dict, *, samples: int = 32, cancel: CancelToken | None = None) -> list[dict]:
    """Suggested regions, best first: [{"x", "y", "w", "h", "score": 0..1, "kind": "opaque" | "translucent"}],
    display coordinates."""
    got = sample(path, media, None, points=samples, run=1, display=True, max_width=DETECT_WIDTH, cancel=cancel)
    frames = got.flat()
    if len(frames) < 4:
        return []
    video = MediaInfo.from_summary(media).main_video
    assert video is not None
    fw, fh = video.display_size
    found = detect.detect(_gray(frames), got.scale)
    for r in found:
        r["w"] = min(r["w"], fw - r["x"])
        r["h"] = min(r["h"], fh - r["y"])
    return found
