"""The Tasks dock: queue controls, filters, search and the task table."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui import icons
from ui.i18n import type_label
from ui.tasks.actions import TaskActions
from ui.tasks.delegates import ProgressDelegate, StatusBadgeDelegate
from ui.tasks.model import Column, Role, TaskModel
from ui.tasks.proxy import STATUS_GROUPS, TaskFilterProxy

THUMB_SIZE = QSize(56, 32)


class TaskView(QTreeView):
    """A flat, sortable table of tasks with uniform row heights (cheap with thousands of rows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskView")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setIconSize(THUMB_SIZE)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(self))
        self.setItemDelegateForColumn(Column.PROGRESS, ProgressDelegate(self))
        # waiting tasks are dragged to change their run order (the model's drop only takes its own task ids)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)


class TasksDock(QDockWidget):
    task_activated = Signal(str)  # open the detail view

    def __init__(self, engine: Any, thumbnails: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tasksDock")
        self._engine = engine
        self.model = TaskModel(engine, thumbnails, self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.view = TaskView(body)
        self.view.setModel(self.proxy)
        self.actions = TaskActions(engine, self.selected_ids, self.view)
        for action in self.actions.task_actions:
            self.view.addAction(action)
        self.queue_buttons: list[QToolButton] = []
        for action in (self.actions.pause_queue, self.actions.stop_after_current, self.actions.clear_finished):
            button = QToolButton(body)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            bar.addWidget(button)
            self.queue_buttons.append(button)
        bar.addStretch(1)
        self.status_filter = QComboBox(body)
        self.status_filter.setObjectName("statusFilter")
        self.type_filter = QComboBox(body)
        self.type_filter.setObjectName("typeFilter")
        self.search = QLineEdit(body)
        self.search.setObjectName("taskSearch")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(180)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.type_filter)
        bar.addWidget(self.search)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.summary = QLabel(body)
        self.summary.setObjectName("taskSummary")
        layout.addWidget(self.summary)
        self.setWidget(body)

        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.PROGRESS, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.NAME, 260), (Column.INPUT, 200), (Column.TYPE, 130), (Column.STATUS, 110),
                              (Column.PRIORITY, 60), (Column.CREATED, 120), (Column.FINISHED, 120),
                              (Column.ORDER, 60)):
            header.resizeSection(column, width)
        self.view.sortByColumn(Column.CREATED, Qt.SortOrder.DescendingOrder)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(250)
        self._refresh_timer.timeout.connect(self._refresh)
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.modelReset, engine.queue_changed):
            signal.connect(self._schedule_refresh)
        self.view.selectionModel().selectionChanged.connect(self.actions.update_enabled)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.actions.details_requested.connect(self.task_activated)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter)
        self.type_filter.currentIndexChanged.connect(self._on_type_filter)
        self.search.textChanged.connect(self.proxy.set_search)
        self.retranslateUi()
        self._refresh()

    # ------------------------------------------------------------------ i18n
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Tasks"))
        self.search.setPlaceholderText(self.tr("Search output, input or folder"))
        labels = {"all": self.tr("All statuses"), "active": self.tr("Active"), "running": self.tr("Running"),
                  "waiting": self.tr("Waiting"), "completed": self.tr("Completed"), "failed": self.tr("Failed"),
                  "cancelled": self.tr("Cancelled")}
        current = self.status_filter.currentData() or "all"
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        for key in STATUS_GROUPS:
            self.status_filter.addItem(labels[key], key)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(current)))
        self.status_filter.blockSignals(False)
        self._fill_types()
        self.model.retranslate()
        self._refresh()

    def _fill_types(self) -> None:
        current = self.type_filter.currentData()
        types = sorted(set(self._engine.registry.types()) | {t.task_type for t in self._engine.tasks()})
        self.type_filter.blockSignals(True)
        self.type_filter.clear()
        self.type_filter.addItem(self.tr("All types"), None)
        for task_type in types:
            self.type_filter.addItem(type_label(task_type), task_type)
        self.type_filter.setCurrentIndex(max(0, self.type_filter.findData(current)))
        self.type_filter.blockSignals(False)

    # ------------------------------------------------------------------ selection and filters
    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return self.proxy.task_ids(rows)

    def select_task(self, task_id: str) -> bool:
        """Select and scroll to ``task_id`` (clearing filters that hide it)."""
        self.model.flush()
        source = self.model.index_of(task_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.set_status_group("all")
            self.type_filter.setCurrentIndex(0)
            self.search.clear()
            index = self.proxy.mapFromSource(source)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def select_ids(self, task_ids: list[str]) -> None:
        self.model.flush()
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for task_id in task_ids:
            index = self.proxy.mapFromSource(self.model.index_of(task_id))
            if index.isValid():
                selection.select(index, flags)

    def set_status_group(self, group: str) -> None:
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(group)))

    def _on_status_filter(self, _index: int) -> None:
        self.proxy.set_status_group(self.status_filter.currentData() or "all")

    def _on_type_filter(self, _index: int) -> None:
        self.proxy.set_type(self.type_filter.currentData())

    def _on_double_clicked(self, index: QModelIndex) -> None:
        task_id = index.data(Role.TASK_ID)
        if task_id:
            self.task_activated.emit(task_id)

    def _context_menu(self, pos: QPoint) -> None:
        self.actions.update_enabled()
        menu = QMenu(self.view)
        a = self.actions
        for item in (a.details, a.edit_again, None, a.cancel, a.retry, a.hold, a.release, None, a.raise_priority,
                     a.lower_priority, a.set_priority, None, a.open_result, a.show_in_folder, None, a.remove):
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _schedule_refresh(self, *_args: object) -> None:
        """Throttled, not debounced: constant updates must not postpone the refresh forever."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh(self) -> None:
        self.actions.update_enabled()
        counts = Counter(t.status.value for t in self._engine.tasks())
        total = sum(counts.values())
        waiting = sum(counts[s] for s in ("created", "ready", "queued", "paused", "interrupted"))
        parts = [self.tr("%n task(s)", "", total), self.tr("%n running", "", counts["running"]),
                 self.tr("%n waiting", "", waiting), self.tr("%n failed", "", counts["failed"])]
        if self._engine.queue_paused:
            parts.append(self.tr("queue paused"))
        elif self._engine.stop_after_current:
            parts.append(self.tr("stopping after the running tasks"))
        self.summary.setText(" · ".join(parts))
        if self.type_filter.count() - 1 != len({t.task_type for t in self._engine.tasks()}
                                               | set(self._engine.registry.types())):
            self._fill_types()
