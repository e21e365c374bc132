"""Filtering (status group, type, search text) and sorting of the task model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from ui.tasks.model import Role

ACTIVE = frozenset({"created", "ready", "queued", "running", "paused", "interrupted"})
STATUS_GROUPS: dict[str, frozenset[str] | None] = {
    "all": None,
    "active": ACTIVE,
    "running": frozenset({"running"}),
    "waiting": frozenset({"created", "ready", "queued", "paused", "interrupted"}),
    "completed": frozenset({"completed"}),
    "failed": frozenset({"failed"}),
    "cancelled": frozenset({"cancelled"}),
}


class TaskFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[str] | None = None
        self._type: str | None = None
        self._words: list[str] = []
        self.setSortRole(Role.SORT)
        self.setDynamicSortFilter(True)

    def _refilter(self, **values: Any) -> None:
        """Set filter fields and re-filter rows (Qt >= 6.9 API when present)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.__dict__.update(values)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.__dict__.update(values)
            self.invalidateRowsFilter()

    def set_status_group(self, group: str) -> None:
        self._refilter(_statuses=STATUS_GROUPS.get(group))

    def set_type(self, task_type: str | None) -> None:
        self._refilter(_type=task_type or None)

    def set_search(self, text: str) -> None:
        self._refilter(_words=text.lower().split())

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._statuses is None and self._type is None and not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._statuses is not None and index.data(Role.STATUS) not in self._statuses:
            return False
        if self._type is not None and index.data(Role.TYPE) != self._type:
            return False
        if self._words:
            haystack = index.data(Role.SEARCH) or ""
            return all(word in haystack for word in self._words)
        return True

    def task_ids(self, rows: list[int] | None = None) -> list[str]:
        """Task ids of the given proxy rows (all rows when None), in view order."""
        rows = range(self.rowCount()) if rows is None else rows
        return [self.index(r, 0).data(Role.TASK_ID) for r in rows]
