"""Drag to reorder waiting tasks in the task list: the drop changes their run order, which is persisted and
kept by the scheduler; running and finished rows cannot be dragged or dropped on."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from storage import open_store
from tests.gui.conftest import input_file
from tests.gui.dnd import drop, url_mime
from tests.gui.test_tasks_dock import make_dock, status
from ui.tasks.model import Column

STEPS = {"steps": 2, "step_s": 0.05}


def row_point(dock, task_id: str, where: str = "above") -> QPoint:
    index = dock.proxy.mapFromSource(dock.model.index_of(task_id, Column.NAME))
    rect = dock.view.visualRect(index)
    return QPoint(rect.center().x(), rect.top() + 2 if where == "above" else rect.center().y())


def drag(dock, task_ids: list[str], pos: QPoint) -> bool:
    """Drag these rows (the view's own mime data) and drop them at ``pos`` in the view."""
    indexes = [dock.proxy.mapFromSource(dock.model.index_of(t, Column.NAME)) for t in task_ids]
    return drop(dock.view.viewport(), dock.proxy.mimeData(indexes), pos, Qt.DropAction.MoveAction)


def order_column(dock, ids: list[str]) -> list[str]:
    dock.model.flush()
    return [dock.model.index_of(t, Column.ORDER).data() for t in ids]


def test_drag_a_waiting_task_to_the_front_changes_the_run_order(qtbot, engine_factory, data_dir, tmp_path):
    engine = engine_factory(max_concurrent=1)
    engine.pause_queue()
    ids = [engine.submit("test_steps", [input_file(tmp_path, f"t{i}.bin")], STEPS) for i in range(4)]
    qtbot.waitUntil(lambda: all(status(engine, i) == "queued" for i in ids), timeout=10000)
    dock = make_dock(qtbot, engine)
    dock.view.sortByColumn(Column.ORDER, Qt.SortOrder.AscendingOrder)
    assert order_column(dock, ids) == ["1", "2", "3", "4"]

    assert drag(dock, [ids[3]], row_point(dock, ids[0], "above"))  # t3 above t0
    assert engine.waiting_order() == [ids[3], ids[0], ids[1], ids[2]]
    assert order_column(dock, ids) == ["2", "3", "4", "1"]
    assert dock.proxy.task_ids()[:4] == [ids[3], ids[0], ids[1], ids[2]]  # the view sorted by order follows

    assert drag(dock, [ids[3], ids[0]], row_point(dock, ids[2], "on"))  # both onto t2: before it, in order
    assert engine.waiting_order() == [ids[1], ids[3], ids[0], ids[2]]
    engine.flush()

    again = engine_factory(store=open_store(data_dir), start=False, max_concurrent=1)  # persisted
    again.start(run=False)
    assert again.waiting_order() == [ids[1], ids[3], ids[0], ids[2]]
    again.shut = True
    again.shutdown()

    engine.resume_queue()
    qtbot.waitUntil(lambda: all(status(engine, i) == "completed" for i in ids), timeout=20000)
    started = sorted(ids, key=lambda i: engine.task(i).started_at)
    assert started == [ids[1], ids[3], ids[0], ids[2]]  # they ran in the dragged order


def test_a_dragged_task_takes_the_priority_of_its_new_place(qtbot, engine_factory, tmp_path):
    engine = engine_factory()
    engine.pause_queue()
    urgent = engine.submit("test_steps", [input_file(tmp_path, "urgent.bin")], STEPS, priority=5)
    late = engine.submit("test_steps", [input_file(tmp_path, "late.bin")], STEPS)
    qtbot.waitUntil(lambda: status(engine, late) == "queued" and status(engine, urgent) == "queued", timeout=10000)
    dock = make_dock(qtbot, engine)
    assert engine.waiting_order() == [urgent, late]
    assert drag(dock, [late], row_point(dock, urgent, "above"))
    assert engine.waiting_order() == [late, urgent]
    assert engine.task(late).priority == 5
    assert any("to keep its place in the queue" in e["message"] for e in engine.task(late).log)


def test_running_and_finished_rows_are_not_dragged_or_dropped_on(qtbot, engine_factory, tmp_path):
    engine = engine_factory(max_concurrent=1)
    done = engine.submit("test_steps", [input_file(tmp_path, "done.bin")], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: status(engine, done) == "completed", timeout=10000)
    running = engine.submit("test_steps", [input_file(tmp_path, "run.bin")], {"steps": 200, "step_s": 0.05})
    waiting = [engine.submit("test_steps", [input_file(tmp_path, f"w{i}.bin")], STEPS) for i in range(2)]
    qtbot.waitUntil(lambda: status(engine, running) == "running"
                    and all(status(engine, w) == "queued" for w in waiting), timeout=10000)
    dock = make_dock(qtbot, engine)
    dock.model.flush()
    model = dock.model
    for task_id in (running, done):
        assert not model.flags(model.index_of(task_id)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index_of(waiting[0])) & Qt.ItemFlag.ItemIsDragEnabled
    assert order_column(dock, [running, done, *waiting]) == ["", "", "1", "2"]
    # a drag of running + waiting rows carries only the waiting one; dropping on a running row is refused
    assert not drag(dock, [running, waiting[1]], row_point(dock, running, "on"))
    assert not drag(dock, [waiting[1]], row_point(dock, done, "above"))
    assert engine.waiting_order() == waiting
    assert drag(dock, [running, waiting[1]], row_point(dock, waiting[0], "on"))
    assert engine.waiting_order() == [waiting[1], waiting[0]] and status(engine, running) == "running"
    # files dragged from the file manager are not a reorder
    assert not drop(dock.view.viewport(), url_mime([tmp_path / "w0.bin"]), row_point(dock, waiting[0], "on"),
                    Qt.DropAction.MoveAction)
