"""The merge's output settings: resolution, frame rate, orientation and audio sample rate (two rows of combos)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from ui.merge.compat import OutputSettings

FPS_CHOICES = (("24000/1001", "23.976"), ("24", "24"), ("25", "25"), ("30000/1001", "29.97"), ("30", "30"),
               ("50", "50"), ("60", "60"))
SAMPLE_RATES = (44100, 48000)


class OutputSettingsPanel(QWidget):
    """Emits ``changed`` when a choice changes; ``settings()`` reads them. Every choice starts automatic."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeOutputSettings")
        self.size = QComboBox(self)
        self.size.setObjectName("outputSize")
        self.fps = QComboBox(self)
        self.fps.setObjectName("outputFps")
        self.orientation = QComboBox(self)
        self.orientation.setObjectName("outputOrientation")
        self.sample_rate = QComboBox(self)
        self.sample_rate.setObjectName("outputSampleRate")
        self.captions = [QLabel(self) for _ in range(4)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (caption, combo) in enumerate(zip(self.captions, (self.size, self.fps, self.orientation,
                                                                  self.sample_rate), strict=True)):
            grid.addWidget(caption, n // 2, (n % 2) * 2)
            grid.addWidget(combo, n // 2, (n % 2) * 2 + 1)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.retranslateUi()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        for caption, text in zip(self.captions, (self.tr("Resolution:"), self.tr("Frame rate:"),
                                                 self.tr("Orientation:"), self.tr("Audio:")), strict=True):
            caption.setText(text)
        _fill(self.size, [(self.tr("Automatic (most common clip size)"), "common"),
                          (self.tr("Same as the first clip"), "first"), (self.tr("Largest clip"), "largest"),
                          (self.tr("720p (1280×720)"), "720p"), (self.tr("1080p (1920×1080)"), "1080p"),
                          (self.tr("4K (3840×2160)"), "2160p")])
        _fill(self.fps, [(self.tr("Automatic (highest clip rate)"), None)]
              + [(self.tr("%1 fps").replace("%1", shown), value) for value, shown in FPS_CHOICES])
        _fill(self.orientation, [(self.tr("As the clips"), "auto"), (self.tr("Landscape"), "landscape"),
                                 (self.tr("Portrait"), "portrait")])
        _fill(self.sample_rate, [(self.tr("Automatic (48 kHz)"), None)]
              + [(self.tr("%1 kHz").replace("%1", f"{rate / 1000:g}"), rate) for rate in SAMPLE_RATES])

    def settings(self) -> OutputSettings:
        return OutputSettings(size=self.size.currentData() or "common", fps=self.fps.currentData(),
                              orientation=self.orientation.currentData() or "auto",
                              sample_rate=self.sample_rate.currentData())

    def choose(self, *, size: str | None = None, fps: str | None = None, orientation: str | None = None,
               sample_rate: int | None = None) -> None:
        """Select choices by their values (as a user would pick them)."""
        for combo, value in ((self.size, size), (self.fps, fps), (self.orientation, orientation),
                             (self.sample_rate, sample_rate)):
            if value is not None:
                combo.setCurrentIndex(combo.findData(value))


def _fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Refill ``combo`` keeping the current choice (texts change with the language)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
