"""The region list: select, edit exact geometry, set a time range, delete.

All edits go through the undo stack, like the mouse edits on the canvas.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.removal.region_model import Region, RegionModel, move_within
from ui.removal.timeline_bar import timecode
from ui.removal.undo_commands import ClearRegionsCommand, EditRegionCommand, RemoveRegionCommand, time_range_text

TimeSpan = Callable[[], tuple[float, float] | None]  # (start, end) seconds of the current frame


class RegionPanel(QWidget):
    """List of regions with geometry spin boxes and time-range buttons for the selected one."""

    def __init__(self, model: RegionModel, undo_stack: QUndoStack, current_frame_span: TimeSpan,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._undo = undo_stack
        self._frame_span = current_frame_span
        self._syncing = False

        self.list = QListWidget()
        self.list.setObjectName("removalRegionList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.list.setMinimumHeight(60)
        self.list.setMaximumHeight(120)
        self.empty_label = QLabel(self.tr("No regions yet. Drag on the picture to mark a watermark."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)

        self.spins: dict[str, QSpinBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        labels = {"x": self.tr("X"), "y": self.tr("Y"), "w": self.tr("Width"), "h": self.tr("Height")}
        for i, key in enumerate(("x", "y", "w", "h")):
            spin = QSpinBox()
            spin.setObjectName(f"removalRegion_{key}")
            spin.setKeyboardTracking(False)
            spin.setSuffix(self.tr(" px"))
            spin.setRange(0, 99999)
            spin.valueChanged.connect(self._on_spin)
            self.spins[key] = spin
            label = QLabel(labels[key])
            label.setBuddy(spin)
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(spin, i // 2, (i % 2) * 2 + 1)

        self.time_label = QLabel()
        self.time_label.setObjectName("removalRegionTime")
        self.time_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start here"))
        self.start_button.setToolTip(self.tr("The region applies from the current frame on."))
        self.start_button.clicked.connect(self.set_start_here)
        self.end_button = QPushButton(self.tr("End here"))
        self.end_button.setToolTip(self.tr("The region applies up to and including the current frame."))
        self.end_button.clicked.connect(self.set_end_here)
        self.whole_button = QPushButton(self.tr("Whole video"))
        self.whole_button.setToolTip(self.tr("The region applies to every frame."))
        self.whole_button.clicked.connect(self.clear_time_range)
        time_row = QHBoxLayout()
        for button in (self.start_button, self.end_button, self.whole_button):
            time_row.addWidget(button)

        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected region (Delete)"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button = QPushButton(self.tr("Delete all"))
        self.clear_button.clicked.connect(self.delete_all)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.empty_label)
        layout.addLayout(grid)
        layout.addWidget(self.time_label)
        layout.addLayout(time_row)
        layout.addLayout(buttons)

        model.region_added.connect(self._rebuild)
        model.region_removed.connect(self._rebuild)
        model.region_changed.connect(self._on_region_changed)
        model.selection_changed.connect(self._sync_selection)
        model.reset.connect(self._rebuild)
        self._rebuild()

    # -- list ------------------------------------------------------------------------------------------
    def _describe(self, number: int, region: Region) -> str:
        if region.start_s is None and region.end_s is None:
            return self.tr("{0}.  {1} × {2} at {3}, {4} · whole video").format(
                number, region.w, region.h, region.x, region.y)
        return self.tr("{0}.  {1} × {2} at {3}, {4} · {5} – {6}").format(
            number, region.w, region.h, region.x, region.y, timecode(region.start_s or 0.0),
            timecode(region.end_s) if region.end_s is not None else self.tr("end"))

    def _rebuild(self, *_args: object) -> None:
        self._syncing = True
        self.list.clear()
        for number, region_id in enumerate(self._model.ids(), start=1):
            region = self._model.region(region_id)
            assert region is not None
            item = QListWidgetItem(self._describe(number, region))
            item.setData(Qt.ItemDataRole.UserRole, region_id)
            self.list.addItem(item)
        self._syncing = False
        self.empty_label.setVisible(len(self._model) == 0)
        self.clear_button.setEnabled(len(self._model) > 0)
        self._sync_selection(self._model.selected_id)

    def _on_region_changed(self, region_id: int) -> None:
        region = self._model.region(region_id)
        if region is None:
            return
        row = self._model.index_of(region_id)
        item = self.list.item(row)
        if item is not None:
            item.setText(self._describe(row + 1, region))
        if region_id == self._model.selected_id:
            self._show_details(region)

    def _on_row_changed(self, row: int) -> None:
        if self._syncing:
            return
        item = self.list.item(row) if row >= 0 else None
        self._model.select(item.data(Qt.ItemDataRole.UserRole) if item is not None else None)

    def _sync_selection(self, selected: object) -> None:
        self._syncing = True
        row = self._model.index_of(selected) if selected is not None and selected in self._model else -1
        self.list.setCurrentRow(row)
        self._syncing = False
        region = self._model.region(selected) if isinstance(selected, int) else None
        for widget in (*self.spins.values(), self.start_button, self.end_button, self.whole_button,
                       self.delete_button):
            widget.setEnabled(region is not None)
        self._show_details(region)

    def _show_details(self, region: Region | None) -> None:
        self._syncing = True
        width, height = self._model.frame_size
        for key, spin in self.spins.items():
            limit = width if key in ("x", "w") else height
            spin.setRange(0, max(1, limit))
            spin.setValue(getattr(region, key) if region is not None else 0)
        self._syncing = False
        if region is None:
            self.time_label.setText(self.tr("Select a region to edit it."))
        elif region.start_s is None and region.end_s is None:
            self.time_label.setText(self.tr("Applies to the whole video."))
        elif region.end_s is None:
            self.time_label.setText(self.tr("Applies from {0} to the end.").format(timecode(region.start_s)))
        elif region.start_s is None:
            self.time_label.setText(self.tr("Applies from the start until {0}.").format(timecode(region.end_s)))
        else:
            self.time_label.setText(self.tr("Applies from {0} until {1}.").format(
                timecode(region.start_s), timecode(region.end_s)))

    # -- edits -----------------------------------------------------------------------------------------
    def _selected(self) -> tuple[int, Region] | None:
        selected = self._model.selected_id
        region = self._model.region(selected) if selected is not None else None
        return (selected, region) if region is not None and selected is not None else None

    def _on_spin(self, _value: int) -> None:
        if self._syncing:
            return
        current = self._selected()
        if current is None:
            return
        region_id, region = current
        values = {key: spin.value() for key, spin in self.spins.items()}
        width, height = self._model.frame_size
        if (values["w"], values["h"]) == (region.w, region.h):  # a move: keep the size, stay inside
            new = move_within(region, values["x"], values["y"], width, height)
        else:  # a resize: keep the position, shrink to the frame
            new = self._model.clamp(region.with_rect(region.x, region.y, values["w"], values["h"]))
        if new != region:
            self._undo.push(EditRegionCommand(self._model, region_id, new))
        else:
            self._show_details(region)

    def set_start_here(self) -> None:
        current, span = self._selected(), self._frame_span()
        if current is None or span is None:
            return
        region_id, region = current
        start = span[0]
        end = region.end_s if region.end_s is not None and region.end_s > start else None
        self._undo.push(EditRegionCommand(self._model, region_id, region.with_times(start, end), time_range_text()))

    def set_end_here(self) -> None:
        current, span = self._selected(), self._frame_span()
        if current is None or span is None:
            return
        region_id, region = current
        end = span[1]  # end is exclusive: the current frame is included
        start = region.start_s if region.start_s is not None and region.start_s < end else None
        self._undo.push(EditRegionCommand(self._model, region_id, region.with_times(start, end), time_range_text()))

    def clear_time_range(self) -> None:
        current = self._selected()
        if current is None:
            return
        region_id, region = current
        if region.start_s is not None or region.end_s is not None:
            self._undo.push(EditRegionCommand(self._model, region_id, region.with_times(None, None),
                                              time_range_text()))

    def delete_selected(self) -> bool:
        current = self._selected()
        if current is None:
            return False
        self._undo.push(RemoveRegionCommand(self._model, current[0]))
        return True

    def delete_all(self) -> None:
        if len(self._model):
            self._undo.push(ClearRegionsCommand(self._model))
