"""Languages: English (source) and Simplified Chinese.

``LanguageManager.apply(setting)`` installs the app's and Qt's own translators; Qt then sends every
widget a LanguageChange event and each widget re-sets its texts in ``retranslateUi()``. The
``"auto"`` setting follows the OS locale. Names shared by many widgets (statuses, task types) live here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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
        self.current = "en"

    def apply(self, setting: str) -> str:
        """Switch to ``setting`` ("auto", "en", "zh_CN"); returns the language now shown."""
        language = resolve_language(setting)
        if language == self.current and (self._translators or language == "en"):
            return language
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        if language != "en":
            ours = QTranslator(self._app)
            if ours.load(f"mediacraft_{language}", str(resource_path("translations"))):
                self._translators.append(ours)
            else:
                log.warning("no translation file for %s", language)
            qt = QTranslator(self._app)
            if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._translators.append(qt)
            for translator in self._translators:
                self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.current = language
        return language


def status_label(status: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "created": tr("Labels", "Checking"),
        "ready": tr("Labels", "Ready"),
        "queued": tr("Labels", "Queued"),
        "running": tr("Labels", "Running"),
        "paused": tr("Labels", "Held"),
        "completed": tr("Labels", "Completed"),
        "failed": tr("Labels", "Failed"),
        "cancelled": tr("Labels", "Cancelled"),
        "interrupted": tr("Labels", "Interrupted"),
    }
    return labels.get(status, status)


def type_label(task_type: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "watermark_removal": tr("Labels", "Watermark removal"),
        "video_merge": tr("Labels", "Merge"),
        "test_steps": tr("Labels", "Test steps"),
    }
    return labels.get(task_type, task_type.replace("_", " "))
