"""Tasks are titled by the file they produce, with the input beside it; search finds input, output and folder."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import input_file
from tests.gui.test_tasks_dock import make_dock, status
from ui.tasks.model import Column


def test_title_is_the_output_with_the_input_beside_it_and_search_finds_both(qtbot, engine, tmp_path):
    shoot = tmp_path / "shoot day 2"
    shoot.mkdir()
    exports = tmp_path / "客户 exports"
    exports.mkdir()
    dock = make_dock(qtbot, engine)
    plain = engine.submit("test_steps", [input_file(tmp_path, "-interview 'a'.bin")], {"steps": 1, "step_s": 0})
    moved = engine.submit("test_steps", [input_file(shoot, "broll.bin")], {"steps": 1, "step_s": 0},
                          output_path=str(exports / "final cut.txt"))
    qtbot.waitUntil(lambda: all(status(engine, i) == "completed" for i in (plain, moved)), timeout=10000)
    dock.model.flush()
    dock.view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    rows = [(dock.proxy.index(r, Column.NAME).data(), dock.proxy.index(r, Column.INPUT).data())
            for r in range(dock.proxy.rowCount())]
    assert rows == [("-interview 'a'_steps.txt", "-interview 'a'.bin"), ("final cut.txt", "broll.bin")]
    assert dock.model.headerData(Column.INPUT, Qt.Orientation.Horizontal) == "Input"
    tip = dock.proxy.index(1, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert str(exports / "final cut.txt") in tip and str(shoot / "broll.bin") in tip
    for text, expected in (("final cut", [moved]), ("broll", [moved]), ("_steps.txt", [plain]),
                           ("客户", [moved]), ("shoot day", [moved]), ("interview 'a'.bin", [plain]),
                           ("EXPORTS broll", [moved]), ("exports interview", [])):
        dock.search.setText(text)
        assert dock.proxy.task_ids() == expected, text
    dock.search.clear()
    assert dock.proxy.rowCount() == 2


def test_title_follows_the_target_once_inputs_are_checked(qtbot, engine, tmp_path):
    dock = make_dock(qtbot, engine)
    task_id = engine.submit("test_steps", [input_file(tmp_path, "clip.bin")], {"steps": 50, "step_s": 0.02})
    qtbot.waitUntil(lambda: status(engine, task_id) == "running", timeout=5000)
    qtbot.waitUntil(lambda: dock.proxy.index(0, Column.NAME).data() == "clip_steps.txt", timeout=2000)
    assert dock.proxy.index(0, Column.INPUT).data() == "clip.bin"
    engine.cancel(task_id)
    qtbot.waitUntil(lambda: status(engine, task_id) == "cancelled", timeout=5000)
