"""Glyph-tight masks of the regions, kept in source pixels, and their PNG/base64 form for the task config.

A stored mask is anchored to the picture, not to its rectangle: it keeps the position (``x, y``) it
was made at. A region's *effective* mask is the stored one cut to the region's current rectangle;
pixels the stored mask does not cover count as logo (255), as a region without a mask is removed
whole. So moving or resizing a rectangle (and undoing that) never loses mask edits.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtGui import QImage

LOGO, KEEP = 255, 0


@dataclass(frozen=True, eq=False)
class StoredMask:
    """A uint8 mask ``data`` (h, w) whose top-left pixel is source pixel ``(x, y)``; nonzero = logo."""

    x: int
    y: int
    data: np.ndarray

    @property
    def w(self) -> int:
        return int(self.data.shape[1])

    @property
    def h(self) -> int:
        return int(self.data.shape[0])


def cut_mask(stored: StoredMask | None, x: int, y: int, w: int, h: int) -> np.ndarray:
    """The mask of rectangle ``x, y, w, h``: ``stored`` where it covers it, logo elsewhere."""
    out = np.full((max(0, h), max(0, w)), LOGO, np.uint8)
    if stored is None:
        return out
    x0, y0 = max(x, stored.x), max(y, stored.y)
    x1, y1 = min(x + w, stored.x + stored.w), min(y + h, stored.y + stored.h)
    if x1 > x0 and y1 > y0:
        out[y0 - y:y1 - y, x0 - x:x1 - x] = stored.data[y0 - stored.y:y1 - stored.y, x0 - stored.x:x1 - stored.x]
    return out


def mask_to_png_base64(mask: np.ndarray) -> str:
    """Base64 of an 8-bit greyscale PNG of ``mask`` (0 keep, 255 logo)."""
    array = np.ascontiguousarray(np.where(mask > 0, LOGO, KEEP).astype(np.uint8))
    height, width = array.shape
    image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8).copy()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ValueError("could not encode the mask as PNG")
    buffer.close()
    return base64.b64encode(bytes(data.data())).decode("ascii")


def png_base64_to_mask(text: str) -> np.ndarray:
    """The uint8 (h, w) array of a base64 PNG made by ``mask_to_png_base64``."""
    image = QImage.fromData(base64.b64decode(text), "PNG")
    if image.isNull():
        raise ValueError("not a PNG image")
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), image.bytesPerLine())
    return raw[:, : image.width()].copy()


class MaskStore(QObject):
    """Masks by region id; ``changed(region_id)`` after every set. Edits go through ``SetMaskCommand``."""

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._masks: dict[int, StoredMask] = {}

    def get(self, region_id: int) -> StoredMask | None:
        return self._masks.get(region_id)

    def has(self, region_id: int) -> bool:
        return region_id in self._masks

    def set(self, region_id: int, mask: StoredMask | None) -> None:
        if mask is None:
            if self._masks.pop(region_id, None) is None:
                return
        else:
            self._masks[region_id] = mask
        self.changed.emit(region_id)

    def clear(self) -> None:
        ids = list(self._masks)
        self._masks.clear()
        for region_id in ids:
            self.changed.emit(region_id)

    def for_rect(self, region_id: int, x: int, y: int, w: int, h: int) -> np.ndarray | None:
        """The effective mask of the region at that rectangle, or None if it has no mask (removed whole)."""
        stored = self._masks.get(region_id)
        return None if stored is None else cut_mask(stored, x, y, w, h)
