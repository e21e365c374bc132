"""Languages: English (source) and Simplified Chinese.

``LanguageManager.apply(setting)`` installs the app's and Qt's own translators; Qt then sends every
widget a LanguageChange event and each widget re-sets its texts in ``retranslateUi()``. The
``"auto"`` setting follows the OS locale. Names shared by many widgets (statuses, task types) live here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mediacraft_desktop.stage_words import parse_stage
from ui.formatting import clock
from ui.resources import resource_path

log = logging.getLogger(__name__)
SUPPORTED = ("en", "zh_CN")
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the setting if it names one we ship, else the OS locale's (English default)."""
    if setting in SUPPORTED:
        return setting
    name = (system or QLocale.system()).name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


class LanguageManager:
    """Owns the installed translators of one QCoreApplication."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.current: str | None = None

    def apply(self, setting: str) -> str:
        """Switch to ``setting`` ("auto", "en", "zh_CN"); returns the language now shown.

        English is the source language; its file only carries plural forms ("1 task" / "2 tasks").
        """
        language = resolve_language(setting)
        if language == self.current:
            return language
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        ours = QTranslator(self._app)
        if ours.load(f"mediacraft_{language}", str(resource_path("translations"))):
            self._translators.append(ours)
        else:
            log.warning("no translation file for %s", language)
        if language != "en":
            qt = QTranslator(self._app)
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._translators.append(qt)
        for translator in self._translators:
            self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.current = language
        return language


STATUS_LABELS = {
    "created": QT_TRANSLATE_NOOP("Labels", "Checking"),
    "ready": QT_TRANSLATE_NOOP("Labels", "Ready"),
    "queued": QT_TRANSLATE_NOOP("Labels", "Queued"),
    "running": QT_TRANSLATE_NOOP("Labels", "Running"),
    "paused": QT_TRANSLATE_NOOP("Labels", "Held"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "failed": QT_TRANSLATE_NOOP("Labels", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("Labels", "Interrupted"),
}
TYPE_LABELS = {
    "watermark_removal": QT_TRANSLATE_NOOP("Labels", "Watermark removal"),
    "video_merge": QT_TRANSLATE_NOOP("Labels", "Merge"),
    "test_steps": QT_TRANSLATE_NOOP("Labels", "Test steps"),
}


METHOD_LABELS = {  # watermark removal methods (the processor's config "method")
    "auto": QT_TRANSLATE_NOOP("Labels", "Automatic"),
    "interp": QT_TRANSLATE_NOOP("Labels", "Border interpolation"),
    "inpaint": QT_TRANSLATE_NOOP("Labels", "Inpainting"),
    "temporal": QT_TRANSLATE_NOOP("Labels", "Temporal (moving camera)"),
    "deblend": QT_TRANSLATE_NOOP("Labels", "De-blend (translucent logo)"),
}


def method_label(method: str) -> str:
    text = METHOD_LABELS.get(method)
    return QCoreApplication.translate("Labels", text) if text else method


def status_label(status: str) -> str:
    text = STATUS_LABELS.get(status)
    return QCoreApplication.translate("Labels", text) if text else status


def type_label(task_type: str) -> str:
    text = TYPE_LABELS.get(task_type)
    return QCoreApplication.translate("Labels", text) if text else task_type.replace("_", " ")


# progress stages reported by the engine and the processors (``stage(code, **params)``); %1, %2... are filled
# from STAGE_PARAMS in order. The command line's English words are in mediacraft_desktop/stage_words.py.
STAGE_TEXTS = {
    "starting": QT_TRANSLATE_NOOP("Stages", "Starting"),
    "cancelling": QT_TRANSLATE_NOOP("Stages", "Cancelling…"),
    "cancelled": QT_TRANSLATE_NOOP("Stages", "Cancelled"),
    "holding": QT_TRANSLATE_NOOP("Stages", "Holding…"),
    "held": QT_TRANSLATE_NOOP("Stages", "Held"),
    "waiting_to_retry": QT_TRANSLATE_NOOP("Stages", "Waiting to retry"),
    "done": QT_TRANSLATE_NOOP("Stages", "Done"),
    "step": QT_TRANSLATE_NOOP("Stages", "Step %1 of %2"),
    "removing_frames": QT_TRANSLATE_NOOP("Stages", "Removing the watermark: frame %1 of %2"),
    "joining_segments": QT_TRANSLATE_NOOP("Stages", "Joining segments"),
    "verifying": QT_TRANSLATE_NOOP("Stages", "Checking the result"),
    "checking_clips": QT_TRANSLATE_NOOP("Stages", "Checking clips"),
    "copying_clips": QT_TRANSLATE_NOOP("Stages", "Copying clip %1 of %2"),
    "encoding_time": QT_TRANSLATE_NOOP("Stages", "Encoding %1 / %2"),
    "encoding_clip": QT_TRANSLATE_NOOP("Stages", "Encoding clip %1 of %2 (%3 / %4)"),
    "encoded_clip": QT_TRANSLATE_NOOP("Stages", "Encoded clip %1 of %2"),
    "joining_clips": QT_TRANSLATE_NOOP("Stages", "Joining clips"),
}
REMOVING_FRAMES_OPEN = QT_TRANSLATE_NOOP("Stages", "Removing the watermark: %1 frames")  # total unknown
STAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "step": ("index", "count"),
    "removing_frames": ("done", "total"),
    "copying_clips": ("index", "count"),
    "encoding_time": ("done_s", "total_s"),
    "encoding_clip": ("index", "count", "done_s", "total_s"),
    "encoded_clip": ("index", "count"),
}


def stage_text(message: str) -> str:
    """A task's progress message in words of the current language; a message that is not a known stage (e.g. a
    task stored by an older version) is shown as it is."""
    parsed = parse_stage(message)
    if parsed is None or parsed[0] not in STAGE_TEXTS:
        return message or ""
    code, params = parsed
    text = STAGE_TEXTS[code]
    names = STAGE_PARAMS.get(code, ())
    if code == "removing_frames" and params.get("total") is None:
        text, names = REMOVING_FRAMES_OPEN, ("done",)
    text = QCoreApplication.translate("Stages", text)
    for n, name in enumerate(names, 1):
        value = params.get(name)
        shown = clock(value) if name.endswith("_s") and isinstance(value, int | float) else str(value)
        text = text.replace(f"%{n}", shown)
    return text
