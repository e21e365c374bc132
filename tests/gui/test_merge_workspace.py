"""The Merge workspace driven as a user would: drop files and folders, reorder by dragging, queue."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from tests.gui.dnd import drop, drop_files
from ui.merge.compat import check_compatibility
from ui.merge.workspace import MergeWorkspace
from ui.tasks.model import Column, Role


def make_workspace(qtbot, engine, media) -> MergeWorkspace:
    workspace = MergeWorkspace(engine, media)
    qtbot.addWidget(workspace)
    workspace.resize(900, 700)
    workspace.show()
    qtbot.waitExposed(workspace)
    return workspace


def names(workspace: MergeWorkspace) -> list[str]:
    return [Path(p).name for p in workspace.model.paths()]


def probed(workspace: MergeWorkspace) -> bool:
    return workspace.model.probing() == 0


def test_drop_files_then_reorder_by_dragging(qtbot, engine, media, clips):
    ws = make_workspace(qtbot, engine, media)
    viewport = ws.view.viewport()
    assert drop_files(viewport, [clips["a"], clips["b"]])
    assert drop_files(viewport, [clips["named"]])
    assert names(ws) == ["a.mp4", "b.mp4", "-片段 'q' b.mp4"]
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    assert "Stream copy" in ws.compat_headline.text()
    assert ws.total_label.text().startswith("0:03")

    # drag the last clip onto the top of the first row
    model = ws.model
    mime = model.mimeData([model.index(2, 0)])
    first = ws.view.visualRect(model.index(0, 0))
    assert drop(viewport, mime, QPoint(first.center().x(), first.top() + 2), Qt.DropAction.MoveAction)
    assert names(ws) == ["-片段 'q' b.mp4", "a.mp4", "b.mp4"]
    # and the (new) first one below the last
    mime = model.mimeData([model.index(0, 0)])
    last = ws.view.visualRect(model.index(2, 0))
    assert drop(viewport, mime, QPoint(last.center().x(), last.bottom() - 2), Qt.DropAction.MoveAction)
    assert names(ws) == ["a.mp4", "b.mp4", "-片段 'q' b.mp4"]

    # the path QListView takes for its own drags: moveRow() per dragged row
    assert model.moveRow(model.index(0, 0).parent(), 2, model.index(0, 0).parent(), 0)
    assert names(ws) == ["-片段 'q' b.mp4", "a.mp4", "b.mp4"]
    assert model.moveRow(model.index(0, 0).parent(), 0, model.index(0, 0).parent(), 3)
    assert names(ws) == ["a.mp4", "b.mp4", "-片段 'q' b.mp4"]

    # buttons: select b and move it up, then remove it
    ws.view.setCurrentIndex(model.index(1, 0))
    qtbot.mouseClick(ws.up_button, Qt.MouseButton.LeftButton)
    assert names(ws) == ["b.mp4", "a.mp4", "-片段 'q' b.mp4"]
    ws.view.setCurrentIndex(model.index(0, 0))
    qtbot.mouseClick(ws.remove_button, Qt.MouseButton.LeftButton)
    assert names(ws) == ["a.mp4", "-片段 'q' b.mp4"]
    assert drop_files(viewport, [clips["a"]])  # already there: skipped and said so
    assert names(ws) == ["a.mp4", "-片段 'q' b.mp4"]
    assert "already in the list" in ws.message.text()


def test_folder_drop_and_compatibility_words(qtbot, engine, media, clips, tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    for key in ("a", "c30"):
        shutil.copy(clips[key], folder / clips[key].name)
    (folder / "notes.txt").write_text("not a video")
    ws = make_workspace(qtbot, engine, media)
    assert drop_files(ws.view.viewport(), [folder])
    assert names(ws) == ["a.mp4", "c30.mp4"]
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    assert ws.compat_headline.text() == "Re-encode: clip c30.mp4 has 30 fps, first clip 25 fps"
    assert ws.submit_button.isEnabled()
    ws.mode.setCurrentIndex(ws.mode.findData("copy"))
    assert "would be refused" in ws.compat_detail.text() and not ws.submit_button.isEnabled()
    ws.mode.setCurrentIndex(ws.mode.findData("auto"))
    ws.model.add_paths([str(clips["noaudio"])])
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    assert "(and 1 more)" in ws.compat_headline.text()
    assert ws.model.clips()[2].mismatch.field == "audio.missing"


def test_compatibility_rules():
    def summary(fps="25/1", width=160, audio=True, rate=48000):
        return {"duration": 1.0, "video": [{"codec": "h264", "width": width, "height": 120, "r_frame_rate": fps,
                                            "fps": eval(fps), "pix_fmt": "yuv420p", "sar": "1:1"}],
                "audio": [{"codec": "aac", "sample_rate": rate, "channels": 2}] if audio else []}

    assert check_compatibility([("a", summary(), False)]).verdict == "too_few"
    assert check_compatibility([("a", summary(), False), ("b", None, False)]).verdict == "pending"
    assert check_compatibility([("a", summary(), False), ("b", None, True)]).verdict == "unreadable"
    assert check_compatibility([("a", summary(), False), ("b", summary(), False)]).verdict == "copy"
    result = check_compatibility([("a", summary(), False), ("b", summary(width=320), False),
                                  ("c", summary(rate=44100), False)])
    assert result.verdict == "reencode"
    assert [(m.clip, m.field, m.value, m.first_value) for m in result.mismatches] == [
        ("b", "video.size", "320×120", "160×120"), ("c", "audio.sample_rate", "44100", "48000")]


def test_add_to_queue_shows_row_and_progress(qtbot, engine_factory, window_factory, clips):
    engine = engine_factory()
    window = window_factory(engine)
    window.tabs.setCurrentWidget(window.merge)
    ws = window.merge
    assert drop_files(ws.view.viewport(), [clips["a"], clips["c30"]])
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    progress_seen: list[float] = []
    engine.task_changed.connect(lambda tid: progress_seen.append(engine.task(tid).progress))
    qtbot.mouseClick(ws.submit_button, Qt.MouseButton.LeftButton)
    assert ws.model.rowCount() == 0 and "Added to the queue" in ws.message.text()
    dock = window.tasks_dock
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 1, timeout=3000)
    task_id = dock.proxy.index(0, 0).data(Role.TASK_ID)
    assert dock.selected_ids() == [task_id]
    task = engine.task(task_id)
    assert task.task_type == "video_merge" and [Path(i["path"]).name for i in task.inputs] == ["a.mp4", "c30.mp4"]
    qtbot.waitUntil(lambda: engine.task(task_id).status.value in ("completed", "failed"), timeout=60000)
    assert engine.task(task_id).status.value == "completed", engine.task(task_id).error_message
    assert any(0 < p < 100 for p in progress_seen)
    dock.model.flush()
    assert dock.proxy.index(0, Column.STATUS).data() == "Completed"
    assert Path(engine.task(task_id).output_path).is_file()
