"""The merge clip list: files in join order, probed in the background, reorderable by drag and drop."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from mediacraft_desktop.registry import AUDIO_EXTENSIONS, VIDEO_EXTENSIONS
from ui.merge.compat import Compatibility, Mismatch, check_compatibility

ROWS_MIME = "application/x-mediacraft-clip-rows"
MERGE_EXTENSIONS = VIDEO_EXTENSIONS | AUDIO_EXTENSIONS
FOLDER_DEPTH = 2
Index = QModelIndex | QPersistentModelIndex
ClipRole = Qt.ItemDataRole.UserRole + 1


@dataclass
class Clip:
    path: str
    summary: dict[str, Any] | None = None
    error_code: str | None = None
    error_detail: str = ""
    mismatch: Mismatch | None = None

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def duration(self) -> float | None:
        return (self.summary or {}).get("duration")


@dataclass
class AddResult:
    added: int
    duplicates: int
    rejected: list[str]


def is_media_file(path: str) -> bool:
    return Path(path).suffix.lower() in MERGE_EXTENSIONS and os.path.isfile(path)


def expand_paths(paths: list[str], depth: int = FOLDER_DEPTH) -> list[str]:
    """Files as given (media only) and the media files inside folders, sorted by name, ``depth`` levels deep."""
    result: list[str] = []
    for raw in paths:
        path = os.path.abspath(raw)
        if os.path.isdir(path):
            if depth <= 0:
                continue
            try:
                entries = sorted(os.listdir(path), key=str.casefold)
            except OSError:
                continue
            files = [os.path.join(path, e) for e in entries if not e.startswith(".")]
            result += [p for p in files if is_media_file(p)]
            result += expand_paths([p for p in files if os.path.isdir(p)], depth - 1)
        elif is_media_file(path):
            result.append(path)
    return result


class ClipListModel(QAbstractListModel):
    compatibility_changed = Signal()
    clips_changed = Signal()

    def __init__(self, media: Any, thumbnails: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media = media
        self._thumbnails = thumbnails
        self._clips: list[Clip] = []
        self._probes: dict[int, str] = {}
        self.compatibility = Compatibility("too_few")
        media.probed.connect(self._on_probed)
        media.failed.connect(self._on_failed)
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail)

    # ------------------------------------------------------------------ content
    def clips(self) -> list[Clip]:
        return list(self._clips)

    def paths(self) -> list[str]:
        return [c.path for c in self._clips]

    def total_duration(self) -> float | None:
        """Sum of the clip durations; None while any is unknown."""
        durations = [c.duration for c in self._clips]
        if not durations or any(d is None for d in durations):
            return None
        return float(sum(durations))

    def add_paths(self, paths: list[str], row: int = -1) -> AddResult:
        """Insert media files (folders expanded) at ``row`` (end if -1); already listed files are skipped."""
        files = expand_paths(paths)
        rejected = [p for p in paths if not os.path.isdir(p) and not is_media_file(os.path.abspath(p))]
        present = set(self.paths())
        new: list[str] = []
        for path in files:
            if path not in present:
                new.append(path)
                present.add(path)
        result = AddResult(len(new), len(files) - len(new), rejected)
        if not new:
            return result
        row = len(self._clips) if row < 0 or row > len(self._clips) else row
        self.beginInsertRows(QModelIndex(), row, row + len(new) - 1)
        self._clips[row:row] = [Clip(p) for p in new]
        self.endInsertRows()
        for path in new:
            self._probes[self._media.probe(path)] = path
        self._update_compatibility()
        return result

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._clips):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._clips[row]
                self.endRemoveRows()
        self._update_compatibility()

    def clear(self) -> None:
        self.beginResetModel()
        self._clips.clear()
        self.endResetModel()
        self._update_compatibility()

    def move(self, rows: list[int], destination: int) -> None:
        """Move ``rows`` (any order) so they sit together, in their order, before ``destination``."""
        rows = sorted(r for r in set(rows) if 0 <= r < len(self._clips))
        if not rows:
            return
        destination = max(0, min(destination, len(self._clips)))
        moving = [self._clips[r] for r in rows]
        remaining = [c for i, c in enumerate(self._clips) if i not in set(rows)]
        insert_at = destination - sum(1 for r in rows if r < destination)
        order = remaining[:insert_at] + moving + remaining[insert_at:]
        if order == self._clips:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [i.row() for i in old_persistent]
        position = {id(c): i for i, c in enumerate(order)}
        new_rows = [position[id(self._clips[r])] for r in old_rows]
        self._clips = order
        self.changePersistentIndexList(old_persistent, [self.index(r, 0) for r in new_rows])
        self.layoutChanged.emit()
        self._update_compatibility()

    # ------------------------------------------------------------------ probing
    def _on_probed(self, request_id: int, _path: str, summary: dict[str, Any]) -> None:
        path = self._probes.pop(request_id, None)
        if path is None:
            return
        for row, clip in enumerate(self._clips):
            if clip.path == path:
                clip.summary = summary
                clip.error_code = None
                self._changed(row)
        self._update_compatibility()

    def _on_failed(self, request_id: int, _path: str, code: str, detail: str) -> None:
        path = self._probes.pop(request_id, None)
        if path is None:
            return
        for row, clip in enumerate(self._clips):
            if clip.path == path:
                clip.error_code, clip.error_detail = code, detail
                self._changed(row)
        self._update_compatibility()

    def probing(self) -> int:
        return len(self._probes)

    def _on_thumbnail(self, path: str) -> None:
        for row, clip in enumerate(self._clips):
            if clip.path == path:
                self._changed(row)

    def _changed(self, row: int) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def _update_compatibility(self) -> None:
        self.compatibility = check_compatibility([(c.name, c.summary, c.error_code is not None) for c in self._clips])
        by_clip = {m.clip: m for m in self.compatibility.mismatches}
        for row, clip in enumerate(self._clips):
            mismatch = by_clip.get(clip.name) if row else None
            if mismatch != clip.mismatch:
                clip.mismatch = mismatch
                self._changed(row)
        self.compatibility_changed.emit()
        self.clips_changed.emit()

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._clips)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._clips):
            return None
        clip = self._clips[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return clip.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return clip.path
        if role == Qt.ItemDataRole.DecorationRole and self._thumbnails is not None:
            return self._thumbnails.get(clip.path)
        if role == ClipRole:
            return clip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROWS_MIME]  # files from outside are taken by the view (ClipListView.files_dropped)

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime.setData(ROWS_MIME, QByteArray(json.dumps({"model": id(self), "rows": rows}).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(ROWS_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._clips)
        if data.hasFormat(ROWS_MIME):
            payload = json.loads(bytes(data.data(ROWS_MIME).data()).decode())
            if payload.get("model") != id(self):
                return False
            self.move(payload.get("rows", []), row)
            return True
        return False

    def moveRows(self, source_parent: Index, source_row: int, count: int, destination_parent: Index,
                 destination_child: int) -> bool:
        """Used by QListView for internal drag moves."""
        if source_parent.isValid() or destination_parent.isValid() or count <= 0:
            return False
        if source_row <= destination_child <= source_row + count:
            return destination_child in (source_row, source_row + count)
        self.move(list(range(source_row, source_row + count)), destination_child)
        return True
