"""Undoable edits of the region model (add, remove, change geometry or time range, clear) and of masks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ui.removal.mask_store import MaskStore, StoredMask
from ui.removal.region_model import Region, RegionModel


class AddRegionCommand(QUndoCommand):
    """Add a region (and select it)."""

    def __init__(self, model: RegionModel, region: Region) -> None:
        super().__init__(QCoreApplication.translate("RemovalUndo", "Add region"))
        self._model = model
        self._region = model.clamp(region)
        self.region_id = model.allocate_id()

    def redo(self) -> None:
        self._model.insert(self.region_id, self._region)
        self._model.select(self.region_id)

    def undo(self) -> None:
        self._model.remove(self.region_id)


class RemoveRegionCommand(QUndoCommand):
    """Remove one region; undo puts it back at the same place in the list."""

    def __init__(self, model: RegionModel, region_id: int) -> None:
        super().__init__(QCoreApplication.translate("RemovalUndo", "Delete region"))
        self._model = model
        self._id = region_id
        self._index = model.index_of(region_id)
        region = model.region(region_id)
        assert region is not None
        self._region = region

    def redo(self) -> None:
        self._model.remove(self._id)

    def undo(self) -> None:
        self._model.insert(self._id, self._region, self._index)
        self._model.select(self._id)


class EditRegionCommand(QUndoCommand):
    """Replace a region's geometry and/or time range."""

    def __init__(self, model: RegionModel, region_id: int, new: Region, text: str | None = None) -> None:
        super().__init__(text or QCoreApplication.translate("RemovalUndo", "Change region"))
        self._model = model
        self._id = region_id
        old = model.region(region_id)
        assert old is not None
        self._old = old
        self._new = new

    def redo(self) -> None:
        self._model.update(self._id, self._new)
        self._model.select(self._id)

    def undo(self) -> None:
        self._model.update(self._id, self._old)
        self._model.select(self._id)


class ClearRegionsCommand(QUndoCommand):
    """Remove every region."""

    def __init__(self, model: RegionModel) -> None:
        super().__init__(QCoreApplication.translate("RemovalUndo", "Delete all regions"))
        self._model = model
        self._saved = [(rid, model.region(rid)) for rid in model.ids()]

    def redo(self) -> None:
        for rid, _region in self._saved:
            if rid in self._model:
                self._model.remove(rid)

    def undo(self) -> None:
        for index, (rid, region) in enumerate(self._saved):
            assert region is not None
            self._model.insert(rid, region, index)


def move_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Move region")


def resize_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Resize region")


def time_range_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Change time range")


class SetMaskCommand(QUndoCommand):
    """Replace a region's mask (a brush stroke, an estimate, or removing the mask); one undo step each."""

    def __init__(self, store: MaskStore, region_id: int, new: StoredMask | None, text: str) -> None:
        super().__init__(text)
        self._store = store
        self._id = region_id
        self._old = store.get(region_id)
        self._new = new

    def redo(self) -> None:
        self._store.set(self._id, self._new)

    def undo(self) -> None:
        self._store.set(self._id, self._old)


def stroke_text(erase: bool) -> str:
    return (QCoreApplication.translate("RemovalUndo", "Erase from mask") if erase
            else QCoreApplication.translate("RemovalUndo", "Paint mask"))


def estimate_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Estimate mask")


def clear_mask_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Remove mask")


def suggestions_text() -> str:
    return QCoreApplication.translate("RemovalUndo", "Add suggested regions")
