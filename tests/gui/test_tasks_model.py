"""TaskModel with thousands of tasks: batched updates, bounded time, correct rows."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer

from mediacraft_desktop.task import Task
from tests.gui.conftest import MemoryStore
from ui.tasks.dock import TasksDock
from ui.tasks.model import Column, Role, TaskModel, contiguous_ranges

N = 3000


def make_docs(n: int, folder) -> list[dict]:
    docs = []
    statuses = ["completed", "failed", "cancelled", "queued", "paused"]
    for i in range(n):
        task = Task(task_type="test_steps", name=f"task {i:05d}",
                    inputs=[{"path": str(folder / f"in{i}.bin"), "original_filename": f"in{i}.bin"}])
        task.created_at = f"2026-01-{1 + i % 28:02d}T10:{i % 60:02d}:00.000Z"
        task.status = type(task.status)(statuses[i % len(statuses)])
        task.notified = True
        task.config = {"steps": 5, "output_target": str(folder / f"out{i}.txt")}
        docs.append(task.to_dict())
    return docs


def test_contiguous_ranges():
    assert contiguous_ranges([5, 1, 2, 3, 9, 8]) == [(1, 3), (5, 5), (8, 9)]
    assert contiguous_ranges([]) == []


@pytest.mark.parametrize("sort_column, limit_s", [(Column.CREATED, 0.25), (Column.PRIORITY, 1.5)])
def test_burst_of_changes_on_3000_tasks_is_one_bounded_flush(qtbot, engine_factory, tmp_path, sort_column, limit_s):
    """9,000 changes: one flush; sorted by date nothing moves, sorted by priority all 3,000 rows re-sort."""
    engine = engine_factory(start=False, store=MemoryStore(make_docs(N, tmp_path)))
    engine.start(run=False)
    dock = TasksDock(engine)
    qtbot.addWidget(dock)
    dock.resize(1200, 600)
    dock.show()
    qtbot.waitExposed(dock)
    model = dock.model
    assert model.rowCount() == N
    dock.view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder)
    flushes_before = model.flush_count
    signals: list[tuple] = []
    model.dataChanged.connect(lambda a, b, _roles=(): signals.append((a.row(), b.row())))

    t0 = time.perf_counter()
    ids = [t.task_id for t in engine.tasks()]
    for round_ in range(3):  # 9,000 real changes through the engine's public API
        for i, task_id in enumerate(ids):
            engine.set_priority(task_id, round_ * 10 + i % 7)
    emit_s = time.perf_counter() - t0
    assert model.flush_count == flushes_before, "changes must be collected, not applied one by one"
    assert model.pending() == N

    qtbot.waitUntil(lambda: model.flush_count == flushes_before + 1, timeout=2000)
    t1 = time.perf_counter()
    qtbot.wait(50)  # let the view repaint
    repaint_s = time.perf_counter() - t1
    print(f"\n3000 tasks sorted by {sort_column.name}: 9000 changes emitted in {emit_s:.3f} s, "
          f"one flush of {model.last_flush_s * 1000:.1f} ms "
          f"({len(signals)} dataChanged signal(s)), repaint {repaint_s * 1000:.0f} ms")
    assert model.last_flush_s < limit_s
    assert 1 <= len(signals) <= 32
    assert model.pending() == 0
    # the data shown is the new data
    shown = sorted(int(dock.proxy.index(r, Column.PRIORITY).data()) for r in range(dock.proxy.rowCount()))
    assert shown[0] == 20 and shown[-1] == 26
    if sort_column == Column.PRIORITY:
        assert int(dock.proxy.index(0, Column.PRIORITY).data()) == 26


@pytest.mark.parametrize("group", ["all", "waiting"])
def test_ui_stays_responsive_under_constant_progress(qtbot, engine_factory, tmp_path, group):
    """3000 tasks x 10 updates/s for 2 s: the event loop never stalls long."""
    engine = engine_factory(start=False, store=MemoryStore(make_docs(N, tmp_path)))
    engine.start(run=False)
    dock = TasksDock(engine)
    qtbot.addWidget(dock)
    dock.resize(1200, 600)
    dock.show()
    qtbot.waitExposed(dock)
    ids = [t.task_id for t in engine.tasks()]
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    storm = QTimer()
    storm.setInterval(100)
    tasks = [engine.task(i) for i in ids]

    def progress_round() -> None:
        # what the engine does on each worker progress signal: new percent and stage, then task_changed
        for task in tasks:
            task.progress = (task.progress + 0.7) % 100
            task.progress_message = f"frame {int(task.progress * 30)}"
            engine.task_changed.emit(task.task_id)

    storm.timeout.connect(progress_round)
    dock.set_status_group(group)
    dock.search.setText("task")
    heartbeat.start()
    storm.start()
    qtbot.wait(2000)
    storm.stop()
    heartbeat.stop()
    worst = max(gaps)
    print(f"\nheartbeat gaps under 30,000 updates/s (filter {group!r} + search): max {worst * 1000:.0f} ms, "
          f"{dock.model.flush_count} flushes")
    # Unbatched repaints/re-sorts stall for seconds; the bound leaves room for a loaded 2-core CI machine
    # (the storm itself runs on this thread). The benchmark figures are in bench_startup/the README.
    assert worst < 1.0
    assert dock.model.flush_count >= 5


def test_rows_follow_add_and_remove(qtbot, engine, tmp_path):
    model = TaskModel(engine)
    ids = [engine.submit("test_steps", [str(tmp_path / f"x{i}.bin")], {"steps": 1}) for i in range(5)]
    qtbot.waitUntil(lambda: model.rowCount() == 5, timeout=2000)
    assert [model.index(r, 0).data(Role.TASK_ID) for r in range(5)] == ids
    engine.remove(ids[1])
    engine.remove(ids[3])
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=2000)
    assert model.ids() == [ids[0], ids[2], ids[4]]
    assert model.row_of(ids[4]) == 2
    # failed (missing inputs) rows show status and type words
    qtbot.waitUntil(lambda: engine.task(ids[0]).status.value == "failed", timeout=5000)
    model.flush()
    assert model.index(0, Column.STATUS).data() == "Failed"
    assert model.index(0, Column.TYPE).data() == "Test steps"
