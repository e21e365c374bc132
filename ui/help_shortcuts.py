"""The one table of the editor's keyboard and mouse shortcuts.

The removal workspace and its mask tools take their keys from here (``keys``/``key_codes``), and the
Help → Keyboard shortcuts sheet lists this table, so the two cannot disagree. Keys are portable
``QKeySequence`` strings; texts are translated in the ``Shortcuts`` context.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Shortcut:
    """``keys`` trigger it; ``gesture`` describes a mouse gesture instead (then ``keys`` is empty)."""

    key_id: str
    section: str
    text: str
    keys: tuple[str, ...] = ()
    gesture: str = ""
    hold: bool = False  # acts while the key is held down (not an action)


_VIEW = QT_TRANSLATE_NOOP("Shortcuts", "Frame and view")
_EDIT = QT_TRANSLATE_NOOP("Shortcuts", "Regions")
_COMPARE = QT_TRANSLATE_NOOP("Shortcuts", "Preview and compare")
_MASK = QT_TRANSLATE_NOOP("Shortcuts", "Mask and detection")
_PLAY = QT_TRANSLATE_NOOP("Shortcuts", "Playback")

EDITOR_SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("step_back", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Previous frame"), ("Left",)),
    Shortcut("step_forward", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Next frame"), ("Right",)),
    Shortcut("second_back", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Back one second"), ("Shift+Left",)),
    Shortcut("second_forward", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Forward one second"), ("Shift+Right",)),
    Shortcut("first_frame", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "First frame"), ("Home",)),
    Shortcut("last_frame", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Last frame"), ("End",)),
    Shortcut("zoom_in", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Zoom in"), ("+", "=", "Ctrl++")),
    Shortcut("zoom_out", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Zoom out"), ("-", "Ctrl+-")),
    Shortcut("fit", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Show the whole frame"), ("0", "Ctrl+0")),
    Shortcut("zoom_wheel", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Zoom at the pointer"),
             gesture=QT_TRANSLATE_NOOP("Shortcuts", "Ctrl + wheel")),
    Shortcut("pan", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Move the picture"),
             gesture=QT_TRANSLATE_NOOP("Shortcuts", "Middle button drag, or Space + drag")),
    Shortcut("side_panel", _VIEW, QT_TRANSLATE_NOOP("Shortcuts", "Show or hide the side panel"), ("Ctrl+B",)),
    Shortcut("play", _PLAY, QT_TRANSLATE_NOOP("Shortcuts", "Play or pause"), ("Space",)),
    Shortcut("play_back", _PLAY, QT_TRANSLATE_NOOP("Shortcuts", "Play backwards (again: 2x, then 4x)"), ("J",)),
    Shortcut("pause", _PLAY, QT_TRANSLATE_NOOP("Shortcuts", "Pause"), ("K",)),
    Shortcut("play_forward", _PLAY, QT_TRANSLATE_NOOP("Shortcuts", "Play forward (again: 2x, then 4x)"), ("L",)),
    Shortcut("draw", _EDIT, QT_TRANSLATE_NOOP("Shortcuts", "Draw a region"),
             gesture=QT_TRANSLATE_NOOP("Shortcuts", "Drag on the picture")),
    Shortcut("delete", _EDIT, QT_TRANSLATE_NOOP("Shortcuts", "Delete the selected region"), ("Del", "Backspace")),
    Shortcut("undo", _EDIT, QT_TRANSLATE_NOOP("Shortcuts", "Undo"), ("Ctrl+Z",)),
    Shortcut("redo", _EDIT, QT_TRANSLATE_NOOP("Shortcuts", "Redo"), ("Ctrl+Shift+Z", "Ctrl+Y")),
    Shortcut("preview", _COMPARE, QT_TRANSLATE_NOOP("Shortcuts", "Preview removal on or off"), ("P",)),
    Shortcut("split", _COMPARE, QT_TRANSLATE_NOOP("Shortcuts", "Split view: original left, preview right"),
             ("S",)),
    Shortcut("hold_compare", _COMPARE,
             QT_TRANSLATE_NOOP("Shortcuts", "Hold to see the original (or, with the preview off, the preview)"),
             ("C", "\\"), hold=True),
    Shortcut("preview_clip", _COMPARE,
             QT_TRANSLATE_NOOP("Shortcuts", "Preview clip: about 2 s around the frame, processed, in a loop"),
             ("Shift+P",)),
    Shortcut("detect", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Detect logos"), ("D",)),
    Shortcut("estimate", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Estimate the mask"), ("E",)),
    Shortcut("brush", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Mask brush on or off"), ("B",)),
    Shortcut("show_mask", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Show the mask"), ("M",)),
    Shortcut("brush_smaller", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Smaller brush"), ("[",)),
    Shortcut("brush_larger", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Larger brush"), ("]",)),
    Shortcut("brush_erase", _MASK, QT_TRANSLATE_NOOP("Shortcuts", "Erase with the brush"),
             gesture=QT_TRANSLATE_NOOP("Shortcuts", "Right button, or Alt + left button")),
)

_BY_ID = {s.key_id: s for s in EDITOR_SHORTCUTS}


def shortcut(key_id: str) -> Shortcut:
    return _BY_ID[key_id]


def keys(key_id: str) -> list[QKeySequence]:
    """The key sequences of ``key_id`` for ``QAction.setShortcuts``."""
    return [QKeySequence(k) for k in _BY_ID[key_id].keys]


def key_codes(key_id: str) -> frozenset[int]:
    """The plain keys (Qt key codes, no modifiers) of a hold shortcut, for key press/release handlers."""
    return frozenset(QKeySequence(k)[0].key().value for k in _BY_ID[key_id].keys)


def translated(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def key_text(entry: Shortcut) -> str:
    """The keys (or the gesture) as the user reads them, e.g. "Shift+Left" or "Ctrl + wheel"."""
    if entry.gesture:
        return translated(entry.gesture)
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(QKeySequence(k).toString(native) for k in entry.keys)
