"""Help menu: the shortcut sheet lists the keys the actions really have; the guide covers the workflow."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from ui.help_dialogs import GuideDialog, ShortcutSheet, action_label
from ui.help_shortcuts import EDITOR_SHORTCUTS

NATIVE = QKeySequence.SequenceFormat.NativeText


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(NATIVE) for k in action.shortcuts())


def _open_sheet(qtbot, window) -> ShortcutSheet:
    assert window.shortcuts_action in window.help_menu.actions()
    window.shortcuts_action.trigger()
    sheet = window.findChild(ShortcutSheet, "shortcutSheet")
    assert sheet is not None
    qtbot.waitExposed(sheet)
    return sheet


def test_sheet_lists_every_editor_action_with_its_real_keys(qtbot, window_factory, engine):
    window = window_factory(engine)
    rows = _open_sheet(qtbot, window).rows()
    ws = window.removal
    editor_actions = [*ws.actions(), *ws.tools_panel.actions_with_shortcuts(), ws.undo_action, ws.redo_action]
    with_keys = [a for a in editor_actions if a.shortcuts()]
    assert len(with_keys) >= 20
    for action in with_keys:
        key_id = action.property("shortcutId")
        assert key_id, f"{action.text()!r} has keys outside the shortcut table"
        assert rows[key_id][0] == _keys(action), key_id
    # every table entry is listed, the hold key and the mouse gestures too
    assert {e.key_id for e in EDITOR_SHORTCUTS} <= set(rows)
    assert rows["hold_compare"][0] == "C, \\"
    assert rows["split"][0] == "S" and rows["side_panel"][0] == QKeySequence("Ctrl+B").toString(NATIVE)


def test_sheet_lists_the_window_actions_and_follows_a_change(qtbot, window_factory, engine):
    window = window_factory(engine)
    rows = _open_sheet(qtbot, window).rows()
    for action in window.help_window_actions():
        if action.shortcuts():
            assert rows[action.objectName()] == (_keys(action), action_label(action))
    assert rows["actionOpen"][1] == "Open video"
    window.open_action.setShortcut(QKeySequence("Ctrl+Alt+O"))  # the sheet reads the actions, not a copy
    again = window.show_shortcuts()
    assert again.rows()["actionOpen"][0] == QKeySequence("Ctrl+Alt+O").toString(NATIVE)


def test_guide_explains_open_draw_method_queue_merge(qtbot, window_factory, engine):
    window = window_factory(engine)
    assert window.guide_action in window.help_menu.actions()
    window.guide_action.trigger()
    guide = window.findChild(GuideDialog, "guideDialog")
    assert guide is not None
    text = guide.browser.toPlainText()
    for heading in ("Open", "Draw", "Choose the method and compare", "Queue", "Merge"):
        assert heading in text
    assert "Edit again" in text and "Split (S)" in text
