"""Masks on the frame canvas: the tinted overlays and the brush that corrects them.

``MaskLayer`` keeps one overlay item per region that has a mask (shown when "Show mask" is on and the
removal preview is off) and, while the brush tool is on, takes the canvas's mouse: the left button adds
logo pixels, the right button or Alt + left erases them. A stroke paints into a working copy of the
region's effective mask and becomes one ``SetMaskCommand`` when the button is released.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QUndoStack
from PySide6.QtWidgets import QGraphicsScene

from ui.removal.brush import DEFAULT_BRUSH, MAX_BRUSH, MIN_BRUSH, paint_segment
from ui.removal.mask_items import BrushCursorItem, MaskOverlayItem
from ui.removal.mask_store import KEEP, LOGO, MaskStore, StoredMask, cut_mask
from ui.removal.region_model import Region, RegionModel
from ui.removal.undo_commands import SetMaskCommand, stroke_text


@dataclass
class _Stroke:
    region_id: int
    origin: tuple[int, int]
    mask: np.ndarray
    erase: bool
    button: Qt.MouseButton
    last: tuple[float, float]
    changed: bool = False


class MaskLayer(QObject):
    """Mask overlays and the mask brush of one frame canvas."""

    show_masks_changed = Signal(bool)
    overlay_shown = Signal(int, bool)  # region id, whether its mask overlay is visible
    hint = Signal(str)  # a short instruction for the status line ("" clears it)

    def __init__(self, scene: QGraphicsScene, model: RegionModel, store: MaskStore, undo: QUndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._model = model
        self._store = store
        self._undo = undo
        self._items: dict[int, MaskOverlayItem] = {}
        self._cursor = BrushCursorItem()
        self._cursor.setVisible(False)
        scene.addItem(self._cursor)
        self._stroke: _Stroke | None = None
        self.active = False  # the brush tool is on
        self._size = DEFAULT_BRUSH
        self._show = True
        self._suppressed = False
        store.changed.connect(self._sync)
        model.region_added.connect(self._sync)
        model.region_changed.connect(self._sync)
        model.region_removed.connect(self._sync)
        model.reset.connect(self._sync_all)

    # -- settings --------------------------------------------------------------------------------------
    @property
    def brush_size(self) -> int:
        return self._size

    def set_brush_size(self, size: int) -> None:
        self._size = max(MIN_BRUSH, min(MAX_BRUSH, int(size)))
        if self._cursor.isVisible():
            self._cursor.set_brush(self._cursor.boundingRect().center(), self._size / 2, False)

    def set_active(self, active: bool) -> None:
        self.active = bool(active)
        if not active:
            self.cancel()
            self._cursor.setVisible(False)
        self.hint.emit(self._active_hint() if active else "")

    @property
    def show_masks(self) -> bool:
        return self._show

    def set_show_masks(self, show: bool) -> None:
        if show != self._show:
            self._show = bool(show)
            self._sync_all()
            self.show_masks_changed.emit(self._show)

    def set_suppressed(self, suppressed: bool) -> None:
        """Hide every overlay (while the removal preview is on the canvas)."""
        self._suppressed = bool(suppressed)
        self._sync_all()

    def overlay(self, region_id: int) -> MaskOverlayItem | None:
        item = self._items.get(region_id)
        return item if item is not None and item.isVisible() else None

    # -- overlays --------------------------------------------------------------------------------------
    def _sync_all(self) -> None:
        for region_id in set(self._items) | set(self._model.ids()):
            self._sync(region_id)

    def _sync(self, region_id: int) -> None:
        region = self._model.region(region_id)
        stroke = self._stroke if self._stroke is not None and self._stroke.region_id == region_id else None
        visible = region is not None and self._show and not self._suppressed and (
            stroke is not None or self._store.has(region_id))
        item = self._items.get(region_id)
        if not visible:
            if item is not None and item.isVisible():
                item.setVisible(False)
                self.overlay_shown.emit(region_id, False)
            return
        assert region is not None
        if item is None:
            item = MaskOverlayItem(region_id)
            item.setVisible(False)
            self._scene.addItem(item)
            self._items[region_id] = item
        if stroke is not None:
            item.set_mask(*stroke.origin, stroke.mask)
        else:
            item.set_mask(region.x, region.y, cut_mask(self._store.get(region_id), region.x, region.y,
                                                       region.w, region.h))
        if not item.isVisible():
            item.setVisible(True)
            self.overlay_shown.emit(region_id, True)

    # -- the brush (called by FrameView with source coordinates) ---------------------------------------
    def press(self, event: QMouseEvent, scene: QPointF) -> bool:
        button = event.button()
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        if self._stroke is not None:
            return True
        region_id = self._region_at(scene)
        if region_id is None:
            self.hint.emit(self.tr("Paint inside a region: the brush edits the mask of the rectangle under it."))
            return True
        self._model.select(region_id)
        region = self._model.region(region_id)
        assert region is not None
        erase = button == Qt.MouseButton.RightButton or bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        mask = cut_mask(self._store.get(region_id), region.x, region.y, region.w, region.h)
        point = (scene.x(), scene.y())
        self._stroke = _Stroke(region_id, (region.x, region.y), mask, erase, button, point)
        self.set_show_masks(True)
        self._paint_to(point)
        self._show_cursor(scene, erase)
        return True

    def move(self, event: QMouseEvent, scene: QPointF) -> None:
        erase = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if self._stroke is not None:
            self._paint_to((scene.x(), scene.y()))
            erase = self._stroke.erase
        self._show_cursor(scene, erase)

    def release(self, event: QMouseEvent, scene: QPointF) -> bool:
        stroke = self._stroke
        if stroke is None or event.button() != stroke.button:
            return stroke is not None
        self._paint_to((scene.x(), scene.y()))
        self._stroke = None
        if stroke.changed and stroke.region_id in self._model:
            new = StoredMask(stroke.origin[0], stroke.origin[1], stroke.mask)
            self._undo.push(SetMaskCommand(self._store, stroke.region_id, new, stroke_text(stroke.erase)))
        else:
            self._sync(stroke.region_id)
        return True

    def cancel(self) -> bool:
        """Abandon the stroke in progress (Escape); True if there was one."""
        stroke, self._stroke = self._stroke, None
        if stroke is not None:
            self._sync(stroke.region_id)
        return stroke is not None

    def leave(self) -> None:
        self._cursor.setVisible(False)

    def _paint_to(self, point: tuple[float, float]) -> None:
        stroke = self._stroke
        assert stroke is not None
        value = KEEP if stroke.erase else LOGO
        if paint_segment(stroke.mask, stroke.origin, stroke.last, point, self._size / 2, value):
            stroke.changed = True
            self._sync(stroke.region_id)
        stroke.last = point

    def _show_cursor(self, scene: QPointF, erase: bool) -> None:
        self._cursor.set_brush(scene, self._size / 2, erase)
        self._cursor.setVisible(True)

    def _region_at(self, scene: QPointF) -> int | None:
        def inside(region: Region | None) -> bool:
            return region is not None and region.x <= scene.x() < region.right and region.y <= scene.y() < region.bottom

        selected = self._model.selected_id
        if selected is not None and inside(self._model.region(selected)):
            return selected
        for region_id in reversed(self._model.ids()):
            if inside(self._model.region(region_id)):
                return region_id
        return None

    def _active_hint(self) -> str:
        return self.tr("Brush: left button adds to the mask, right button or Alt erases; [ and ] change the size.")
