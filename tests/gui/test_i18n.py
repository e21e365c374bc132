"""Languages: the OS default, switching at runtime from Settings, complete zh_CN translations."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.conftest import input_file
from ui.i18n import resolve_language
from ui.main_window import TAB_MERGE
from ui.tasks.model import Column

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"


def test_language_defaults_to_the_os_locale():
    assert resolve_language("auto", QLocale("zh_CN")) == "zh_CN"
    assert resolve_language("auto", QLocale("zh_TW")) == "zh_CN"
    assert resolve_language("auto", QLocale("de_DE")) == "en"
    assert resolve_language("auto", QLocale("en_US")) == "en"
    assert resolve_language("en", QLocale("zh_CN")) == "en"
    assert resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"


def switch_language(qtbot, window, code: str) -> None:
    dialog = window.open_settings()
    qtbot.waitExposed(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData(code))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def visible_texts(window) -> dict[str, object]:
    dock = window.tasks_dock
    return {
        "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
        "menus": [a.text() for a in window.menuBar().actions()],
        "dock": dock.windowTitle(),
        "header": dock.model.headerData(Column.NAME, Qt.Orientation.Horizontal),
        "status": dock.proxy.index(0, Column.STATUS).data(),
        "summary": dock.summary.text(),
        "merge": window.merge.title.text(),
        "compat": window.merge.compat_headline.text(),
        "pause": dock.actions.pause_queue.text(),
        "notice": window.notices.texts(),
    }


def test_switching_language_changes_the_visible_text(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    window = gui.window
    task_id = gui.engine.submit("test_steps", [input_file(tmp_path)], {"steps": 1, "step_s": 0})
    qtbot.waitUntil(lambda: gui.engine.task(task_id).status.value == "completed", timeout=10000)
    qtbot.waitUntil(lambda: bool(window.notices.texts()), timeout=3000)
    window.tasks_dock.model.flush()
    qtbot.wait(300)
    english = visible_texts(window)
    assert english["tabs"] == ["Remove watermark", "Merge", "Dashboard"]
    assert english["status"] == "Completed" and english["summary"].startswith("1 task ·")

    switch_language(qtbot, window, "zh_CN")
    assert gui.languages.current == "zh_CN"
    qtbot.wait(300)
    chinese = visible_texts(window)
    assert chinese["tabs"] == ["去水印", "合并", "概览"]
    assert chinese["menus"] == ["文件(&F)", "编辑(&E)", "视图(&V)", "队列(&Q)", "帮助(&H)"]
    assert chinese["dock"] == "任务" and chinese["header"] == "名称" and chinese["status"] == "已完成"
    assert chinese["summary"].startswith("1 个任务 ·")
    assert chinese["merge"] == "合并片段" and chinese["compat"] == "请至少添加两个片段"
    assert chinese["pause"] == "暂停队列(&P)"
    assert chinese["notice"] == ["任务已完成 — input.bin"]
    window.tabs.setCurrentIndex(TAB_MERGE)
    assert window.merge.submit_button.text() == "加入队列"
    assert window.removal.findChildren(type(window.merge.title))  # the removal workspace is translated too
    settings_dialog = window.open_settings()
    assert settings_dialog.windowTitle() == "设置"
    settings_dialog.reject()

    switch_language(qtbot, window, "en")
    qtbot.wait(300)
    assert visible_texts(window) == english


def test_language_setting_is_used_at_start(qtbot, gui_factory, data_dir):
    from mediacraft_desktop.settings import load_settings, save_settings

    settings = load_settings(data_dir)
    settings.language = "zh_CN"
    save_settings(data_dir, settings)
    gui = gui_factory()
    assert gui.window.tabs.tabText(0) == "去水印"
    assert gui.window.tasks_dock.windowTitle() == "任务"


def messages(ts: Path) -> set[tuple[str, str]]:
    tree = ET.parse(ts)
    return {(c.findtext("name"), m.findtext("source")) for c in tree.iter("context") for m in c.iter("message")}


def test_every_ui_string_has_a_chinese_translation(tmp_path):
    """lupdate over ui/ finds nothing new, and nothing in zh_CN is left unfinished."""
    scratch = tmp_path / "check_zh_CN.ts"
    shutil.copy(TRANSLATIONS / "mediacraft_zh_CN.ts", scratch)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-no-obsolete", "-locations", "none", "-ts", str(scratch)],
                   check=True, capture_output=True)
    assert messages(scratch) == messages(TRANSLATIONS / "mediacraft_zh_CN.ts"), "run resources/translations/update.py"
    unfinished = [(c.findtext("name"), m.findtext("source")) for c in ET.parse(scratch).iter("context")
                  for m in c.iter("message") if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []


def test_compiled_translations_are_current(tmp_path):
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for language in ("zh_CN", "en"):
        ts = TRANSLATIONS / f"mediacraft_{language}.ts"
        out = tmp_path / f"{language}.qm"
        subprocess.run([str(lrelease), str(ts), "-qm", str(out)], check=True, capture_output=True)
        assert out.read_bytes() == (TRANSLATIONS / f"mediacraft_{language}.qm").read_bytes(), \
            "run resources/translations/update.py"
