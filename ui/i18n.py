"""Languages: English (source) and Simplified Chinese.

``LanguageManager.apply(setting)`` installs the app's and Qt's own translators; Qt then sends every
widget a LanguageChange event and each widget re-sets its texts in ``retranslateUi()``. The
``"auto"`` setting follows the OS locale. Names shared by many widgets (statuses, task types) live here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

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
