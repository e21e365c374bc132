"""TaskModel: one row per engine task, built for thousands of rows and constant progress updates.

The engine's ``task_added/changed/removed`` signals are not applied one by one: ids are collected and a
single-shot timer (100 ms) flushes them in one batch — removals and insertions as row ranges, changes as
``dataChanged`` over contiguous row ranges (or one spanning range when they are scattered). Rows are
found by id through a dict. Cell values are read from the engine's live task objects when painted.

Waiting tasks can be dragged (``TASK_IDS_MIME``) and dropped before another waiting task (or after the last
row: at the end) to change the order they run in (``engine.move_tasks``); the Order column shows that order.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QIcon

from ui import icons
from ui.formatting import local_time
from ui.i18n import stage_text, status_label, type_label

FLUSH_MS = 100
MAX_RANGES = 32  # more scattered ranges than this are sent as one spanning dataChanged
STATUS_ORDER = {s: i for i, s in enumerate(
    ("running", "queued", "created", "ready", "paused", "interrupted", "failed", "cancelled", "completed"))}
TYPE_ICONS = {"watermark_removal": "remove-watermark", "video_merge": "merge"}
WAITING = frozenset({"created", "ready", "queued", "paused", "interrupted"})  # not started: can be reordered
TASK_IDS_MIME = "application/x-mediacraft-task-ids"
Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    INPUT = 1
    TYPE = 2
    STATUS = 3
    PROGRESS = 4
    PRIORITY = 5
    CREATED = 6
    FINISHED = 7
    ORDER = 8  # place in the run order (waiting tasks only)


class Role(IntEnum):
    TASK_ID = Qt.ItemDataRole.UserRole + 1
    STATUS = Qt.ItemDataRole.UserRole + 2
    TYPE = Qt.ItemDataRole.UserRole + 3
    PROGRESS = Qt.ItemDataRole.UserRole + 4
    STAGE = Qt.ItemDataRole.UserRole + 5
    ETA = Qt.ItemDataRole.UserRole + 6
    SORT = Qt.ItemDataRole.UserRole + 7
    SEARCH = Qt.ItemDataRole.UserRole + 8


# what a row shows, in the order of SNAPSHOT_COLUMNS; comparing two snapshots tells which columns changed
SNAPSHOT_COLUMNS: tuple[tuple[Column, ...], ...] = (
    (Column.NAME,),  # title
    (Column.STATUS, Column.PROGRESS, Column.FINISHED),  # status
    (Column.PROGRESS,),  # progress
    (Column.PROGRESS,),  # stage text
    (Column.PRIORITY,),  # priority
    (Column.FINISHED,),  # completed_at
    (Column.ORDER,),  # queue rank
)


def output_file(task: Any) -> str:
    """The task's result path: the finished file, else the planned target, else the requested one ("" if unknown)."""
    return str(task.output_path or task.config.get("output_target") or task.metadata.get("requested_output") or "")


def task_title(task: Any) -> str:
    """What the task produces (the result's file name); its name until the target is known."""
    return os.path.basename(output_file(task)) or task.name


def inputs_text(task: Any) -> str:
    """The input file names: ``a.mp4``, or ``a.mp4 + 2`` for several."""
    names = [str(i.get("original_filename") or os.path.basename(str(i.get("path", "")))) for i in task.inputs]
    if not names:
        return ""
    return names[0] if len(names) == 1 else f"{names[0]} + {len(names) - 1}"


def search_text(task: Any) -> str:
    """Lower-case text a search matches: title, name, input and output file names and their folders, id."""
    output = output_file(task)
    paths = [str(i.get("path", "")) for i in task.inputs]
    parts = [task_title(task), task.name, *(str(i.get("original_filename", "")) for i in task.inputs),
             *paths, *{os.path.dirname(p) for p in paths}, output, os.path.dirname(output), task.task_id]
    return " ".join(p for p in parts if p).lower()


def _snapshot(task: Any) -> tuple:
    return (task_title(task), task.status, round(task.progress, 1), task.progress_message, task.priority,
            task.completed_at, task.metadata.get("queue_rank"))


def contiguous_ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted rows grouped into inclusive ``(first, last)`` runs."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


class TaskModel(QAbstractTableModel):
    def __init__(self, engine: Any, thumbnails: Any = None, parent: QObject | None = None,
                 flush_ms: int = FLUSH_MS) -> None:
        super().__init__(parent)
        self._engine = engine
        self._thumbnails = thumbnails
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._added: dict[str, None] = {}  # ordered set
        self._changed: set[str] = set()
        self._forced: set[str] = set()  # repaint the whole row (e.g. a thumbnail arrived)
        self._shown: dict[str, tuple] = {}  # what each row showed at the last flush, to find changed columns
        self._removed: set[str] = set()
        self._headers: list[str] = []
        self._order: dict[str, int] = {}  # waiting task id -> 1-based place in the run order
        self.flush_count = 0
        self.last_flush_s = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(flush_ms)
        self._timer.timeout.connect(self.flush)
        engine.task_added.connect(self._on_added)
        engine.task_changed.connect(self._on_changed)
        engine.task_removed.connect(self._on_removed)
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail)
        self.retranslate()
        self.reload()

    # ------------------------------------------------------------------ bookkeeping
    def reload(self) -> None:
        """Rebuild from the engine (after ``engine.start()`` loaded the store)."""
        self._timer.stop()
        self.beginResetModel()
        self._ids = [t.task_id for t in sorted(self._engine.tasks(), key=lambda t: t.created_at)]
        self._row = {tid: i for i, tid in enumerate(self._ids)}
        self._shown = {t.task_id: _snapshot(t) for t in self._engine.tasks()}
        self._added.clear()
        self._changed.clear()
        self._forced.clear()
        self._removed.clear()
        self._order = self._run_order()
        self.endResetModel()

    def _run_order(self) -> dict[str, int]:
        return {tid: n for n, tid in enumerate(self._engine.waiting_order(), 1)}

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _on_added(self, task_id: str) -> None:
        self._removed.discard(task_id)
        self._added[task_id] = None
        self._schedule()

    def _on_changed(self, task_id: str) -> None:
        self._changed.add(task_id)
        self._schedule()

    def _on_removed(self, task_id: str) -> None:
        self._added.pop(task_id, None)
        self._changed.discard(task_id)
        self._forced.discard(task_id)
        self._removed.add(task_id)
        self._schedule()

    def pending(self) -> int:
        return len(self._added) + len(self._changed) + len(self._forced) + len(self._removed)

    def flush(self) -> None:
        """Apply everything collected since the last flush in as few model signals as possible."""
        t0 = time.perf_counter()
        self._timer.stop()
        removed = [self._row[tid] for tid in self._removed if tid in self._row]
        if removed:
            for first, last in reversed(contiguous_ranges(removed)):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._ids[first:last + 1]
                self.endRemoveRows()
            self._row = {tid: i for i, tid in enumerate(self._ids)}
            for tid in self._removed:
                self._shown.pop(tid, None)
        self._removed.clear()
        added = [tid for tid in self._added if tid not in self._row and self._engine.task(tid) is not None]
        self._added.clear()
        if added:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for offset, tid in enumerate(added):
                self._ids.append(tid)
                self._row[tid] = first + offset
                self._shown[tid] = _snapshot(self._engine.task(tid))
            self.endInsertRows()
        rows: list[int] = []
        columns: set[int] = set()
        for tid in self._changed | self._forced:
            row = self._row.get(tid)
            task = self._engine.task(tid)
            if row is None or task is None:
                continue
            now = _snapshot(task)
            before = self._shown.get(tid)
            self._shown[tid] = now
            if tid in self._forced or before is None:
                cols = set(Column)
            else:
                cols = {col for i, col_set in enumerate(SNAPSHOT_COLUMNS) if now[i] != before[i] for col in col_set}
            if cols:
                rows.append(row)
                columns |= cols
        self._changed.clear()
        self._forced.clear()
        order_changed = False
        if removed or added or columns & {Column.STATUS, Column.PRIORITY, Column.ORDER}:
            order = self._run_order()
            order_changed = order != self._order  # one task's move or start renumbers the others
            self._order = order
        if rows:
            # only the columns that changed: progress updates then never re-sort a view sorted by date or name
            ranges = contiguous_ranges(rows)
            if len(ranges) > MAX_RANGES:
                ranges = [(ranges[0][0], ranges[-1][1])]
            first_col, last_col = min(columns), max(columns)
            for first, last in ranges:
                self.dataChanged.emit(self.index(first, first_col), self.index(last, last_col))
        if order_changed and self._ids:
            self.dataChanged.emit(self.index(0, Column.ORDER), self.index(len(self._ids) - 1, Column.ORDER))
        self.flush_count += 1
        self.last_flush_s = time.perf_counter() - t0

    def _on_thumbnail(self, path: str) -> None:
        for tid in self._ids:
            task = self._engine.task(tid)
            if task is not None and task.inputs and task.inputs[0].get("path") == path:
                self._forced.add(tid)
        self._schedule()

    def retranslate(self) -> None:
        self._headers = [self.tr("Name"), self.tr("Input"), self.tr("Type"), self.tr("Status"), self.tr("Progress"),
                         self.tr("Priority"), self.tr("Created"), self.tr("Finished"), self.tr("Order")]
        if self._ids:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    # ------------------------------------------------------------------ lookups
    def task_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, task_id: str) -> int | None:
        return self._row.get(task_id)

    def index_of(self, task_id: str, column: int = 0) -> QModelIndex:
        row = self._row.get(task_id)
        return QModelIndex() if row is None else self.index(row, column)

    def ids(self) -> list[str]:
        return list(self._ids)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # after the last row: to the end of the queue
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        task = self._engine.task(self._ids[index.row()]) if index.row() < len(self._ids) else None
        if task is not None and task.status.value in WAITING:
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # ------------------------------------------------------------------ reordering by drag and drop
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TASK_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """The dragged waiting tasks' ids (rows of other tasks in the selection are left out)."""
        ids = list(dict.fromkeys(self._ids[i.row()] for i in indexes if i.isValid() and i.row() < len(self._ids)))
        waiting = [tid for tid in ids if (t := self._engine.task(tid)) is not None and t.status.value in WAITING]
        mime = QMimeData()
        mime.setData(TASK_IDS_MIME, json.dumps(waiting).encode())
        return mime

    def _drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[list[str], str | None] | None:
        """(dragged ids, id of the waiting task they go before or None for the end); None if not droppable."""
        if not data.hasFormat(TASK_IDS_MIME):
            return None
        try:
            ids = [str(i) for i in json.loads(bytes(data.data(TASK_IDS_MIME).data()).decode())]
        except (ValueError, TypeError):
            return None
        if not ids:
            return None
        target = parent.row() if parent.isValid() else row  # on a row: before it
        if not 0 <= target < len(self._ids):
            return ids, None
        before = self._ids[target]
        task = self._engine.task(before)
        return (ids, before) if task is not None and task.status.value in WAITING else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return action == Qt.DropAction.MoveAction and self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Move the dragged waiting tasks before the task at ``row`` (or ``parent``, a drop on a row)."""
        target = self._drop_target(data, row, parent) if action == Qt.DropAction.MoveAction else None
        if target is None:
            return False
        ids, before = target
        moved = self._engine.move_tasks(ids, before)
        if moved:
            self.flush()
        return moved

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        task = self._engine.task(self._ids[index.row()])
        if task is None:
            return None
        column = index.column()
        if role == Role.SORT:  # first: the proxy asks for it thousands of times while sorting
            return self._sort_key(task, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, column)
        if role == Role.TASK_ID:
            return task.task_id
        if role == Role.STATUS:
            return task.status.value
        if role == Role.TYPE:
            return task.task_type
        if role == Role.PROGRESS:
            return float(task.progress)
        if role == Role.STAGE:
            return stage_text(task.progress_message)
        if role == Role.ETA:
            return self._engine.eta(task.task_id)
        if role == Role.SEARCH:
            return search_text(task)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.NAME:
            return self._decoration(task)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.NAME, Column.INPUT):
            files = "\n".join(str(i.get("path", "")) for i in task.inputs[:10])
            head = output_file(task) or task.name
            return f"{head}\n← {files}" if files else head
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.PRIORITY, Column.ORDER):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, task: Any, column: int) -> Any:
        if column == Column.NAME:
            return task_title(task)
        if column == Column.INPUT:
            return inputs_text(task)
        if column == Column.TYPE:
            return type_label(task.task_type)
        if column == Column.STATUS:
            return status_label(task.status.value)
        if column == Column.PROGRESS:
            return f"{task.progress:.0f}%"
        if column == Column.PRIORITY:
            return str(task.priority)
        if column == Column.CREATED:
            return local_time(task.created_at)
        if column == Column.FINISHED:
            return local_time(task.completed_at) if task.status.is_finished else ""
        if column == Column.ORDER:
            place = self._order.get(task.task_id)
            return str(place) if place else ""
        return None

    def _sort_key(self, task: Any, column: int) -> Any:
        if column == Column.NAME:
            return task_title(task).lower()
        if column == Column.INPUT:
            return inputs_text(task).lower()
        if column == Column.TYPE:
            return task.task_type
        if column == Column.STATUS:
            return STATUS_ORDER.get(task.status.value, 99)
        if column == Column.PROGRESS:
            return float(task.progress)
        if column == Column.PRIORITY:
            return int(task.priority)
        if column == Column.CREATED:
            return task.created_at
        if column == Column.FINISHED:
            return task.completed_at or ""
        if column == Column.ORDER:
            return self._order.get(task.task_id, 1 << 30)
        return None

    def _decoration(self, task: Any) -> Any:
        if self._thumbnails is not None and task.inputs:
            path = task.inputs[0].get("path")
            media = task.inputs[0].get("media")
            if path and (media or task.task_type != "test_steps"):
                pixmap = self._thumbnails.get(path)
                if pixmap is not None:
                    return QIcon(pixmap)  # an icon: the view scales it to its icon size
        return type_icon(task.task_type)


def type_icon(task_type: str) -> QIcon:
    return icons.icon(TYPE_ICONS.get(task_type, "film"))
