"""Dashboard: counts per status, tasks per day and type, disk use, recent tasks, cards filter the dock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mediacraft_desktop.task import Task
from tests.gui.conftest import MemoryStore
from ui.dashboard import CHART_DAYS, Dashboard


def docs_for_dashboard() -> list[dict]:
    today = datetime.now(UTC)
    plan = [  # (days ago, type, status)
        (0, "watermark_removal", "completed"), (0, "watermark_removal", "failed"), (0, "video_merge", "queued"),
        (1, "video_merge", "completed"), (3, "watermark_removal", "cancelled"), (3, "video_merge", "paused"),
        (20, "video_merge", "completed"),  # outside the chart's 14 days
    ]
    docs = []
    for i, (ago, task_type, status) in enumerate(plan):
        task = Task(task_type=task_type, name=f"t{i}")
        stamp = (today - timedelta(days=ago)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        task.created_at = task.updated_at = stamp
        task.status = type(task.status)(status)
        task.notified = True
        if status == "completed":
            task.completed_at = stamp
            task.output_path = f"/tmp/out{i}.mp4"
            task.metadata["output_size"] = 1_000_000 * (i + 1)
        docs.append(task.to_dict())
    return docs


def test_dashboard_numbers_chart_and_recent(qtbot, engine_factory):
    engine = engine_factory(start=False, store=MemoryStore(docs_for_dashboard()))
    engine.start(run=False)
    board = Dashboard(engine)
    qtbot.addWidget(board)
    board.resize(1000, 700)
    board.show()
    qtbot.waitExposed(board)
    counts = {key: int(card.number.text()) for key, card in board.cards.items()}
    assert counts == {"running": 0, "waiting": 2, "completed": 3, "failed": 1, "cancelled": 1}
    assert len(board.chart.categories) == CHART_DAYS
    totals = board.chart.totals()
    assert totals[-1] == 3 and totals[-2] == 1 and totals[-4] == 2 and sum(totals) == 6
    labels = [s.label for s in board.chart.series]
    assert labels == ["Merge", "Watermark removal"]
    assert board.disk_labels["results_bytes"][1].text() == board.locale().formattedDataSize(12_000_000, 1)
    assert board.recent.count() == 7
    assert board.recent.item(0).text().startswith("t")
    grabbed = board.chart.grab()
    assert not grabbed.isNull()

    requested = []
    board.status_group_requested.connect(requested.append)
    from PySide6.QtCore import Qt

    qtbot.mouseClick(board.cards["failed"], Qt.MouseButton.LeftButton)
    assert requested == ["failed"]


def test_dashboard_follows_the_engine_and_filters_the_dock(qtbot, engine_factory, window_factory, tmp_path):
    from PySide6.QtCore import Qt

    from tests.gui.conftest import input_file

    engine = engine_factory()
    window = window_factory(engine)
    window.workspace_actions[2].trigger()
    board = window.dashboard
    assert board.cards["completed"].number.text() == "0"
    ok = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0})
    bad = engine.submit("test_steps", [input_file(tmp_path, "x.bin")], {"steps": 2, "fail_at": 0})
    qtbot.waitUntil(lambda: board.cards["completed"].number.text() == "1"
                    and board.cards["failed"].number.text() == "1", timeout=10000)
    qtbot.mouseClick(board.cards["failed"], Qt.MouseButton.LeftButton)
    dock = window.tasks_dock
    assert dock.status_filter.currentData() == "failed"
    assert dock.proxy.task_ids() == [bad]
    assert ok not in dock.proxy.task_ids()
