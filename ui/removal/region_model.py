"""Watermark regions in source-pixel (display-orientation) coordinates, with selection.

Regions are integer rectangles inside the frame; an optional time range limits a region to part of
the video. The model is the single source of truth: the canvas and the list panel only render it
and change it through undo commands (see ``undo_commands``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

MIN_REGION_SIZE = 4  # source pixels; smaller rectangles are treated as a click, not a region


@dataclass(frozen=True)
class Region:
    """A rectangle ``x, y, w, h`` in source pixels, optionally limited to ``[start_s, end_s)`` seconds."""

    x: int
    y: int
    w: int
    h: int
    start_s: float | None = None
    end_s: float | None = None

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def moved_to(self, x: int, y: int) -> Region:
        return replace(self, x=x, y=y)

    def with_rect(self, x: int, y: int, w: int, h: int) -> Region:
        return replace(self, x=x, y=y, w=w, h=h)

    def with_times(self, start_s: float | None, end_s: float | None) -> Region:
        return replace(self, start_s=start_s, end_s=end_s)

    def active_at(self, t: float) -> bool:
        """Whether the region applies at time ``t`` seconds (start inclusive, end exclusive)."""
        if self.start_s is not None and t < self.start_s - 1e-6:
            return False
        return not (self.end_s is not None and t >= self.end_s - 1e-6)

    def to_config(self) -> dict[str, Any]:
        """The processor's region dict: ``{x, y, w, h}`` plus ``start_s``/``end_s`` when set."""
        data: dict[str, Any] = {"x": self.x, "y": self.y, "w": self.w, "h": self.h}
        if self.start_s is not None:
            data["start_s"] = round(self.start_s, 3)
        if self.end_s is not None:
            data["end_s"] = round(self.end_s, 3)
        return data


def clamp_rect(x: int, y: int, w: int, h: int, width: int, height: int,
               min_size: int = MIN_REGION_SIZE) -> tuple[int, int, int, int]:
    """Clamp a rectangle into a ``width`` x ``height`` frame, keeping at least ``min_size`` pixels."""
    min_w = min(min_size, width)
    min_h = min(min_size, height)
    x0 = max(0, min(int(x), width - min_w))
    y0 = max(0, min(int(y), height - min_h))
    x1 = max(x0 + min_w, min(int(x) + int(w), width))
    y1 = max(y0 + min_h, min(int(y) + int(h), height))
    return x0, y0, x1 - x0, y1 - y0


def move_within(region: Region, x: int, y: int, width: int, height: int) -> Region:
    """``region`` moved to ``x, y`` but kept entirely inside the frame (its size never changes)."""
    x = max(0, min(int(x), width - region.w))
    y = max(0, min(int(y), height - region.h))
    return region.moved_to(x, y)


class RegionModel(QObject):
    """Ordered regions with stable integer ids and a single selection."""

    region_added = Signal(int)
    region_removed = Signal(int)
    region_changed = Signal(int)
    selection_changed = Signal(object)  # region id or None
    reset = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._regions: dict[int, Region] = {}
        self._next_id = 1
        self._selected: int | None = None
        self._frame_size: tuple[int, int] = (0, 0)

    # -- frame -----------------------------------------------------------------------------------------
    @property
    def frame_size(self) -> tuple[int, int]:
        return self._frame_size

    def set_frame_size(self, width: int, height: int) -> None:
        self._frame_size = (int(width), int(height))

    def clamp(self, region: Region) -> Region:
        width, height = self._frame_size
        if width <= 0 or height <= 0:
            return region
        return region.with_rect(*clamp_rect(region.x, region.y, region.w, region.h, width, height))

    # -- queries ---------------------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def regions(self) -> list[Region]:
        return [self._regions[i] for i in self._ids]

    def region(self, region_id: int) -> Region | None:
        return self._regions.get(region_id)

    def index_of(self, region_id: int) -> int:
        return self._ids.index(region_id)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._regions

    def to_config(self) -> list[dict[str, Any]]:
        return [self._regions[i].to_config() for i in self._ids]

    # -- mutations (called by undo commands) -----------------------------------------------------------
    def allocate_id(self) -> int:
        region_id = self._next_id
        self._next_id += 1
        return region_id

    def insert(self, region_id: int, region: Region, index: int | None = None) -> None:
        if region_id in self._regions:
            raise ValueError(f"region {region_id} already present")
        self._regions[region_id] = region
        if index is None or index > len(self._ids):
            index = len(self._ids)
        self._ids.insert(index, region_id)
        self._next_id = max(self._next_id, region_id + 1)
        self.region_added.emit(region_id)

    def remove(self, region_id: int) -> tuple[int, Region]:
        index = self._ids.index(region_id)
        self._ids.pop(index)
        region = self._regions.pop(region_id)
        if self._selected == region_id:
            self._selected = None
            self.selection_changed.emit(None)
        self.region_removed.emit(region_id)
        return index, region

    def update(self, region_id: int, region: Region) -> None:
        if region_id not in self._regions:
            raise KeyError(region_id)
        if self._regions[region_id] == region:
            return
        self._regions[region_id] = region
        self.region_changed.emit(region_id)

    def clear(self) -> None:
        self._ids.clear()
        self._regions.clear()
        changed = self._selected is not None
        self._selected = None
        if changed:
            self.selection_changed.emit(None)
        self.reset.emit()

    # -- selection -------------------------------------------------------------------------------------
    @property
    def selected_id(self) -> int | None:
        return self._selected

    def select(self, region_id: int | None) -> None:
        if region_id is not None and region_id not in self._regions:
            region_id = None
        if region_id == self._selected:
            return
        self._selected = region_id
        self.selection_changed.emit(region_id)
