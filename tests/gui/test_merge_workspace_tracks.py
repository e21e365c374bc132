"""The merge workspace says which tracks the result will not keep, and refuses names that are paths."""

from __future__ import annotations

import subprocess
from pathlib import Path

from processors.ffbin import find_tools
from tests.gui.test_merge_workspace import make_workspace, probed
from tests.media_factory import with_cover_art


def test_dropped_tracks_are_named_before_queueing(qtbot, engine, media, clips, tmp_path: Path) -> None:
    covered = with_cover_art(clips["a"], tmp_path / "covered.mp4")
    two_audio = tmp_path / "two audio.mp4"
    subprocess.run([find_tools().ffmpeg, "-v", "error", "-y", "-i", str(clips["c30"]), "-f", "lavfi", "-i",
                    "sine=duration=1", "-map", "0", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", str(two_audio)],
                   check=True)
    ws = make_workspace(qtbot, engine, media)
    ws.model.add_paths([str(clips["a"]), str(covered), str(two_audio)])
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    detail = ws.compat_detail.text()
    assert "Not kept in the result: covered.mp4: cover picture; two audio.mp4: 1 more audio track(s)" in detail


def test_an_output_name_that_leaves_the_folder_is_refused(qtbot, engine, media, clips) -> None:
    ws = make_workspace(qtbot, engine, media)
    ws.model.add_paths([str(clips["a"]), str(clips["b"])])
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    ws.output_name.setText("../../x/evil")
    assert ws.submit() is None
    # the name field says so before the engine's own check (output_invalid) would
    assert "/" in ws.name_message.text() and ws.name_message.isVisibleTo(ws) and engine.tasks() == []
    assert ws.model.rowCount() == 2  # nothing lost: the list stays for a corrected name
