"""Stage texts are worded by the UI: a live switch to Chinese while a task runs changes the dock's stage text,
the menus and the workspaces at once; a message stored by an older version still shows as it was."""

from __future__ import annotations

from tests.gui.conftest import input_file
from tests.gui.test_i18n import switch_language
from ui.tasks.delegates import progress_caption
from ui.tasks.model import Column, Role


def stage_of(dock, task_id: str) -> str:
    dock.model.flush()
    return dock.model.index_of(task_id, Column.PROGRESS).data(Role.STAGE)


def test_live_switch_to_chinese_while_a_task_runs(qtbot, gui_factory, tmp_path):
    gui = gui_factory()
    window, engine = gui.window, gui.engine
    dock = window.tasks_dock
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 400, "step_s": 0.05})
    qtbot.waitUntil(lambda: (stage_of(dock, task_id) or "").startswith("Step "), timeout=10000)
    assert stage_of(dock, task_id).endswith(" of 400")
    assert engine.task(task_id).progress_message.startswith("step {")  # a code with parameters, not words

    switch_language(qtbot, window, "zh_CN")
    stage = stage_of(dock, task_id)  # at once: no new progress needed
    assert stage.startswith("第 ") and stage.endswith("步，共 400 步"), stage
    index = dock.proxy.mapFromSource(dock.model.index_of(task_id, Column.PROGRESS))
    caption = progress_caption(index.data(Role.PROGRESS), index.data(Role.STAGE), None, "running")
    assert "步，共 400 步" in caption
    menus = ["文件(&F)", "编辑(&E)", "视图(&V)", "队列(&Q)", "帮助(&H)"]  # LanguageChange events are posted
    qtbot.waitUntil(lambda: [a.text() for a in window.menuBar().actions()] == menus, timeout=1000)
    assert dock.windowTitle() == "任务"
    assert dock.proxy.index(0, Column.STATUS).data() == "运行中"
    assert window.merge.title.text() == "合并片段"
    assert dock.actions.hold.text() == "搁置(&H)"
    before = engine.task(task_id).checkpoint.get("steps_done", 0)
    qtbot.waitUntil(lambda: engine.task(task_id).checkpoint.get("steps_done", 0) > before + 2, timeout=5000)
    assert stage_of(dock, task_id).endswith("步，共 400 步")  # later progress keeps coming in Chinese

    dock.select_task(task_id)
    dock.actions.hold.trigger()
    assert stage_of(dock, task_id) == "正在搁置…"
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "paused", timeout=5000)
    assert stage_of(dock, task_id) == "已搁置"

    switch_language(qtbot, window, "en")
    assert stage_of(dock, task_id) == "Held"


def test_a_plain_message_from_an_older_version_still_shows(qtbot, engine, tmp_path):
    from tests.gui.test_tasks_dock import make_dock

    engine.pause_queue()
    task_id = engine.submit("test_steps", [input_file(tmp_path)], {"steps": 2})
    qtbot.waitUntil(lambda: engine.task(task_id).status.value == "queued", timeout=10000)
    dock = make_dock(qtbot, engine)
    for old in ("inpainting 1200/3000 frames", "encoding clip 2/3 (00:04 / 00:09)", "starting up", ""):
        engine.task(task_id).progress_message = old
        engine.task_changed.emit(task_id)
        assert stage_of(dock, task_id) == old


def test_every_reported_stage_has_words_in_the_ui_and_the_cli():
    import re
    from pathlib import Path

    from mediacraft_desktop.stage_words import STAGE_WORDS, stage_words
    from processors.contract import stage
    from ui.i18n import STAGE_PARAMS, STAGE_TEXTS, stage_text

    root = Path(__file__).resolve().parents[2]
    reported = {m for folder in ("processors", "mediacraft_desktop") for path in (root / folder).rglob("*.py")
                for m in re.findall(r'\bstage\("([a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert {"starting", "held", "removing_frames", "encoding_clip", "step"} <= reported
    assert reported <= set(STAGE_TEXTS) and set(STAGE_TEXTS) == set(STAGE_WORDS)
    message = stage("encoding_clip", index=2, count=5, done_s=12.4, total_s=90.0)
    assert stage_text(message) == "Encoding clip 2 of 5 (0:12 / 1:30)"
    assert stage_words(message) == "encoding clip 2/5 (0:12 / 1:30)"
    for code, names in STAGE_PARAMS.items():  # every parameter a text shows is filled
        text = stage_text(stage(code, **{n: 7 for n in names}))
        assert "%" not in text and "7" in text, (code, text)
