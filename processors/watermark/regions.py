"""Watermark regions: parsing, clipping and mapping between display and stored coordinates.

Regions are given in **display coordinates**: pixels of the frame as a player shows it (after the
rotation metadata is applied), in stored-pixel units (no SAR correction), origin top-left. This
is what the GUI draws on (``FrameReader`` returns display-oriented frames). The pipeline edits
the stored (un-rotated) frame, so each region is mapped with :func:`display_to_stored`.

A region may carry ``mask``: a base64 PNG, 8-bit grayscale, exactly the region's ``w`` x ``h``
(nonzero = logo pixel), the user-corrected glyph mask. It is decoded and checked here, clipped with
the rectangle, rotated with it, and written back by ``to_dict`` (cut to the clipped rectangle).

A rectangle reaching outside the frame is clipped to it; the region then records the rectangle as asked
(``clipped_from: [x, y, w, h]``, kept when the clipped config is parsed again) and :func:`clipping_note`
says what was clipped, for the task log and the command line.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np


class RegionError(ValueError):
    """A region is malformed or lies outside the frame."""


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def x1(self) -> int:
        return self.x + self.w

    @property
    def y1(self) -> int:
        return self.y + self.h

    def intersects(self, other: Rect) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1


@dataclass(frozen=True)
class Region:
    rect: Rect
    start_s: float | None = None  # inclusive; None = from the start
    end_s: float | None = None  # exclusive; None = to the end
    mask: np.ndarray | None = field(default=None, compare=False, repr=False)  # bool (h, w): logo pixels
    mask_png: str | None = field(default=None, compare=False, repr=False)  # the config's base64 text
    clipped_from: tuple[float, float, float, float] | None = None  # x, y, w, h as asked, when clipped

    def active_at(self, t: float) -> bool:
        return (self.start_s is None or t >= self.start_s - 1e-6) and (self.end_s is None or t < self.end_s - 1e-6)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"x": self.rect.x, "y": self.rect.y, "w": self.rect.w, "h": self.rect.h}
        if self.start_s is not None:
            out["start_s"] = self.start_s
        if self.end_s is not None:
            out["end_s"] = self.end_s
        if self.mask_png is not None:
            out["mask"] = self.mask_png
        if self.clipped_from is not None:
            out["clipped_from"] = list(self.clipped_from)
        return out


def _fmt(x: float, y: float, w: float, h: float) -> str:
    return f"{x:g},{y:g} {w:g}x{h:g}"


def clipping_note(index: int, region: Mapping[str, Any]) -> str | None:
    """A log line saying how a parsed region (``Region.to_dict``) was clipped to the frame; None if it was not."""
    asked = region.get("clipped_from")
    if asked is None:
        return None
    return (f"region {index + 1} ({_fmt(*asked)}) reaches outside the frame: clipped to "
            f"{_fmt(region['x'], region['y'], region['w'], region['h'])}")


def decode_mask(text: Any, w: int, h: int, index: int = 0) -> np.ndarray:
    """The bool ``(h, w)`` array of a base64 PNG mask; :class:`RegionError` if it is not one of that size."""
    if not isinstance(text, str) or not text:
        raise RegionError(f"region {index}: mask must be a base64-encoded PNG string")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise RegionError(f"region {index}: mask is not valid base64") from None
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED) if data else None
    if image is None:
        raise RegionError(f"region {index}: mask is not a readable PNG image")
    if image.ndim == 3:
        if image.shape[2] != 1:
            raise RegionError(f"region {index}: mask must be an 8-bit grayscale PNG (it has {image.shape[2]} channels)")
        image = image[:, :, 0]
    if image.shape != (h, w):
        raise RegionError(f"region {index}: mask is {image.shape[1]}x{image.shape[0]} pixels, the region is {w}x{h}")
    return image != 0


def encode_mask(mask: np.ndarray) -> str:
    """Base64 PNG text (8-bit grayscale, 255 = logo) of a bool or uint8 mask."""
    ok, buf = cv2.imencode(".png", np.where(np.asarray(mask) != 0, 255, 0).astype(np.uint8))
    if not ok:
        raise ValueError("could not encode the mask as PNG")
    return base64.b64encode(buf.tobytes()).decode("ascii")


def display_size(width: int, height: int, rotation_cw: int) -> tuple[int, int]:
    return (height, width) if rotation_cw % 180 else (width, height)


def normalize_rotation(degrees: float | int | None) -> int:
    """Clockwise display rotation in {0, 90, 180, 270} (from any multiple of 90, either sign)."""
    value = int(round(float(degrees or 0) / 90.0)) * 90
    return value % 360


def _number(raw: Mapping[str, Any], key: str, index: int) -> float:
    value = raw.get(key)
    if isinstance(value, bool):
        raise RegionError(f"region {index}: {key} must be a number, got {value!r}")
    if not isinstance(value, int | float):
        try:
            value = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise RegionError(f"region {index}: {key} must be a number, got {raw.get(key)!r}") from None
    if not math.isfinite(value):
        raise RegionError(f"region {index}: {key} must be finite")
    return float(value)


def parse_regions(raw_regions: Any, frame_w: int, frame_h: int, duration_s: float | None = None) -> list[Region]:
    """Validate ``[{x,y,w,h,start_s?,end_s?}]`` and clip each rectangle to a ``frame_w`` x ``frame_h`` frame.

    A rectangle partly outside the frame is clipped (``Region.clipped_from`` keeps it as asked); one wholly
    outside, empty or with a start after its end is an error.
    """
    if not isinstance(raw_regions, list | tuple) or not raw_regions:
        raise RegionError("regions must be a non-empty list of {x, y, w, h}")
    out = []
    for i, raw in enumerate(raw_regions):
        if not isinstance(raw, Mapping):
            raise RegionError(f"region {i}: expected an object with x, y, w, h")
        x, y, w, h = (_number(raw, k, i) for k in ("x", "y", "w", "h"))
        if w <= 0 or h <= 0:
            raise RegionError(f"region {i}: width and height must be positive")
        x0, y0 = max(0, math.floor(x)), max(0, math.floor(y))
        x1, y1 = min(frame_w, math.ceil(x + w)), min(frame_h, math.ceil(y + h))
        if x1 <= x0 or y1 <= y0:
            raise RegionError(f"region {i} ({x:g},{y:g} {w:g}x{h:g}) lies outside the {frame_w}x{frame_h} frame")
        start = _number(raw, "start_s", i) if raw.get("start_s") is not None else None
        end = _number(raw, "end_s", i) if raw.get("end_s") is not None else None
        if start is not None and start < 0:
            raise RegionError(f"region {i}: start_s must not be negative")
        if start is not None and end is not None and end <= start:
            raise RegionError(f"region {i}: end_s must be after start_s")
        if duration_s and start is not None and start >= duration_s:
            raise RegionError(f"region {i}: start_s {start:g} is after the end of the video ({duration_s:g} s)")
        fx, fy = math.floor(x), math.floor(y)
        clipped = (x0, y0, x1, y1) != (fx, fy, math.ceil(x + w), math.ceil(y + h))
        mask = None
        mask_png = raw.get("mask")
        if mask_png is not None:
            full = decode_mask(mask_png, math.ceil(x + w) - fx, math.ceil(y + h) - fy, i)
            mask = full[y0 - fy:y1 - fy, x0 - fx:x1 - fx]
            if clipped:  # the stored mask is the clipped rectangle's, so the clipped config parses again
                mask_png = encode_mask(mask)
        asked = (x, y, w, h) if clipped else _clipped_from(raw.get("clipped_from"))
        out.append(Region(Rect(x0, y0, x1 - x0, y1 - y0), start, end, mask, mask_png, asked))
    return out


def _clipped_from(value: Any) -> tuple[float, float, float, float] | None:
    """The record of an earlier clipping carried by an already clipped config (ignored if malformed)."""
    if not isinstance(value, list | tuple) or len(value) != 4:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        return None
    return (float(value[0]), float(value[1]), float(value[2]), float(value[3]))


def display_to_stored(rect: Rect, stored_w: int, stored_h: int, rotation_cw: int) -> Rect:
    """Map a rectangle on the displayed frame to the stored frame (rotated ``rotation_cw`` to display)."""
    r = normalize_rotation(rotation_cw)
    if r == 0:
        return rect
    if r == 90:  # display (xd, yd) = (H-1-ys, xs)
        return Rect(rect.y, stored_h - rect.x1, rect.h, rect.w)
    if r == 180:
        return Rect(stored_w - rect.x1, stored_h - rect.y1, rect.w, rect.h)
    return Rect(stored_w - rect.y1, rect.x, rect.h, rect.w)  # 270: display (xd, yd) = (ys, W-1-xs)


def stored_regions(regions: Iterable[Region], stored_w: int, stored_h: int, rotation_cw: int) -> list[Region]:
    k = normalize_rotation(rotation_cw) // 90  # stored = display turned back (np.rot90 turns counter-clockwise)
    return [Region(display_to_stored(r.rect, stored_w, stored_h, rotation_cw), r.start_s, r.end_s,
                   None if r.mask is None else np.ascontiguousarray(np.rot90(r.mask, k)), r.mask_png, r.clipped_from)
            for r in regions]
