"""The Settings dialog edits what the engine uses and what is stored."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui.settings_dialog import SettingsDialog


def test_settings_are_applied_and_saved(qtbot, gui_factory, data_dir, tmp_path):
    gui = gui_factory()
    window = gui.window
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    assert dialog.max_concurrent.value() == 2 and dialog.language.currentData() == "en"
    dialog.max_concurrent.setValue(3)
    dialog.merge_limit.setValue(2)
    dialog.retention.setValue(7)
    dialog.delete_results.setChecked(True)
    dialog.keep_in_tray.setChecked(True)
    dialog.timeout.setValue(0)
    dialog.output_dir.clear()
    qtbot.keyClicks(dialog.output_dir, str(tmp_path / "results "))
    dialog.output_dir.insert("结果")  # what an input method commits (QTest cannot type CJK keys)
    assert dialog.timeout.text() == "No limit"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    settings = gui.engine.settings
    assert settings.max_concurrent == 3 and settings.per_type_limits["video_merge"] == 2
    assert settings.retention_days == 7 and settings.delete_results_on_cleanup and settings.keep_running_in_tray
    assert settings.output_dir == str(tmp_path / "results 结果")
    stored = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    assert stored["max_concurrent"] == 3 and stored["retention_days"] == 7
    assert stored["output_dir"] == str(tmp_path / "results 结果")

    again = window.open_settings()
    assert again.max_concurrent.value() == 3 and again.retention.value() == 7
    again.reject()


def test_cancel_changes_nothing(qtbot, engine):
    dialog = SettingsDialog(engine.settings)
    qtbot.addWidget(dialog)
    dialog.max_concurrent.setValue(9)
    dialog.reject()
    assert engine.settings.max_concurrent == 2
    assert dialog.result_settings().max_concurrent == 9
