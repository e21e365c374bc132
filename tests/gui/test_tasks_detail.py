"""Task detail of a real watermark removal: fields, log and the before/after comparison."""

from __future__ import annotations

from pathlib import Path

from tests.media_factory import make_clip
from ui.tasks.detail import TaskDetailDialog

WATERMARK = "drawbox=x=100:y=8:w=50:h=24:color=white@0.9:t=fill"


def test_removal_detail_compares_before_and_after(qtbot, engine, media, tmp_path):
    clip = make_clip(tmp_path / "marked clip.mp4", duration=1.0, size="160x120", extra=["-vf", WATERMARK])
    task_id = engine.submit("watermark_removal", [str(clip)],
                            {"regions": [{"x": 96, "y": 4, "w": 58, "h": 32}], "reference_frame": 5})
    qtbot.waitUntil(lambda: engine.task(task_id).status.is_finished, timeout=60000)
    task = engine.task(task_id)
    assert task.status.value == "completed", task.error_message
    dialog = TaskDetailDialog(engine, media, task_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = {key: value.text() for key, (_caption, value) in dialog.fields.items()}
    assert fields["type"] == "Watermark removal"
    assert fields["output"] == task.output_path and Path(fields["output"]).is_file()
    assert fields["config"].startswith("1 region; 96,4 58×32")
    assert "marked clip.mp4" in fields["inputs"] and "160×120" in fields["inputs"]
    assert "running -> completed" in dialog.log.toPlainText()
    assert not dialog.error_frame.isVisible() and dialog.open_button.isEnabled()
    dialog.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: dialog.compare.before is not None and dialog.compare.after is not None, timeout=15000)
    assert dialog.slider.value() == 5 and dialog.slider.maximum() == 24
    assert abs(dialog.compare.split - (96 + 29) / 160) < 1e-6
    before, after = dialog.compare.before, dialog.compare.after
    assert (before.width(), before.height()) == (after.width(), after.height()) == (160, 120)
    # inside the region the result differs from the input (the white box is gone); elsewhere it is alike
    assert before.pixelColor(120, 18).lightness() > 200
    assert after.pixelColor(120, 18).lightness() < before.pixelColor(120, 18).lightness() - 30
    # moving the slider asks for another pair of frames
    dialog.slider.setValue(20)
    qtbot.waitUntil(lambda: dialog.compare.before is not before and dialog.compare.after is not after,
                    timeout=15000)
    assert dialog.compare.before != before, "frame 20 is another picture than frame 5"
    dialog.close()
