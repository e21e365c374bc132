"""Task detail: every field that matters, the log, the error in words, and a preview of the result.

For a watermark removal the preview compares the input and the result at the same frame, split by
a divider; for other tasks it shows the result's first frame.
"""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import desktop, icons
from ui.errors_text import error_text
from ui.formatting import clock, eta_text, local_time, size_text
from ui.i18n import method_label, stage_text, status_label, type_label
from ui.style import status_color
from ui.tasks.cancel_guard import CancelGuard
from ui.tasks.model import task_title, type_icon
from ui.timeutil import seconds_between
from ui.widgets.compare_view import CompareView
from ui.widgets.images import frame_to_image
from ui.widgets.seek_slider import SeekSlider

REFRESH_MS = 250
PREVIEW_SIDE = 960


def first_region_split(task: Any) -> float:
    """Where the before/after divider starts: through the middle of the first region (else the middle)."""
    regions = task.config.get("regions") or []
    media = (task.inputs[0].get("media") if task.inputs else None) or {}
    video = next((v for v in media.get("video") or [] if not v.get("attached_pic")), None)
    width = (video or {}).get("width") or 0
    if not regions or not width:
        return 0.5
    first = regions[0]
    return min(0.95, max(0.05, (first.get("x", 0) + first.get("w", 0) / 2) / width))


class TaskDetailDialog(QDialog):
    def __init__(self, engine: Any, media: Any, task_id: str, parent: QWidget | None = None,
                 cancel_guard: CancelGuard | None = None) -> None:
        super().__init__(parent)
        self._cancel_guard = cancel_guard or CancelGuard(engine, self)
        self.setObjectName("taskDetail")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._engine = engine
        self._media = media
        self.task_id = task_id
        self._requests: dict[int, str] = {}  # request id -> "before" | "after" | "result"
        self._before = self._after = None
        self._preview_key: tuple[str, int] | None = None
        self._log_count = -1

        self.icon = QLabel(self)
        self.name = QLabel(self)
        self.name.setObjectName("detailName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setObjectName("detailStatus")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.stage = QLabel(self)
        self.stage.setObjectName("detailStage")
        header = QHBoxLayout()
        header.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.addWidget(self.name)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.progress, 1)
        titles.addLayout(status_row)
        titles.addWidget(self.stage)
        header.addLayout(titles, 1)

        self.error_frame = QFrame(self)
        self.error_frame.setObjectName("errorFrame")
        self.error_frame.setFrameShape(QFrame.Shape.StyledPanel)
        error_layout = QVBoxLayout(self.error_frame)
        self.error_summary = QLabel(self.error_frame)
        self.error_summary.setObjectName("errorSummary")
        self.error_summary.setWordWrap(True)
        bold = self.error_summary.font()
        bold.setBold(True)
        self.error_summary.setFont(bold)
        self.error_advice = QLabel(self.error_frame)
        self.error_advice.setObjectName("errorAdvice")
        self.error_advice.setWordWrap(True)
        self.error_detail = QLabel(self.error_frame)
        self.error_detail.setObjectName("errorDetail")
        self.error_detail.setWordWrap(True)
        self.error_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.error_summary, self.error_advice, self.error_detail):
            error_layout.addWidget(label)

        self.tabs = QTabWidget(self)
        self.overview = QWidget(self.tabs)
        self.form = QFormLayout(self.overview)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("id", "type", "priority", "attempts", "created", "started", "finished", "elapsed", "inputs",
                    "output", "size", "config"):
            caption, value = QLabel(self.overview), QLabel(self.overview)
            value.setObjectName(f"field_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(caption, value)
            self.fields[key] = (caption, value)
        self.log = QPlainTextEdit(self.tabs)
        self.log.setObjectName("taskLog")
        self.log.setReadOnly(True)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview_page = QWidget(self.tabs)
        preview_layout = QVBoxLayout(self.preview_page)
        self.compare = CompareView(self.preview_page)
        self.slider = SeekSlider(Qt.Orientation.Horizontal, self.preview_page)
        self.slider.setObjectName("previewSlider")
        self.slider_label = QLabel(self.preview_page)
        slider_row = QHBoxLayout()
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(self.slider_label)
        preview_layout.addWidget(self.compare, 1)
        preview_layout.addLayout(slider_row)
        self.tabs.addTab(self.overview, "")
        self.tabs.addTab(self.log, "")
        self.tabs.addTab(self.preview_page, "")

        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("detailCancel")
        self.retry_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.setObjectName("detailRetry")
        self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_log_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        icons.set_icon(self.cancel_button, "cancel")
        icons.set_icon(self.retry_button, "retry")
        icons.set_icon(self.open_button, "open-result")
        icons.set_icon(self.folder_button, "folder")
        self.cancel_button.clicked.connect(lambda: self._cancel_guard.cancel([self.task_id], self))
        self.retry_button.clicked.connect(lambda: self._engine.retry(self.task_id))
        self.open_button.clicked.connect(self._open_result)
        self.folder_button.clicked.connect(self._show_in_folder)
        self.copy_log_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.log.toPlainText()))
        self.buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.error_frame)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 620)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._slider_timer = QTimer(self)
        self._slider_timer.setSingleShot(True)
        self._slider_timer.setInterval(150)
        self._slider_timer.timeout.connect(self._request_preview)
        self.slider.valueChanged.connect(self._on_slider)
        engine.task_changed.connect(self._on_task_changed)
        engine.task_removed.connect(self._on_task_removed)
        if media is not None:
            media.frame_ready.connect(self._on_frame)
            media.thumbnail_ready.connect(self._on_thumbnail)
            media.failed.connect(self._on_failed)
        self.retranslateUi()

    # ------------------------------------------------------------------ i18n
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:
        captions = {
            "id": self.tr("Task ID:"), "type": self.tr("Type:"), "priority": self.tr("Priority:"),
            "attempts": self.tr("Attempts:"), "created": self.tr("Created:"), "started": self.tr("Started:"),
            "finished": self.tr("Finished:"), "elapsed": self.tr("Run time:"), "inputs": self.tr("Input files:"),
            "output": self.tr("Result file:"), "size": self.tr("Result size:"), "config": self.tr("Settings:"),
        }
        for key, (caption, _value) in self.fields.items():
            caption.setText(captions[key])
        self.tabs.setTabText(0, self.tr("Overview"))
        self.tabs.setTabText(1, self.tr("Log"))
        self.tabs.setTabText(2, self.tr("Preview"))
        self.cancel_button.setText(self.tr("Cancel task"))
        self.retry_button.setText(self.tr("Retry"))
        self.open_button.setText(self.tr("Open result"))
        self.folder_button.setText(self.tr("Show in folder"))
        self.copy_log_button.setText(self.tr("Copy log"))
        self.compare.before_label = self.tr("Before")
        self.compare.after_label = self.tr("After")
        self._log_count = -1
        self.refresh()

    # ------------------------------------------------------------------ live data
    def _on_task_changed(self, task_id: str) -> None:
        if task_id == self.task_id and not self._timer.isActive():
            self._timer.start()

    def _on_task_removed(self, task_id: str) -> None:
        if task_id == self.task_id:
            self.close()

    def task(self) -> Any:
        return self._engine.task(self.task_id)

    def refresh(self) -> None:
        task = self.task()
        if task is None:
            return
        status = task.status.value
        self.setWindowTitle(self.tr("Task: %1").replace("%1", task_title(task)))
        self.icon.setPixmap(type_icon(task.task_type).pixmap(40, 40))
        self.name.setText(task.name)
        color = status_color(status).name()
        self.status.setText(status_label(status))
        self.status.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.progress.setValue(int(round(task.progress * 10)))
        unfinished = status not in ("completed", "failed", "cancelled")
        stage = stage_text(task.progress_message) if status in ("running", "queued", "paused") else ""
        eta = eta_text(self._engine.eta(task.task_id)) if status == "running" else ""
        self.stage.setText(" · ".join(p for p in (f"{task.progress:.1f}%", stage, eta) if p) if unfinished else "")
        self.stage.setVisible(unfinished)
        values = {
            "id": task.task_id,
            "type": type_label(task.task_type),
            "priority": str(task.priority),
            "attempts": self.tr("%1 of at most %2").replace("%1", str(task.attempts))
            .replace("%2", str(task.max_attempts)),
            "created": local_time(task.created_at),
            "started": local_time(task.started_at) or "—",
            "finished": local_time(task.completed_at) if status in ("completed", "failed", "cancelled") else "—",
            "elapsed": self._elapsed(task),
            "inputs": self._inputs_text(task),
            "output": task.output_path or task.config.get("output_target", "") or "—",
            "size": size_text(task.metadata.get("output_size")) if task.output_path else "—",
            "config": self._config_text(task),
        }
        for key, value in values.items():
            self.fields[key][1].setText(value)
        failed = status == "failed"
        self.error_frame.setVisible(failed)
        if failed:
            words = error_text(task.error_code)
            self.error_frame.setStyleSheet(f"#errorFrame {{ border: 1px solid {color}; border-radius: 6px; }}")
            self.error_summary.setText(words.summary)
            self.error_summary.setStyleSheet(f"color: {color};")
            self.error_advice.setText(self.tr("What to do: %1").replace("%1", words.advice))
            self.error_detail.setText(self.tr("Detail (%1): %2").replace("%1", task.error_code or "?")
                                      .replace("%2", task.error_message or ""))
        self._fill_log(task)
        has_result = status == "completed" and bool(task.output_path) and os.path.exists(task.output_path or "")
        self.cancel_button.setEnabled(status not in ("completed", "failed", "cancelled"))
        self.retry_button.setEnabled(status in ("failed", "cancelled"))
        self.open_button.setEnabled(has_result)
        self.folder_button.setEnabled(has_result)
        self._update_preview(task, has_result)

    def _elapsed(self, task: Any) -> str:
        seconds = seconds_between(task.started_at, task.completed_at if task.status.is_finished else None)
        return clock(seconds) if seconds is not None else "—"

    def _inputs_text(self, task: Any) -> str:
        lines = []
        for entry in task.inputs:
            media = entry.get("media") or {}
            extra = []
            if media.get("duration"):
                extra.append(clock(media["duration"]))
            video = next((v for v in media.get("video") or [] if not v.get("attached_pic")), None)
            if video:
                extra.append(f"{video.get('width')}×{video.get('height')} {video.get('fps', 0):.3g} fps")
            if entry.get("size"):
                extra.append(size_text(entry["size"]))
            suffix = f"  ({', '.join(extra)})" if extra else ""
            lines.append(f"{entry.get('path', '')}{suffix}")
        return "\n".join(lines) or "—"

    def _config_text(self, task: Any) -> str:
        config = {k: v for k, v in task.config.items() if k != "output_target"}
        if task.task_type == "watermark_removal":
            regions = config.get("regions") or []
            parts = [self.tr("%n region(s)", "", len(regions))]
            parts += [f"{r.get('x')},{r.get('y')} {r.get('w')}×{r.get('h')}" for r in regions[:4]]
            masks = sum(1 for r in regions if isinstance(r, dict) and r.get("mask"))
            if masks:
                parts.append(self.tr("%n with a mask", "", masks))
            if config.get("method"):
                parts.append(self.tr("method: %1").replace("%1", method_label(str(config["method"]))))
            return "; ".join(parts)
        if task.task_type == "video_merge":
            modes = {"auto": self.tr("automatic (copy when possible)"), "copy": self.tr("stream copy"),
                     "reencode": self.tr("re-encode")}
            return self.tr("joining: %1").replace("%1", modes.get(config.get("mode", "auto"), str(config.get("mode"))))
        return json.dumps(config, ensure_ascii=False)[:300] if config else "—"

    def _fill_log(self, task: Any) -> None:
        if len(task.log) == self._log_count:
            return
        at_end = self.log.verticalScrollBar().value() >= self.log.verticalScrollBar().maximum() - 4
        lines = [f"{local_time(e.get('at'))}  {e.get('level', ''):<7}  {e.get('message', '')}" for e in task.log]
        self.log.setPlainText("\n".join(lines))
        self._log_count = len(task.log)
        if at_end:
            self.log.verticalScrollBar().setValue(self.log.verticalScrollBar().maximum())

    # ------------------------------------------------------------------ preview
    def _frame_count(self, task: Any) -> int:
        media = (task.inputs[0].get("media") if task.inputs else None) or {}
        video = next((v for v in media.get("video") or [] if not v.get("attached_pic")), None)
        if not video:
            return 0
        if video.get("frames"):
            return int(video["frames"])
        fps, duration = video.get("fps") or 0, media.get("duration") or 0
        return int(fps * duration)

    def _update_preview(self, task: Any, has_result: bool) -> None:
        compare = task.task_type == "watermark_removal" and has_result
        frames = self._frame_count(task) if compare else 0
        self.slider.setVisible(compare and frames > 1)
        self.slider_label.setVisible(compare and frames > 1)
        if not has_result:
            self.compare.placeholder = self.tr("The preview appears when the task has completed.")
            self.compare.set_images(None, None)
            self._preview_key = None
            return
        if self._media is None:
            self.compare.placeholder = self.tr("No preview available.")
            return
        if compare and frames > 1 and self.slider.maximum() != frames - 1:
            self.slider.blockSignals(True)
            self.slider.setRange(0, frames - 1)
            self.slider.setValue(int(task.config.get("reference_frame", 0) or 0))
            self.slider.blockSignals(False)
            self.compare.split = first_region_split(task)
        key = (task.output_path or "", self.slider.value() if compare else -1)
        if key != self._preview_key:
            self._preview_key = key
            self.compare.placeholder = self.tr("Loading the preview…")
            self._request_preview()

    def _on_slider(self, value: int) -> None:
        task = self.task()
        fps = 0.0
        if task is not None and task.inputs:
            media = task.inputs[0].get("media") or {}
            video = next((v for v in media.get("video") or [] if not v.get("attached_pic")), None)
            fps = float((video or {}).get("fps") or 0.0)
        self.slider_label.setText(clock(value / fps) if fps else str(value))
        self._preview_key = ((task.output_path if task else "") or "", value)
        self._slider_timer.start()

    def _request_preview(self) -> None:
        task = self.task()
        if task is None or not task.output_path or self._media is None:
            return
        self._requests.clear()
        if task.task_type == "watermark_removal" and task.inputs:
            index = self.slider.value()
            self._requests[self._media.request_frame(task.inputs[0]["path"], index)] = "before"
            self._requests[self._media.request_frame(task.output_path, index)] = "after"
        else:
            self._requests[self._media.request_thumbnail(task.output_path, PREVIEW_SIDE)] = "result"

    def _on_frame(self, request_id: int, _path: str, _index: int, frame: Any) -> None:
        role = self._requests.pop(request_id, None)
        if role == "before":
            self._before = frame_to_image(frame)
        elif role == "after":
            self._after = frame_to_image(frame)
        else:
            return
        self.compare.set_images(self._before, self._after)

    def _on_thumbnail(self, request_id: int, _path: str, frame: Any) -> None:
        if self._requests.pop(request_id, None) == "result":
            self._before = None
            self._after = frame_to_image(frame)
            self.compare.set_images(None, self._after)

    def _on_failed(self, request_id: int, _path: str, code: str, detail: str) -> None:
        if self._requests.pop(request_id, None) is not None:
            self.compare.placeholder = self.tr("No preview: %1").replace("%1", error_text(code).summary)
            self.compare.update()

    # ------------------------------------------------------------------ actions
    def _open_result(self) -> None:
        task = self.task()
        if task is not None and task.output_path:
            desktop.open_file(task.output_path)

    def _show_in_folder(self) -> None:
        task = self.task()
        if task is not None and task.output_path:
            desktop.show_in_folder(task.output_path)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._disconnect()
        super().closeEvent(event)

    def _disconnect(self) -> None:
        for signal, slot in ((self._engine.task_changed, self._on_task_changed),
                             (self._engine.task_removed, self._on_task_removed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self._media is not None:
            for signal, slot in ((self._media.frame_ready, self._on_frame),
                                 (self._media.thumbnail_ready, self._on_thumbnail),
                                 (self._media.failed, self._on_failed)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass

