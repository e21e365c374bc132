"""The preview clip: ~2 s around the frame processed in the background with the regions, looped in the view.

Real clip, real removal preview code, real encoder and decode pipe. Cancelling and ending the clip leave no
file and no ffmpeg child behind.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from processors.ffrun import live_children
from tests.gui.removal_helpers import shown_workspace
from tests.gui.test_scrub import diff, image_bgr, reference
from tests.media_factory import make_clip
from ui.removal.region_model import Region
from ui.removal.undo_commands import AddRegionCommand

SIZE = (320, 240)
BOX = (100, 80, 60, 40)  # x, y, w, h


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("clip")
    # a box that hides part of the moving picture: the removal changes what is inside it only
    return make_clip(folder / "-clip 'a' 片段.mp4", duration=3.0, size=f"{SIZE[0]}x{SIZE[1]}", audio=None,
                     extra=["-vf", "drawbox=x=100:y=80:w=60:h=40:color=white@1:t=fill"])


def clip_dirs() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "mediacraft-clip-*")))


@pytest.fixture
def ws(qtbot, engine, media, clip):
    workspace = shown_workspace(qtbot, engine, media)
    with qtbot.waitSignal(workspace.video_opened, timeout=20000):
        workspace.open_video(str(clip))
    qtbot.waitUntil(lambda: workspace.frame_view.frame_size == SIZE, timeout=20000)
    workspace.undo_stack.push(AddRegionCommand(workspace.region_model, Region(*BOX)))
    workspace.output_panel.method_combo.setCurrentIndex(workspace.output_panel.method_combo.findData("interp"))
    workspace.frame_view.setFocus()
    yield workspace
    workspace.player.stop_all()


def test_preview_clip_plays_the_processed_frames_in_a_loop(qtbot, ws, clip):
    before = clip_dirs()
    ws.seek(40)
    qtbot.waitUntil(lambda: ws.current_index == 40 and ws.timeline.index == 40, timeout=10000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert ws.player.clip_active and ws.player.clip_button.isChecked()
    qtbot.waitUntil(lambda: ws.player.playing, timeout=60000)
    first, end = ws.player.loop_range()
    assert (first, end) == (15, 65)  # 2 s around frame 40 at 25 fps
    seen: list[int] = []
    ws.player.position_changed.connect(seen.append)
    qtbot.waitUntil(lambda: any(b < a for a, b in zip(seen, seen[1:], strict=False)), timeout=20000)  # looped
    assert all(first <= i < end for i in seen)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)  # pause on a processed frame
    assert not ws.player.playing and ws.player.clip_active
    index = ws.player.position
    shown = image_bgr(ws.frame_view.current_image())
    original = reference(clip, index, SIZE)
    x, y, w, h = BOX
    inside = (slice(y, y + h), slice(x, x + w))
    assert diff(shown[inside], original[inside]) > 20  # the white box is filled from around it
    outside = np.ones(shown.shape[:2], bool)
    outside[y - 4:y + h + 4, x - 4:x + w + 4] = False
    assert float(np.abs(shown.astype(np.int16) - original.astype(np.int16))[outside].mean()) < 2.0
    assert len(clip_dirs() - before) == 1
    resumed: list[int] = []
    ws.player.position_changed.connect(resumed.append)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)  # goes on where it stopped
    qtbot.waitUntil(lambda: len(resumed) >= 2, timeout=10000)
    assert resumed[0] == index
    # ending it shows the video again and deletes the clip
    QTest.keyClick(ws.frame_view, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    assert not ws.player.clip_active and not ws.player.clip_button.isChecked()
    qtbot.waitUntil(lambda: diff(image_bgr(ws.frame_view.current_image())[inside],
                                 reference(clip, ws.current_index, SIZE)[inside]) < 2.0, timeout=10000)
    qtbot.waitUntil(lambda: clip_dirs() == before, timeout=5000)
    ws.player.stop_all()
    ws.open_video(str(clip))  # closes the file's session and its positioned decoder
    qtbot.waitUntil(lambda: live_children() <= 1, timeout=10000)  # at most the re-opened file's decoder


def test_cancelling_the_preview_clip_leaves_nothing(qtbot, ws, media, clip):
    before = clip_dirs()
    done: list[int] = []
    media.superseded.connect(done.append)
    ws.player.clip_button.click()
    assert ws.player.clip_active
    rid = ws.player._clip_rid
    ws.player.clip_button.click()
    assert not ws.player.clip_active
    qtbot.waitUntil(lambda: rid in done, timeout=30000)
    media.close(str(clip))  # and the positioned decoder of the open file
    qtbot.waitUntil(lambda: live_children() == 0, timeout=10000)
    assert clip_dirs() == before
    assert not ws.player.playing


def test_preview_clip_without_regions_says_what_to_do(qtbot, engine, media, clip):
    ws = shown_workspace(qtbot, engine, media)
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(clip))
    ws.player.clip_button.click()
    assert not ws.player.clip_active and not ws.player.clip_button.isChecked()
    assert "region" in ws.player.status_label.text()
