"""The merge workspace's output settings: the compatibility line says when a choice forces a re-encode, and the
choices reach the task's config (the processor's e2e tests read the result back with ffprobe)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.dnd import drop_files
from tests.gui.test_merge_workspace import make_workspace, probed


def test_choices_that_a_copy_cannot_give_force_a_reencode(qtbot, engine, media, clips):
    ws = make_workspace(qtbot, engine, media)
    assert drop_files(ws.view.viewport(), [clips["a"], clips["named"]])  # 160x120, 25 fps, 48 kHz: copyable
    qtbot.waitUntil(lambda: probed(ws), timeout=15000)
    settings = ws.output_settings
    assert ws.compat_headline.text() == "Stream copy: all clips match"
    assert not settings.isVisible()  # folded away until asked for
    qtbot.mouseClick(ws.settings_toggle, Qt.MouseButton.LeftButton)
    assert settings.isVisible() and settings.size.currentData() == "common"

    settings.choose(fps="30")
    assert ws.compat_headline.text() == "Re-encode: the chosen frame rate 30 fps differs from the clips' 25 fps"
    assert "first clip's format" not in ws.compat_detail.text()
    assert "highest clip frame rate" in ws.compat_detail.text()
    settings.choose(fps="25", size="first")  # what a copy keeps anyway
    assert ws.compat_headline.text() == "Stream copy: all clips match"
    settings.choose(size="1080p")
    assert ws.compat_headline.text() == "Re-encode: the chosen size 1920×1080 differs from the clips' 160×120"
    settings.choose(size="largest", orientation="portrait")
    assert ws.compat_headline.text() == "Re-encode: the chosen size 120×160 differs from the clips' 160×120"
    settings.choose(orientation="auto", sample_rate=44100)
    assert ws.compat_headline.text() == "Re-encode: the chosen sample rate 44100 Hz differs from the clips' 48000 Hz"

    ws.mode.setCurrentIndex(ws.mode.findData("copy"))  # a copy cannot honour the choice: refused before queueing
    assert not ws.submit_button.isEnabled()
    assert "keeps the clips' format" in ws.compat_detail.text()
    ws.mode.setCurrentIndex(ws.mode.findData("auto"))
    settings.choose(size="720p", orientation="portrait", fps="30000/1001")
    assert ws.submit_button.isEnabled()
    qtbot.mouseClick(ws.submit_button, Qt.MouseButton.LeftButton)
    task = next(t for t in engine.tasks() if t.task_type == "video_merge")
    qtbot.waitUntil(lambda: "output_target" in engine.task(task.task_id).config, timeout=15000)
    config = engine.task(task.task_id).config
    assert config["target"] == {"width": 1280, "height": 720, "orientation": "portrait", "fps": "30000/1001"}
    assert config["audio"]["sample_rate"] == 44100
    assert config["output_settings"] == ["fps", "sample_rate", "size"]


def test_settings_texts_follow_the_language(qtbot, engine, media, languages):
    ws = make_workspace(qtbot, engine, media)
    ws.output_settings.choose(size="largest")
    languages.apply("zh_CN")
    qtbot.waitUntil(lambda: ws.output_settings.captions[0].text() != "Resolution:", timeout=1000)
    assert ws.output_settings.size.currentData() == "largest"  # the choice survives the switch
    assert ws.output_settings.size.currentText() != "Largest clip"
