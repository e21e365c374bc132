"""Behaviour of the mask and detection tools: background requests, suggestions, masks in the config.

Detection and mask estimation are asked of the ``MediaService`` (answered by signals, never on the GUI
thread); answers for older requests are ignored. Accepting suggestions adds regions through the undo
stack (one step for "Add all"); an estimated mask replaces the region's mask as one undo step; brush
strokes are handled by ``MaskLayer``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRectF
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QListWidgetItem

from ui.removal.frame_view import FrameView
from ui.removal.mask_items import SuggestionItem
from ui.removal.mask_layer import MaskLayer
from ui.removal.mask_store import MaskStore, StoredMask, mask_to_png_base64
from ui.removal.region_model import MIN_REGION_SIZE, Region, RegionModel
from ui.removal.tools_panel import MaskToolsPanel
from ui.removal.undo_commands import AddRegionCommand, SetMaskCommand, clear_mask_text, estimate_text, suggestions_text


def analysis_error_text(code: str, what: str) -> str:
    """One sentence for a failed detection (``what`` = "detect") or mask estimate ("mask")."""
    if code == "unsupported":
        return QCoreApplication.translate("RemovalMessages", "This analysis is not available in this installation.")
    if what == "detect":
        return QCoreApplication.translate("RemovalMessages", "Logo detection failed. Draw the regions by hand.")
    return QCoreApplication.translate("RemovalMessages",
                                      "The mask could not be estimated. The whole rectangle will be filled.")


def _suggestion(raw: object) -> dict[str, Any] | None:
    """A detection result with plain types (numpy numbers from the analysis become int/float), or None."""
    if not isinstance(raw, dict):
        return None
    try:
        out: dict[str, Any] = {k: int(round(float(raw[k]))) for k in ("x", "y", "w", "h")}
        out["score"] = min(1.0, max(0.0, float(raw.get("score") or 0.0)))
    except (KeyError, TypeError, ValueError):
        return None
    out["kind"] = str(raw.get("kind") or "opaque")
    return out if out["w"] > 0 and out["h"] > 0 else None


class MaskController(QObject):
    """Connects the tools panel, the canvas's mask layer, the media service and the undo stack."""

    def __init__(self, media: Any, model: RegionModel, undo: QUndoStack, view: FrameView, panel: MaskToolsPanel,
                 current_path: Callable[[], str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media = media
        self._model = model
        self._undo = undo
        self._view = view
        self.panel = panel
        self._path = current_path
        self.store = MaskStore(self)
        self.layer = MaskLayer(view.scene(), model, self.store, undo, self)
        view.set_tool(self.layer)
        self.layer.overlay_shown.connect(lambda region_id, shown: view.set_region_filled(region_id, not shown))
        self._detect_rid = -1
        self._mask_rid = -1
        self._mask_region: int | None = None
        self._suggestions: list[dict[str, Any]] = []
        self._items: list[SuggestionItem] = []

        media.mask_ready.connect(self._on_mask)
        media.logos_detected.connect(self._on_detected)
        media.failed.connect(self._on_failed)
        media.superseded.connect(self._on_superseded)
        panel.detect_action.triggered.connect(self.detect)
        panel.estimate_action.triggered.connect(self.estimate)
        panel.clear_mask_action.triggered.connect(self.clear_mask)
        panel.brush_action.toggled.connect(self.layer.set_active)
        panel.show_mask_action.toggled.connect(self.layer.set_show_masks)
        self.layer.show_masks_changed.connect(panel.show_mask_action.setChecked)
        panel.size_spin.valueChanged.connect(self.layer.set_brush_size)
        panel.cancel_button.clicked.connect(self.cancel)
        panel.add_button.clicked.connect(self.accept_selected)
        panel.add_all_button.clicked.connect(self.accept_all)
        panel.dismiss_button.clicked.connect(self.dismiss)
        panel.suggestion_list.itemDoubleClicked.connect(lambda item: self.accept([panel.suggestion_list.row(item)]))
        model.selection_changed.connect(self._update_actions)
        model.region_removed.connect(self._update_actions)
        model.region_changed.connect(self._on_region_changed)
        model.reset.connect(self.store.clear)
        self.store.changed.connect(self._update_actions)
        view.zoom_changed.connect(self._on_zoom)
        self._update_actions()

    # -- state for the workspace -----------------------------------------------------------------------
    @property
    def suggestions(self) -> list[dict[str, Any]]:
        return [dict(s) for s in self._suggestions]

    @property
    def busy(self) -> bool:
        return self._detect_rid >= 0 or self._mask_rid >= 0

    def mask_config(self, region_id: int, region: Region) -> str | None:
        """The region's mask for the task config (base64 PNG, w x h), or None when it has none."""
        mask = self.store.for_rect(region_id, region.x, region.y, region.w, region.h)
        return None if mask is None else mask_to_png_base64(mask)

    def reset(self) -> None:
        """A new video: cancel running analysis, forget masks and suggestions."""
        self.cancel()
        self.store.clear()
        self.dismiss()
        self.panel.set_status("")

    def set_preview_shown(self, shown: bool) -> None:
        self.layer.set_suppressed(shown)

    # -- detection -------------------------------------------------------------------------------------
    def detect(self) -> None:
        path = self._path()
        if not path:
            return
        if self._detect_rid >= 0:
            self._media.cancel(self._detect_rid)
        self._detect_rid = self._media.request_detect(path)
        self.panel.set_status("")
        self._update_busy()

    def accept_selected(self) -> None:
        rows = sorted({self.panel.suggestion_list.row(item) for item in self.panel.suggestion_list.selectedItems()})
        self.accept(rows or ([0] if self._suggestions else []))

    def accept_all(self) -> None:
        self.accept(list(range(len(self._suggestions))))

    def accept(self, rows: list[int]) -> None:
        """Add the suggestions at ``rows`` as regions (one undo step) and drop them from the list."""
        rows = [r for r in rows if 0 <= r < len(self._suggestions)]
        if not rows:
            return
        width, height = self._model.frame_size
        self._undo.beginMacro(suggestions_text())
        for row in rows:
            s = self._suggestions[row]
            x, y = max(0, int(s["x"])), max(0, int(s["y"]))
            w, h = int(s["w"]) - (x - int(s["x"])), int(s["h"]) - (y - int(s["y"]))
            if width:
                w, h = min(w, width - x), min(h, height - y)
            if w >= MIN_REGION_SIZE and h >= MIN_REGION_SIZE:
                self._undo.push(AddRegionCommand(self._model, Region(x, y, w, h)))
        self._undo.endMacro()
        self._show_suggestions([s for i, s in enumerate(self._suggestions) if i not in rows])

    def dismiss(self) -> None:
        self._show_suggestions([])

    def _on_detected(self, request_id: int, path: str, found: object) -> None:
        if request_id != self._detect_rid:
            return
        self._detect_rid = -1
        self._update_busy()
        suggestions = [clean for s in (found if isinstance(found, list) else []) if (clean := _suggestion(s))]
        self._show_suggestions(suggestions)
        if suggestions:
            self.panel.set_status(self.tr("%n possible watermark(s) found. Add the right ones as regions.", "",
                                          len(suggestions)))
        else:
            self.panel.set_status(self.tr("No watermark found. Draw the regions by hand."))

    def _show_suggestions(self, suggestions: list[dict[str, Any]]) -> None:
        scene = self._view.scene()
        for item in self._items:
            scene.removeItem(item)
        self._items = []
        self._suggestions = suggestions
        listing = self.panel.suggestion_list
        listing.clear()
        for number, s in enumerate(suggestions, 1):
            score = float(s.get("score") or 0.0)
            item = SuggestionItem(number, QRectF(s["x"], s["y"], s["w"], s["h"]), score)
            item.set_view_scale(self._view.zoom())
            scene.addItem(item)
            self._items.append(item)
            kind = (self.tr("translucent") if s.get("kind") == "translucent" else self.tr("opaque"))
            text = self.tr("{0}. {1} × {2} at {3}, {4} · {5} % · {6}").format(
                number, s["w"], s["h"], s["x"], s["y"], round(score * 100), kind)
            listing.addItem(QListWidgetItem(text))
        self.panel.suggestions_box.setVisible(bool(suggestions))

    def suggestion_items(self) -> list[SuggestionItem]:
        return list(self._items)

    def _on_zoom(self, zoom: float) -> None:
        for item in self._items:
            item.set_view_scale(zoom)

    # -- masks -----------------------------------------------------------------------------------------
    def estimate(self) -> None:
        path = self._path()
        region_id = self._model.selected_id
        region = self._model.region(region_id) if region_id is not None else None
        if not path or region is None:
            self.panel.set_status(self.tr("Select a region first."))
            return
        self._mask_region = region_id
        self._mask_rid = self._media.request_mask(path, (region.x, region.y, region.w, region.h))
        self.panel.set_status("")
        self._update_busy()

    def clear_mask(self) -> None:
        region_id = self._model.selected_id
        if region_id is not None and self.store.has(region_id):
            self._undo.push(SetMaskCommand(self.store, region_id, None, clear_mask_text()))

    def _on_mask(self, request_id: int, path: str, rect: object, mask: object) -> None:
        if request_id != self._mask_rid:
            return
        self._mask_rid = -1
        self._update_busy()
        region_id = self._mask_region
        x, y, w, h = (int(v) for v in rect)  # type: ignore[union-attr]
        array = np.asarray(mask)
        if region_id is None or region_id not in self._model or array.shape != (h, w):
            self.panel.set_status(analysis_error_text("internal", "mask"),
                                  f"mask of shape {array.shape} for a {w}x{h} rectangle")
            return
        stored = StoredMask(x, y, np.where(array > 0, 255, 0).astype(np.uint8))
        self._undo.push(SetMaskCommand(self.store, region_id, stored, estimate_text()))
        self.layer.set_show_masks(True)
        share = round(100 * float((stored.data > 0).mean())) if stored.data.size else 0
        self.panel.set_status(self.tr("Mask estimated: {0} % of the rectangle is logo. Correct it with the brush (B)."
                                      ).format(share))

    def _on_region_changed(self, region_id: int) -> None:
        stored, region = self.store.get(region_id), self._model.region(region_id)
        if stored is not None and region is not None and (stored.x, stored.y, stored.w, stored.h) != (
                region.x, region.y, region.w, region.h):
            self.panel.set_status(
                self.tr("The mask stays where it was on the picture; any newly covered part is filled whole. "
                        "Estimate the mask again to fit the new rectangle."))

    # -- common ----------------------------------------------------------------------------------------
    def cancel(self) -> None:
        for rid in (self._detect_rid, self._mask_rid):
            if rid >= 0:
                self._media.cancel(rid)
        self._detect_rid = self._mask_rid = -1
        self._update_busy()

    def _on_failed(self, request_id: int, path: str, code: str, detail: str) -> None:
        if request_id == self._detect_rid:
            self._detect_rid = -1
            self.panel.set_status(analysis_error_text(code, "detect"), detail)
        elif request_id == self._mask_rid:
            self._mask_rid = -1
            self.panel.set_status(analysis_error_text(code, "mask"), detail)
        else:
            return
        self._update_busy()

    def _on_superseded(self, request_id: int) -> None:
        if request_id in (self._detect_rid, self._mask_rid):  # cancelled elsewhere (e.g. the service closed)
            if request_id == self._detect_rid:
                self._detect_rid = -1
            else:
                self._mask_rid = -1
            self._update_busy()

    def _update_busy(self) -> None:
        if self._detect_rid >= 0:
            self.panel.set_busy(self.tr("Looking for logos in frames across the video…"))
        elif self._mask_rid >= 0:
            self.panel.set_busy(self.tr("Estimating the mask…"))
        else:
            self.panel.set_busy("")

    def _update_actions(self, *_args: object) -> None:
        selected = self._model.selected_id
        has_region = selected is not None and selected in self._model
        self.panel.estimate_action.setEnabled(has_region)
        self.panel.clear_mask_action.setEnabled(has_region and self.store.has(selected))  # type: ignore[arg-type]
