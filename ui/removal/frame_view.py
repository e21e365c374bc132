"""The frame canvas: shows one video frame and lets the user draw, select, move and resize regions.

Scene coordinates are source pixels of the displayed frame (display orientation), so the regions
never depend on the zoom. Mouse positions are mapped through the inverse of the view transform;
rectangle edges snap to the nearest pixel boundary. Edits are committed to the ``RegionModel`` as
undo commands when the mouse is released; during a drag only the item moves. While a tool is active
(the mask brush, see ``mask_layer.MaskLayer``) the left and right buttons go to the tool instead;
panning (middle button, Space + drag) and zooming work the same. A Space tap (pressed and released
without a drag) emits ``space_tapped`` (the player toggles play with it). ``set_frame`` also takes a
smaller picture of the same frame (a keyframe picture while scrubbing), stretched over the source size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QTransform,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

from ui.removal.region_items import HANDLE_PX, RegionItem, handle_points
from ui.removal.region_model import MIN_REGION_SIZE, Region, RegionModel, move_within
from ui.removal.undo_commands import (
    AddRegionCommand,
    EditRegionCommand,
    RemoveRegionCommand,
    move_text,
    resize_text,
)

MIN_ZOOM = 0.05
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
_HANDLE_GRAB = HANDLE_PX / 2 + 3  # pick radius around a handle, device pixels

_CURSORS = {
    "tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor,
    "tr": Qt.CursorShape.SizeBDiagCursor, "bl": Qt.CursorShape.SizeBDiagCursor,
    "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor,
    "l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor,
}


class CanvasTool(Protocol):
    """A mouse tool on the canvas (the mask brush); positions are in source pixels."""

    active: bool

    def press(self, event: QMouseEvent, scene: QPointF) -> bool: ...
    def move(self, event: QMouseEvent, scene: QPointF) -> None: ...
    def release(self, event: QMouseEvent, scene: QPointF) -> bool: ...
    def cancel(self) -> bool: ...
    def leave(self) -> None: ...


@dataclass
class _Drag:
    mode: str  # "draw", "move", "resize", "pan"
    press_scene: QPointF
    press_view: QPointF
    region_id: int | None = None
    original: Region | None = None
    handle: str = ""
    scroll: tuple[int, int] = (0, 0)
    current: Region | None = None


def _rect_of(region: Region) -> QRectF:
    return QRectF(region.x, region.y, region.w, region.h)


class FrameView(QGraphicsView):
    """Zoomable, pannable frame with editable region rectangles."""

    zoom_changed = Signal(float)
    cursor_moved = Signal(object)  # (x, y) source pixel under the mouse, or None
    space_tapped = Signal()  # Space pressed and released without panning

    def __init__(self, model: RegionModel, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._undo = undo_stack
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._pixmap_item = QGraphicsPixmapItem()
        self._pixmap_item.setZValue(-1)
        self._pixmap_item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self._scene.addItem(self._pixmap_item)
        self._items: dict[int, RegionItem] = {}
        self._draft: RegionItem | None = None
        self._drag: _Drag | None = None
        self._space_down = False
        self._space_panned = False
        self._fit = True
        self._frame_size = (0, 0)
        self._time_s = 0.0
        self._outline_only = False
        self._tool: CanvasTool | None = None
        self._unfilled: set[int] = set()  # regions drawn without their inner tint (a mask overlay shows instead)

        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor(38, 38, 40))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(True)
        self.setAcceptDrops(False)  # drops go to the workspace
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        model.region_added.connect(self._on_region_added)
        model.region_removed.connect(self._on_region_removed)
        model.region_changed.connect(self._on_region_changed)
        model.selection_changed.connect(self._on_selection_changed)
        model.reset.connect(self._rebuild)

    # -- frame -----------------------------------------------------------------------------------------
    @property
    def frame_size(self) -> tuple[int, int]:
        return self._frame_size

    def set_frame(self, image: QImage | QPixmap, source_size: tuple[int, int] | None = None) -> None:
        """Show a frame; the scene becomes ``image``'s size in source pixels, or ``source_size`` when given
        (``image`` is then a smaller picture of the frame, stretched over it)."""
        pixmap = image if isinstance(image, QPixmap) else QPixmap.fromImage(image)
        size = (pixmap.width(), pixmap.height()) if source_size is None else (int(source_size[0]), int(source_size[1]))
        self._pixmap_item.setPixmap(pixmap)
        self._pixmap_item.setTransform(QTransform.fromScale(size[0] / max(1, pixmap.width()),
                                                            size[1] / max(1, pixmap.height())))
        if size != self._frame_size:
            self._frame_size = size
            self._scene.setSceneRect(QRectF(0, 0, size[0], size[1]))
            self._fit = True
        if self._fit:
            self.fit()

    def current_image(self) -> QImage:
        """The picture on screen now (the frame, or the removal preview when it is shown)."""
        return self._pixmap_item.pixmap().toImage()

    def clear_frame(self) -> None:
        self._pixmap_item.setPixmap(QPixmap())
        self._frame_size = (0, 0)
        self._scene.setSceneRect(QRectF())

    def set_time(self, seconds: float) -> None:
        """Current time: regions outside their time range are drawn as inactive."""
        self._time_s = seconds
        for region_id, item in self._items.items():
            region = self._model.region(region_id)
            item.set_active(region is not None and region.active_at(seconds))

    def set_outline_only(self, outline_only: bool) -> None:
        """Draw regions as outlines only (used while the removal preview is shown)."""
        self._outline_only = outline_only
        for item in self._items.values():
            item.set_outline_only(outline_only)

    def set_tool(self, tool: CanvasTool | None) -> None:
        """The tool that takes the left/right buttons while its ``active`` is true."""
        self._tool = tool

    def set_region_filled(self, region_id: int, filled: bool) -> None:
        """Tint the inside of a region's rectangle (default) or not (while its mask overlay is shown)."""
        if filled:
            self._unfilled.discard(region_id)
        else:
            self._unfilled.add(region_id)
        item = self._items.get(region_id)
        if item is not None:
            item.set_filled(filled)

    def _tool_active(self) -> bool:
        return self._tool is not None and self._tool.active and self._frame_size != (0, 0)

    # -- zoom and pan ----------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    @property
    def fit_mode(self) -> bool:
        return self._fit

    def set_zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``factor`` keeping the source point under ``anchor`` (viewport pos; default centre) fixed."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, float(factor)))
        self._fit = False
        centred = anchor is None
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        fixed = self.map_to_source(anchor)
        self.setTransform(QTransform.fromScale(factor, factor))
        # let scroll bars appear/disappear now so the viewport has its final size
        for receiver in (self._scene, self):  # QGraphicsView recomputes its scroll range in queued calls
            QCoreApplication.sendPostedEvents(receiver, QEvent.Type.MetaCall)
        if centred:
            anchor = QPointF(self.viewport().rect().center())
        moved = self.map_from_source(fixed) - anchor
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + round(moved.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + round(moved.y()))
        self._zoom_applied()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit(self) -> None:
        """Zoom so the whole frame is visible (and keep fitting when the view is resized)."""
        self._fit = True
        width, height = self._frame_size
        if width <= 0 or height <= 0:
            return
        area = self.viewport().rect()
        scale = min((area.width() - 8) / width, (area.height() - 8) / height)
        scale = max(MIN_ZOOM, min(MAX_ZOOM, scale))
        self.setTransform(QTransform.fromScale(scale, scale))
        self.centerOn(width / 2, height / 2)
        self._zoom_applied()

    def _zoom_applied(self) -> None:
        scale = self.zoom()
        mode = (Qt.TransformationMode.FastTransformation if scale >= 2.0
                else Qt.TransformationMode.SmoothTransformation)
        self._pixmap_item.setTransformationMode(mode)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale < 2.0)
        for item in self._all_items():
            item.set_view_scale(scale)
        self.zoom_changed.emit(scale)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.set_zoom(self.zoom() * (ZOOM_STEP ** steps), anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    # -- coordinates -----------------------------------------------------------------------------------
    def map_to_source(self, pos: QPointF) -> QPointF:
        """Viewport position (device-independent pixels) to source-pixel coordinates (float)."""
        inverse, _ok = self.viewportTransform().inverted()
        return inverse.map(QPointF(pos))

    def map_from_source(self, point: QPointF) -> QPointF:
        """Source-pixel coordinates to a viewport position."""
        return self.viewportTransform().map(QPointF(point))

    def region_item(self, region_id: int) -> RegionItem | None:
        return self._items.get(region_id)

    # -- model sync ------------------------------------------------------------------------------------
    def _all_items(self) -> list[RegionItem]:
        items = list(self._items.values())
        if self._draft is not None:
            items.append(self._draft)
        return items

    def _make_item(self, region_id: int) -> None:
        region = self._model.region(region_id)
        if region is None:
            return
        item = RegionItem(region_id, _rect_of(region), self._model.index_of(region_id) + 1)
        item.set_view_scale(self.zoom())
        item.set_selected(region_id == self._model.selected_id)
        item.set_active(region.active_at(self._time_s))
        item.set_outline_only(self._outline_only)
        item.set_filled(region_id not in self._unfilled)
        self._scene.addItem(item)
        self._items[region_id] = item

    def _renumber(self) -> None:
        for index, region_id in enumerate(self._model.ids()):
            item = self._items.get(region_id)
            if item is not None:
                item.set_number(index + 1)
                item.setZValue(1 + index * 0.001)

    def _on_region_added(self, region_id: int) -> None:
        self._make_item(region_id)
        self._renumber()

    def _on_region_removed(self, region_id: int) -> None:
        item = self._items.pop(region_id, None)
        if item is not None:
            self._scene.removeItem(item)
        if self._drag is not None and self._drag.region_id == region_id:
            self._drag = None
        self._renumber()

    def _on_region_changed(self, region_id: int) -> None:
        region = self._model.region(region_id)
        item = self._items.get(region_id)
        if region is None or item is None:
            return
        item.set_rect(_rect_of(region))
        item.set_active(region.active_at(self._time_s))

    def _on_selection_changed(self, selected: object) -> None:
        for region_id, item in self._items.items():
            item.set_selected(region_id == selected)

    def _rebuild(self) -> None:
        for item in self._items.values():
            self._scene.removeItem(item)
        self._items.clear()
        for region_id in self._model.ids():
            self._make_item(region_id)

    # -- hit testing -----------------------------------------------------------------------------------
    def _handle_at(self, view_pos: QPointF) -> str:
        selected = self._model.selected_id
        region = self._model.region(selected) if selected is not None else None
        if region is None:
            return ""
        corners = handle_points(_rect_of(region))
        best, best_dist = "", _HANDLE_GRAB
        for name, point in corners.items():
            device = self.map_from_source(point)
            dist = max(abs(device.x() - view_pos.x()), abs(device.y() - view_pos.y()))
            if dist <= best_dist:
                best, best_dist = name, dist
        return best

    def _region_at(self, scene_pos: QPointF) -> int | None:
        selected = self._model.selected_id
        if selected is not None:
            region = self._model.region(selected)
            if region is not None and _rect_of(region).contains(scene_pos):
                return selected
        for region_id in reversed(self._model.ids()):
            region = self._model.region(region_id)
            if region is not None and _rect_of(region).contains(scene_pos):
                return region_id
        return None

    # -- mouse -----------------------------------------------------------------------------------------
    def _source_pixel(self, scene: QPointF) -> tuple[int, int] | None:
        width, height = self._frame_size
        x, y = math.floor(scene.x()), math.floor(scene.y())
        if 0 <= x < width and 0 <= y < height:
            return x, y
        return None

    def _start_pan(self, event: QMouseEvent) -> None:
        self._drag = _Drag("pan", self.map_to_source(event.position()), event.position(),
                           scroll=(self.horizontalScrollBar().value(), self.verticalScrollBar().value()))
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            event.accept()
            return
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_down):
            self._space_panned = self._space_panned or self._space_down
            self._start_pan(event)
            event.accept()
            return
        if self._tool_active() and self._tool.press(event, self.map_to_source(event.position())):
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton or self._frame_size == (0, 0):
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        scene = self.map_to_source(pos)
        handle = self._handle_at(pos)
        if handle:
            region_id = self._model.selected_id
            self._drag = _Drag("resize", scene, pos, region_id, self._model.region(region_id), handle)
        else:
            region_id = self._region_at(scene)
            if region_id is not None:
                self._model.select(region_id)
                self._drag = _Drag("move", scene, pos, region_id, self._model.region(region_id))
            else:
                self._model.select(None)
                self._drag = _Drag("draw", scene, pos)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        scene = self.map_to_source(pos)
        self.cursor_moved.emit(self._source_pixel(scene))
        drag = self._drag
        if drag is None and self._tool_active():
            self._tool.move(event, scene)
            self._update_hover_cursor(pos, scene)
            event.accept()
            return
        if drag is None:
            self._update_hover_cursor(pos, scene)
            super().mouseMoveEvent(event)
            return
        if drag.mode == "pan":
            delta = pos - drag.press_view
            self.horizontalScrollBar().setValue(drag.scroll[0] - round(delta.x()))
            self.verticalScrollBar().setValue(drag.scroll[1] - round(delta.y()))
        elif drag.mode == "draw":
            drag.current = self._draft_region(drag.press_scene, scene)
            self._show_draft(drag.press_scene, scene)
        elif drag.mode == "move":
            drag.current = self._moved(drag, scene)
            self._items[drag.region_id].set_rect(_rect_of(drag.current))
        elif drag.mode == "resize":
            drag.current = self._resized(drag, scene)
            self._items[drag.region_id].set_rect(_rect_of(drag.current))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self._drag
        if drag is None and self._tool is not None and self._tool.release(event, self.map_to_source(event.position())):
            event.accept()
            return
        if drag is None:
            super().mouseReleaseEvent(event)
            return
        if drag.mode == "pan":
            if event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
                self._drag = None
                self._update_hover_cursor(event.position(), self.map_to_source(event.position()))
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            event.accept()
            return
        self._drag = None
        scene = self.map_to_source(event.position())
        if drag.mode == "draw":
            self._hide_draft()
            region = self._draft_region(drag.press_scene, scene)
            if region is not None:
                self._undo.push(AddRegionCommand(self._model, region))
        elif drag.mode in ("move", "resize") and drag.region_id in self._model:
            new = self._moved(drag, scene) if drag.mode == "move" else self._resized(drag, scene)
            if new != drag.original:
                text = move_text() if drag.mode == "move" else resize_text()
                self._undo.push(EditRegionCommand(self._model, drag.region_id, new, text))
            else:
                self._items[drag.region_id].set_rect(_rect_of(new))
        event.accept()

    def cancel_drag(self) -> bool:
        """Abandon the current drag (Escape); True if there was one."""
        drag = self._drag
        if drag is None:
            return self._tool is not None and self._tool.cancel()
        self._drag = None
        self._hide_draft()
        if drag.region_id is not None and drag.original is not None and drag.region_id in self._items:
            self._items[drag.region_id].set_rect(_rect_of(drag.original))
        self.viewport().unsetCursor()
        return True

    def _update_hover_cursor(self, pos: QPointF, scene: QPointF) -> None:
        if self._space_down:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if self._tool_active():
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
            return
        handle = self._handle_at(pos)
        if handle:
            self.viewport().setCursor(_CURSORS[handle])
        elif self._region_at(scene) is not None:
            self.viewport().setCursor(Qt.CursorShape.SizeAllCursor)
        elif self._frame_size != (0, 0):
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.viewport().unsetCursor()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.cursor_moved.emit(None)
        if self._tool is not None:
            self._tool.leave()
        super().leaveEvent(event)

    # -- geometry of drags (all in source pixels) -----------------------------------------------------
    def _draft_region(self, start: QPointF, end: QPointF) -> Region | None:
        width, height = self._frame_size
        x0 = max(0, min(width, round(min(start.x(), end.x()))))
        x1 = max(0, min(width, round(max(start.x(), end.x()))))
        y0 = max(0, min(height, round(min(start.y(), end.y()))))
        y1 = max(0, min(height, round(max(start.y(), end.y()))))
        if x1 - x0 < MIN_REGION_SIZE or y1 - y0 < MIN_REGION_SIZE:
            return None
        return Region(x0, y0, x1 - x0, y1 - y0)

    def _moved(self, drag: _Drag, scene: QPointF) -> Region:
        original = drag.original
        assert original is not None
        dx = round(scene.x() - drag.press_scene.x())
        dy = round(scene.y() - drag.press_scene.y())
        return move_within(original, original.x + dx, original.y + dy, *self._frame_size)

    def _resized(self, drag: _Drag, scene: QPointF) -> Region:
        original = drag.original
        assert original is not None
        width, height = self._frame_size
        dx = round(scene.x() - drag.press_scene.x())
        dy = round(scene.y() - drag.press_scene.y())
        left, top, right, bottom = original.x, original.y, original.right, original.bottom
        if "l" in drag.handle:
            left = max(0, min(left + dx, right - MIN_REGION_SIZE))
        if "r" in drag.handle:
            right = min(width, max(right + dx, left + MIN_REGION_SIZE))
        if "t" in drag.handle:
            top = max(0, min(top + dy, bottom - MIN_REGION_SIZE))
        if "b" in drag.handle:
            bottom = min(height, max(bottom + dy, top + MIN_REGION_SIZE))
        return original.with_rect(left, top, right - left, bottom - top)

    def _show_draft(self, start: QPointF, end: QPointF) -> None:
        width, height = self._frame_size
        rect = QRectF(start, end).normalized().intersected(QRectF(0, 0, width, height))
        if self._draft is None:
            self._draft = RegionItem(-1, rect, 0, draft=True)
            self._draft.set_view_scale(self.zoom())
            self._scene.addItem(self._draft)
        self._draft.set_rect(rect)

    def _hide_draft(self) -> None:
        if self._draft is not None:
            self._scene.removeItem(self._draft)
            self._draft = None

    # -- keyboard --------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self._space_panned = False
            if self._drag is None:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if key == Qt.Key.Key_Escape and self.cancel_drag():
            event.accept()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # frame stepping belongs to the workspace
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            tapped = self._space_down and not self._space_panned and self._drag is None
            self._space_down = False
            if tapped:
                self.space_tapped.emit()
            if self._drag is None:
                pos = QPointF(self.viewport().mapFromGlobal(QCursor.pos()))
                self._update_hover_cursor(pos, self.map_to_source(pos))
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self._space_down = False
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        """Space stays with the canvas (tap: ``space_tapped``; hold: pan) before any Space shortcut takes it."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Space and not event.modifiers()):
            event.accept()
            return True
        return super().event(event)

    # -- actions used by the workspace -----------------------------------------------------------------
    def delete_selected(self) -> bool:
        selected = self._model.selected_id
        if selected is None:
            return False
        self._undo.push(RemoveRegionCommand(self._model, selected))
        return True
