"""Dashboard: counts per status, tasks per day and type, disk use, and the most recent tasks."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.formatting import local_time, size_text
from ui.i18n import status_label, type_label
from ui.style import status_color, type_color
from ui.tasks.model import type_icon
from ui.widgets.bar_chart import Series, StackedBarChart

CHART_DAYS = 14
RECENT = 12
REFRESH_MS = 1000
USAGE_EVERY_S = 10.0
CARDS = (  # key, statuses counted, colour status
    ("running", ("running",), "running"),
    ("waiting", ("created", "ready", "queued", "paused", "interrupted"), "queued"),
    ("completed", ("completed",), "completed"),
    ("failed", ("failed",), "failed"),
    ("cancelled", ("cancelled",), "cancelled"),
)


class CountCard(QFrame):
    clicked = Signal(str)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.number = QLabel("0", self)
        self.number.setObjectName("cardNumber")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(self)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_color(self, color: str) -> None:
        self.setStyleSheet(f"#card_{self.key} {{ border: 1px solid {color}; border-left: 5px solid {color};"
                           f" border-radius: 6px; }} #card_{self.key} #cardNumber {{ color: {color}; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


class Dashboard(QWidget):
    status_group_requested = Signal(str)  # a card was clicked: show those tasks
    task_activated = Signal(str)

    def __init__(self, engine: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._engine = engine
        self._dirty = True
        self._usage_asked = 0.0
        self.cards = {key: CountCard(key, self) for key, _s, _c in CARDS}
        cards_row = QHBoxLayout()
        for card in self.cards.values():
            card.clicked.connect(self.status_group_requested)
            cards_row.addWidget(card)
        self.chart_box = QGroupBox(self)
        chart_layout = QVBoxLayout(self.chart_box)
        self.chart = StackedBarChart(self.chart_box)
        chart_layout.addWidget(self.chart)
        self.disk_box = QGroupBox(self)
        disk = QFormLayout(self.disk_box)
        self.disk_labels = {k: (QLabel(self.disk_box), QLabel(self.disk_box))
                            for k in ("results_bytes", "temp_bytes", "store_bytes", "total")}
        for name, value in self.disk_labels.values():
            value.setObjectName("diskValue")
            disk.addRow(name, value)
        self.types_box = QGroupBox(self)
        self.types_layout = QFormLayout(self.types_box)
        side = QVBoxLayout()
        side.addWidget(self.disk_box)
        side.addWidget(self.types_box)
        side.addStretch(1)
        self.recent_box = QGroupBox(self)
        recent_layout = QVBoxLayout(self.recent_box)
        self.recent = QListWidget(self.recent_box)
        self.recent.setObjectName("recentTasks")
        self.recent.itemActivated.connect(lambda item: self.task_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        recent_layout.addWidget(self.recent)

        grid = QGridLayout(self)
        grid.setContentsMargins(12, 12, 12, 12)
        grid.addLayout(cards_row, 0, 0, 1, 2)
        grid.addWidget(self.chart_box, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addWidget(self.recent_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(2, 2)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._maybe_refresh)
        for signal in (engine.task_added, engine.task_changed, engine.task_removed):
            signal.connect(self._mark_dirty)
        self.retranslateUi()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        elif event.type() == QEvent.Type.PaletteChange:
            self.refresh()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        captions = {"running": self.tr("Running"), "waiting": self.tr("Waiting"), "completed": self.tr("Completed"),
                    "failed": self.tr("Failed"), "cancelled": self.tr("Cancelled")}
        for key, card in self.cards.items():
            card.caption.setText(captions[key])
        self.chart_box.setTitle(self.tr("Tasks per day (last %n days)", "", CHART_DAYS))
        self.chart.empty_text = self.tr("No tasks in this period")
        self.disk_box.setTitle(self.tr("Disk use"))
        names = {"results_bytes": self.tr("Results:"), "temp_bytes": self.tr("Temporary files:"),
                 "store_bytes": self.tr("Task list:"), "total": self.tr("Total:")}
        for key, (name, _value) in self.disk_labels.items():
            name.setText(names[key])
        self.types_box.setTitle(self.tr("Tasks by type"))
        self.recent_box.setTitle(self.tr("Recent tasks"))
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()
        self._refresh_usage()
        self._maybe_refresh()

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _mark_dirty(self, _task_id: str) -> None:
        self._dirty = True

    def _refresh_usage(self) -> None:
        """Ask the engine to re-measure temp and store sizes (in the background; shown next refresh)."""
        refresh = getattr(self._engine, "refresh_usage", None)
        if refresh is not None:
            refresh()
            self._usage_asked = time.monotonic()
            self._dirty = True

    def _maybe_refresh(self) -> None:
        if not self.isVisible():
            return
        if time.monotonic() - self._usage_asked > USAGE_EVERY_S:
            self._refresh_usage()
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Re-read ``engine.stats()`` and the task list (only while the dashboard is shown)."""
        self._dirty = False
        stats = self._engine.stats()
        by_status = stats.get("by_status", {})
        for key, statuses, color_status in CARDS:
            card = self.cards[key]
            card.number.setText(str(sum(by_status.get(s, 0) for s in statuses)))
            card.set_color(status_color(color_status).name())
        self._fill_chart(stats.get("per_day", {}))
        total = 0
        for key, (_name, value) in self.disk_labels.items():
            if key == "total":
                value.setText(size_text(total))
            else:
                total += int(stats.get(key, 0) or 0)
                value.setText(size_text(stats.get(key, 0)))
        while self.types_layout.rowCount():
            self.types_layout.removeRow(0)
        for task_type, count in sorted(stats.get("by_type", {}).items()):
            self.types_layout.addRow(type_label(task_type) + ":", QLabel(str(count), self.types_box))
        self._fill_recent()

    def _fill_chart(self, per_day: dict[str, dict[str, int]]) -> None:
        today = datetime.now(UTC).date()
        days = [(today - timedelta(days=CHART_DAYS - 1 - i)).isoformat() for i in range(CHART_DAYS)]
        types = sorted({t for counts in per_day.values() for t in counts} | set(self._engine.registry.types()))
        series = []
        for i, task_type in enumerate(types):
            values = [int(per_day.get(day, {}).get(task_type, 0)) for day in days]
            if any(values) or task_type != "test_steps":
                series.append(Series(type_label(task_type), type_color(i), values))
        self.chart.set_data([d[5:] for d in days], series)

    def _fill_recent(self) -> None:
        tasks = sorted(self._engine.tasks(), key=lambda t: t.updated_at, reverse=True)[:RECENT]
        self.recent.clear()
        for task in tasks:
            when = local_time(task.completed_at or task.updated_at)
            item = QListWidgetItem(type_icon(task.task_type),
                                   f"{task.name}  —  {status_label(task.status.value)}  ·  {when}")
            item.setData(Qt.ItemDataRole.UserRole, task.task_id)
            item.setForeground(status_color(task.status.value))
            self.recent.addItem(item)
