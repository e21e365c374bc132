"""The editor's state per video: reopening a video (also in a new session) brings back its regions, masks
and method; a changed file starts fresh; the state is read and written off the GUI thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from mediacraft_desktop.editor_state import FOLDER
from tests.gui.removal_helpers import aim, drag, shown_workspace
from tests.media_factory import make_clip
from ui.removal.mask_store import StoredMask
from ui.removal.region_model import Region
from ui.removal.workspace import RemovalWorkspace


@pytest.fixture(scope="module")
def sclips(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("state-clips")
    return {"a": make_clip(folder / "-a 片段 'x'.mp4", duration=1.0, size="320x240", audio=None),
            "b": make_clip(folder / "b.mp4", duration=1.0, size="320x240", audio=None)}


def _open(qtbot, ws: RemovalWorkspace, path: Path) -> None:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(path))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (320, 240), timeout=20000)


def _edit(qtbot, ws: RemovalWorkspace) -> np.ndarray:
    """Two regions (one limited in time), a painted mask on the first, method inpaint; returns the mask."""
    view = ws.frame_view
    view.set_zoom(1.0)
    drag(view, aim(view, 100, 80)[0], aim(view, 180, 140)[0])
    drag(view, aim(view, 20, 20)[0], aim(view, 60, 40)[0])
    first, second = ws.region_model.ids()
    ws.region_model.update(second, ws.region_model.region(second).with_times(0.2, 0.6))
    mask = np.zeros((60, 80), np.uint8)
    mask[10:30, 5:70] = 255
    ws.masks.store.set(first, StoredMask(100, 80, mask))
    ws.output_panel.method_combo.setCurrentIndex(ws.output_panel.method_combo.findData("inpaint"))
    return mask


def _first_mask(ws: RemovalWorkspace) -> np.ndarray | None:
    first = ws.region_model.ids()[0]
    region = ws.region_model.region(first)
    return ws.masks.store.for_rect(first, region.x, region.y, region.w, region.h)


def test_reopening_a_video_restores_its_regions_masks_and_method(qtbot, engine, media, sclips, data_dir):
    ws = shown_workspace(qtbot, engine, media)
    _open(qtbot, ws, sclips["a"])
    mask = _edit(qtbot, ws)
    expected = ws.region_model.regions()
    assert expected == [Region(100, 80, 80, 60), Region(20, 20, 40, 20, 0.2, 0.6)]

    _open(qtbot, ws, sclips["b"])  # another video: a fresh start, nothing of a's
    ws.state_keeper.wait()
    qtbot.wait(100)
    assert len(ws.region_model) == 0 and ws.output_panel.method() == "inpaint"  # (method: the panel's last choice)
    ws.output_panel.method_combo.setCurrentIndex(0)

    _open(qtbot, ws, sclips["a"])
    qtbot.waitUntil(lambda: len(ws.region_model) == 2, timeout=5000)
    assert ws.region_model.regions() == expected
    assert np.array_equal(_first_mask(ws), mask)
    assert ws.output_panel.method() == "inpaint"
    assert ws.undo_stack.count() == 0  # a restore is not an edit to undo
    assert "restored" in ws.status_text()

    # a new session (a new workspace, nothing in memory) reads it from the data dir
    ws.save_state_now()
    ws.state_keeper.wait()
    assert len(list((data_dir / FOLDER).glob("*.json"))) == 2
    again = shown_workspace(qtbot, engine, media)
    _open(qtbot, again, sclips["a"])
    qtbot.waitUntil(lambda: len(again.region_model) == 2, timeout=5000)
    assert again.region_model.regions() == expected and again.output_panel.method() == "inpaint"
    assert np.array_equal(_first_mask(again), mask)


def test_a_changed_file_starts_fresh(qtbot, engine, media, sclips, tmp_path):
    clip = tmp_path / "c.mp4"
    clip.write_bytes(sclips["b"].read_bytes())
    ws = shown_workspace(qtbot, engine, media)
    _open(qtbot, ws, clip)
    _edit(qtbot, ws)
    ws.save_state_now()
    ws.state_keeper.wait()
    stat = clip.stat()
    os.utime(clip, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # replaced by a newer file
    fresh = shown_workspace(qtbot, engine, media)
    _open(qtbot, fresh, clip)
    fresh.state_keeper.wait()
    qtbot.wait(100)
    assert len(fresh.region_model) == 0


def test_the_state_is_read_and_written_off_the_gui_thread(qtbot, engine, media, sclips, monkeypatch):
    ws = shown_workspace(qtbot, engine, media)
    threads: list[str] = []
    for name in ("load", "save"):
        real = getattr(ws.state_keeper.store, name)

        def spy(*args, _real=real, _name=name):
            threads.append(_name if threading.current_thread() is not threading.main_thread() else "GUI " + _name)
            return _real(*args)

        monkeypatch.setattr(ws.state_keeper.store, name, spy)
    _open(qtbot, ws, sclips["b"])
    view = ws.frame_view
    drag(view, aim(view, 100, 80)[0], aim(view, 180, 140)[0])
    qtbot.waitUntil(lambda: "save" in threads, timeout=5000)  # written a moment after the edit, by itself
    assert threads == ["load", "save"]


def test_closing_the_window_right_after_an_edit_keeps_it(qtbot, window_factory, engine, sclips, data_dir):
    window = window_factory(engine)
    ws = window.removal
    _open(qtbot, ws, sclips["b"])
    view = ws.frame_view
    view.set_zoom(1.0)
    drag(view, aim(view, 100, 80)[0], aim(view, 180, 140)[0])
    window.hide()  # before the save timer fired
    ws.state_keeper.wait()
    assert ws.state_keeper.store.load(str(sclips["b"]))["regions"] == [{"x": 100, "y": 80, "w": 80, "h": 60}]
