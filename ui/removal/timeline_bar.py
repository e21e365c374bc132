"""Frame slider with step buttons and a frame/time readout."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ui.widgets.seek_slider import SeekSlider


def timecode(seconds: float | None) -> str:
    """``m:ss.mmm`` (or ``h:mm:ss.mmm``) for a frame time; a dash when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "—"
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"
    return f"{minutes}:{secs:02d}.{millis:03d}"


class TimelineBar(QWidget):
    """Emits ``seek_requested(index)``; the workspace decides and calls ``show_index``."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frames = 0
        self._fps = 0.0
        self._index = 0

        self.slider = SeekSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("removalFrameSlider")
        self.slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.slider.setTracking(True)
        self.slider.valueChanged.connect(self._on_slider)

        self.back_second = self._button("«", self.tr("Back one second (Shift+Left)"), lambda: self._step_seconds(-1))
        self.back_frame = self._button("‹", self.tr("Previous frame (Left)"), lambda: self._step(-1))
        self.next_frame = self._button("›", self.tr("Next frame (Right)"), lambda: self._step(1))
        self.next_second = self._button("»", self.tr("Forward one second (Shift+Right)"), lambda: self._step_seconds(1))

        self.frame_label = QLabel()
        self.frame_label.setObjectName("removalFrameReadout")
        self.frame_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.time_label = QLabel()
        self.time_label.setObjectName("removalTimeReadout")
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.time_label.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.time_label.setFont(font)
        self.frame_label.setFont(font)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        for widget in (self.back_second, self.back_frame):
            layout.addWidget(widget)
        layout.addWidget(self.slider, 1)
        for widget in (self.next_frame, self.next_second):
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addWidget(self.frame_label)
        layout.addSpacing(10)
        layout.addWidget(self.time_label)
        self.set_video(0, 0.0)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(True)
        button.clicked.connect(slot)
        return button

    # -- state -----------------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def frame_count(self) -> int:
        return self._frames

    def set_video(self, frame_count: int, fps: float) -> None:
        self._frames = max(0, int(frame_count))
        self._fps = float(fps or 0.0)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, self._frames - 1))
        self.slider.setPageStep(max(1, round(self._fps)) if self._fps else 10)
        self.slider.blockSignals(False)
        enabled = self._frames > 0
        for widget in (self.slider, self.back_second, self.back_frame, self.next_frame, self.next_second):
            widget.setEnabled(enabled)
        self.show_index(0)

    def show_index(self, index: int) -> None:
        """Move the slider and readouts to ``index`` without asking for a seek."""
        self._index = max(0, min(int(index), max(0, self._frames - 1)))
        self.slider.blockSignals(True)
        self.slider.setValue(self._index)
        self.slider.blockSignals(False)
        if self._frames:
            self.frame_label.setText(self.tr("Frame {0} of {1}").format(self._index + 1, self._frames))
        else:
            self.frame_label.setText(self.tr("No video"))
        duration = self._frames / self._fps if self._fps else None
        current = self._index / self._fps if self._fps else None
        self.time_label.setText(f"{timecode(current)} / {timecode(duration)}")

    # -- stepping --------------------------------------------------------------------------------------
    def seconds_step(self) -> int:
        return max(1, round(self._fps)) if self._fps else 25

    def _step(self, frames: int) -> None:
        if self._frames:
            self.seek_requested.emit(max(0, min(self._frames - 1, self._index + frames)))

    def _step_seconds(self, seconds: int) -> None:
        self._step(seconds * self.seconds_step())

    def step(self, frames: int) -> None:
        self._step(frames)

    def step_seconds(self, seconds: int) -> None:
        self._step_seconds(seconds)

    def _on_slider(self, value: int) -> None:
        self.seek_requested.emit(int(value))
