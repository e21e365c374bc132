"""Edit again: a finished removal task -> the editor populated with its input, regions, masks, method and
output settings -> a changed task queued; the old task is left as it was."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from tests.gui.removal_helpers import aim, drag
from tests.media_factory import make_clip
from ui.removal.mask_store import StoredMask
from ui.removal.region_model import Region


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("edit-again")
    return {"in": make_clip(folder / "-in 片段 'e'.mp4", duration=1.0, size="160x120"),
            "other": make_clip(folder / "other.mp4", duration=1.0, size="160x120")}


def _open(qtbot, ws, path: Path) -> None:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(path))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (160, 120), timeout=20000)


def _choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def _status(engine, task_id: str) -> str:
    return engine.task(task_id).status.value


def test_edit_again_loads_a_finished_task_and_queues_a_changed_one(qtbot, window_factory, engine, clips, tmp_path):
    window = window_factory(engine)
    ws = window.removal
    clip = clips["in"]
    _open(qtbot, ws, clip)
    view = ws.frame_view
    view.set_zoom(2.0)
    drag(view, aim(view, 40, 30)[0], aim(view, 100, 70)[0])
    (region_id,) = ws.region_model.ids()
    mask = np.zeros((40, 60), np.uint8)
    mask[5:20, 10:50] = 255
    ws.masks.store.set(region_id, StoredMask(40, 30, mask))
    panel = ws.output_panel
    _choose(panel.method_combo, "interp")
    _choose(panel.quality_combo, "small")
    _choose(panel.format_combo, "mkv")
    panel.folder_edit.setText(str(tmp_path / "out"))
    panel.name_edit.setText("first 结果")
    first = ws.submit()
    assert first is not None
    qtbot.waitUntil(lambda: _status(engine, first) == "completed", timeout=60000)
    old = copy.deepcopy(engine.task(first).to_dict())

    # meanwhile: another video in the editor, other settings
    _open(qtbot, ws, clips["other"])
    _choose(panel.method_combo, "auto")
    _choose(panel.quality_combo, "high")
    panel.name_edit.setText("something else")
    window.tabs.setCurrentIndex(2)

    actions = window.tasks_dock.actions
    assert window.tasks_dock.select_task(first)
    actions.update_enabled()
    assert actions.edit_again.isEnabled()
    assert actions.edit_again in window.tasks_dock.view.actions()
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        actions.edit_again.trigger()
    assert window.tabs.currentWidget() is ws
    qtbot.waitUntil(lambda: len(ws.region_model) == 1, timeout=5000)
    assert ws.current_path == str(clip)
    assert ws.region_model.regions() == [Region(40, 30, 60, 40)]
    (loaded_id,) = ws.region_model.ids()
    assert np.array_equal(ws.masks.store.for_rect(loaded_id, 40, 30, 60, 40), mask)
    assert (panel.method(), panel.quality(), panel.container()) == ("interp", "small", "mkv")
    assert panel.folder() == str(tmp_path / "out") and panel.name_edit.text() == "first 结果"

    # change it: a second region, another method; queue it
    drag(view, aim(view, 4, 4)[0], aim(view, 30, 20)[0])
    _choose(panel.method_combo, "inpaint")
    second = ws.submit()
    assert second is not None and second != first
    new = engine.task(second)
    assert len(new.config["regions"]) == 2 and new.config["method"] == "inpaint"
    assert new.config["regions"][0]["mask"] == old["config"]["regions"][0]["mask"]
    assert new.config["crf"] == old["config"]["crf"] and new.config["container"] == "mkv"
    qtbot.waitUntil(lambda: _status(engine, second) == "completed", timeout=60000)
    assert engine.task(second).output_path != old["output_path"]  # the first result is not overwritten
    assert Path(old["output_path"]).is_file()
    now = engine.task(first).to_dict()
    assert {k: now[k] for k in ("status", "config", "output_path", "inputs")} == {
        k: old[k] for k in ("status", "config", "output_path", "inputs")}


def test_edit_again_is_offered_for_finished_removals_only(qtbot, window_factory, engine_factory, clips, tmp_path):
    engine = engine_factory()
    engine.pause_queue()
    window = window_factory(engine)
    actions = window.tasks_dock.actions
    config = {"regions": [{"x": 8, "y": 8, "w": 20, "h": 10}], "method": "interp"}
    queued = engine.submit("watermark_removal", [str(clips["in"])], config, output_path=str(tmp_path / "q.mp4"))
    qtbot.waitUntil(lambda: _status(engine, queued) == "queued", timeout=20000)
    window.tasks_dock.model.reload()
    assert window.tasks_dock.select_task(queued)
    actions.update_enabled()
    assert not actions.edit_again.isEnabled()  # still to run: nothing to edit again
    engine.cancel(queued)
    actions.update_enabled()
    assert actions.edit_again.isEnabled()  # cancelled: yes
    with qtbot.waitSignal(window.removal.video_opened, timeout=20000):
        actions.edit_again.trigger()
    qtbot.waitUntil(lambda: len(window.removal.region_model) == 1, timeout=5000)
    assert window.removal.region_model.regions() == [Region(8, 8, 20, 10)]
    assert window.removal.output_panel.name_edit.text() == "q"
