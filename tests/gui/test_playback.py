"""Editor playback driven by keys as a user would: Space, J/K/L, loop over a region's time range.

Real clips made with ffmpeg at test time (frame n has its own grey level, so the picture on screen tells
which frame it is), the real MediaService and its decode pipes, the real workspace.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.removal_helpers import shown_workspace
from tests.gui.test_removal_workspace import _luma
from tests.media_factory import make_clip
from ui.removal.region_model import Region
from ui.removal.undo_commands import AddRegionCommand

FPS = 25
FRAMES = 100
# frame n has video-range luma 16+2n: grey 2n*255/219 in RGB, 2.3 levels from its neighbours
RAMP = ["-vf", "geq=lum='16+2*N':cb=128:cr=128,format=yuv420p"]


@pytest.fixture(scope="module")
def ramp4(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("playback")
    return make_clip(folder / "-play 片段 'q'.mp4", duration=FRAMES / FPS, size="320x240", fps=str(FPS),
                     video="nullsrc", extra=RAMP, audio=None)


def grey(index: int) -> float:
    return 2 * index * 255 / 219


def shown_index(ws) -> int:
    """The frame the canvas shows now, told by its grey level."""
    return round(_luma(ws.frame_view.current_image()) * 219 / 255 / 2)


@pytest.fixture
def ws(qtbot, engine, media, ramp4):
    workspace = shown_workspace(qtbot, engine, media)
    with qtbot.waitSignal(workspace.video_opened, timeout=20000):
        workspace.open_video(str(ramp4))
    qtbot.waitUntil(lambda: workspace.frame_view.frame_size == (320, 240), timeout=20000)
    workspace.frame_view.setFocus()
    yield workspace
    workspace.player.stop_all()


def track(player) -> list[tuple[float, int]]:
    seen: list[tuple[float, int]] = []
    player.position_changed.connect(lambda i: seen.append((time.monotonic(), i)))
    return seen


def test_space_plays_at_the_source_rate_and_pauses(qtbot, ws):
    player = ws.player
    seen = track(player)
    started = time.monotonic()
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    assert player.playing and player.speed == 1
    qtbot.waitUntil(lambda: player.position >= 30, timeout=20000)
    elapsed = time.monotonic() - started
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    assert not player.playing
    indices = [i for _t, i in seen]
    assert indices == sorted(indices) and indices[0] <= 3  # forward from the start, never back
    # never ahead of the clock (25 fps from the first frame); on a busy machine frames are dropped (a stalled
    # decoder makes playback jump to where the clock is), so the only lower bound is reaching frame 30 above
    assert indices[-1] <= elapsed * FPS + 3
    assert len(set(indices)) >= 2
    stopped = player.position
    qtbot.wait(300)
    assert player.position == stopped  # paused means paused
    qtbot.waitUntil(lambda: ws.current_index == stopped and shown_index(ws) == stopped, timeout=10000)
    assert ws.timeline.index == stopped


def test_play_button_and_end_of_video(qtbot, ws):
    ws.seek(FRAMES - 8)
    qtbot.waitUntil(lambda: shown_index(ws) == FRAMES - 8, timeout=10000)
    ws.player.play_button.click()
    qtbot.waitUntil(lambda: not ws.player.playing, timeout=10000)  # stops by itself at the end
    assert ws.player.position == FRAMES - 1
    qtbot.waitUntil(lambda: ws.current_index == FRAMES - 1, timeout=10000)


def test_jkl_shuttle(qtbot, ws):
    player = ws.player
    ws.seek(50)
    qtbot.waitUntil(lambda: shown_index(ws) == 50, timeout=10000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    assert player.speed == 1
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    assert player.speed == 2
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    assert player.speed == 4
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    assert player.speed == 4  # 4x is the top speed
    qtbot.waitUntil(lambda: player.position >= 60, timeout=10000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_K)
    assert player.speed == 0
    forward_end = player.position
    qtbot.waitUntil(lambda: ws.current_index == forward_end, timeout=10000)

    seen = track(player)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_J)
    assert player.speed == -1
    QTest.keyClick(ws.frame_view, Qt.Key.Key_J)
    assert player.speed == -2
    qtbot.waitUntil(lambda: player.position <= forward_end - 10, timeout=10000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_K)
    assert not player.playing
    indices = [i for _t, i in seen]
    assert indices == sorted(indices, reverse=True)  # backwards only
    back_end = player.position
    qtbot.waitUntil(lambda: shown_index(ws) == back_end and ws.current_index == back_end, timeout=10000)
    # L after J plays forward again at 1x
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    assert player.speed == 1
    QTest.keyClick(ws.frame_view, Qt.Key.Key_K)


def test_loop_over_the_selected_regions_time_range_stays_inside_it(qtbot, ws):
    region = Region(40, 40, 60, 40, start_s=1.0, end_s=1.6)  # frames 25..39
    ws.undo_stack.push(AddRegionCommand(ws.region_model, region))
    rid = ws.region_model.ids()[0]
    ws.region_model.select(rid)
    ws.player.loop_button.setChecked(True)
    assert ws.player.loop_range() == (25, 40)
    seen = track(ws.player)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    # twice round the range: the loop wrapped at least once
    qtbot.waitUntil(lambda: sum(1 for a, b in zip(seen, seen[1:], strict=False) if b[1] < a[1]) >= 2, timeout=20000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    indices = [i for _t, i in seen]
    assert all(25 <= i < 40 for i in indices), indices
    assert all(ws.region_model.region(rid).active_at(i / FPS) for i in indices)
    assert 39 in indices or 38 in indices  # it reached the range's end before wrapping
    final = ws.player.position
    qtbot.waitUntil(lambda: shown_index(ws) == final, timeout=10000)


def test_loop_without_a_timed_region_is_the_whole_video(qtbot, ws):
    ws.player.loop_button.setChecked(True)
    assert ws.player.loop_range() == (0, FRAMES)
    ws.seek(FRAMES - 5)
    qtbot.waitUntil(lambda: shown_index(ws) == FRAMES - 5, timeout=10000)
    seen = track(ws.player)
    ws.player.play(4)
    qtbot.waitUntil(lambda: any(i < 20 for _t, i in seen), timeout=10000)  # wrapped to the start
    assert ws.player.playing
    ws.player.pause()


def test_a_space_held_for_panning_does_not_play(qtbot, ws):
    view = ws.frame_view
    ws.frame_view.set_zoom(4.0)
    QTest.keyPress(view, Qt.Key.Key_Space)
    centre = view.viewport().rect().center()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseMove(view.viewport(), centre + centre / 4)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre + centre / 4)
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert not ws.player.playing
    assert ws.region_model.ids() == []  # a pan, not a drawn region


def test_seeking_stops_playback(qtbot, ws):
    QTest.keyClick(ws.frame_view, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: ws.player.position >= 3, timeout=10000)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Right)
    assert not ws.player.playing


def test_opening_another_video_stops_playback(qtbot, ws, tmp_path):
    other = make_clip(tmp_path / "other.mp4", duration=1.0, size="160x120", fps="25", audio=None)
    ws.player.play(1)
    qtbot.waitUntil(lambda: ws.player.position >= 2, timeout=10000)
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(other))
    assert not ws.player.playing
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (160, 120), timeout=10000)
    qtbot.wait(200)
    assert ws.frame_view.frame_size == (160, 120)  # no late frame of the old video


def test_a_long_playback_message_does_not_widen_the_editor(ws):
    before = ws.player.controls.minimumSizeHint().width()
    ws.player.status_label.setText("Preview clip: frames 1–50 with the regions removed, in a loop. " * 8)
    assert ws.player.controls.minimumSizeHint().width() <= before + 10


def test_split_compare_while_playing_shows_the_playing_frame_on_both_sides(qtbot, ws):
    """Found by using the app: with the split on, the 'Original' half kept the frame the video was paused on while
    the other half played on (a cut later, two different scenes side by side)."""
    ws.set_split_enabled(True)
    assert ws.compare.mode == "split"
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ws.player.position >= 20, timeout=20000)
    shown, original = ws.frame_view.current_image(), ws.compare.original  # while it plays
    QTest.keyClick(ws.frame_view, Qt.Key.Key_Space)
    assert original is not None and shown_index(ws) >= 15
    assert abs(_luma(original) - _luma(shown)) < 2.0, "both halves show the same frame"
