"""Playback in the removal editor: play/pause, J/K/L shuttle, loop, scrub feedback and the preview clip.

``Player(workspace, media)`` drives the workspace's ``frame_view`` and ``timeline``; the workspace keeps
owning the current frame (``seek``). ``controls`` is its row of buttons, ``actions`` its shortcuts:

* Space (a tap on the canvas, or the action elsewhere) plays/pauses; L plays forward, again 2x then 4x;
  J plays backwards likewise; K pauses. Forward playback reads a long-lived ffmpeg decode pipe on a worker
  thread (``playback_thread.ForwardRun``), paced by a QElapsedTimer at the source's frame rate, dropping
  frames rather than drifting. Backwards there is no pipe: a timer asks the media service for the frame
  the clock says (latest wins), so slow decoding shows fewer frames, never late ones.
* *Loop*: playback loops over the selected region's time range when it has one, else over the clip.
* Scrubbing: while the slider is dragged (or jumps more than a second) the nearest keyframe's picture is
  shown at once (or the exact frame when it was decoded recently); the workspace's own request shows the
  exact frame when the drag rests.
* *Preview clip* (Shift+P): about 2 s around the current frame processed in the background with the
  current regions and method, then looped in the frame view (Space pauses it); unchecking it (a second
  Shift+P, or any seek) cancels the work or ends the clip and shows the frame again.

Nothing here blocks the GUI thread: decode pipes are opened and read on worker threads.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ui.help_shortcuts import keys
from ui.removal.images import bgr_to_qimage
from ui.removal.playback_thread import ForwardRun

MAX_SPEED = 4
BACK_TICK_MS = 15
CLIP_SECONDS = 2.0


class Player(QObject):
    """See the module docstring. ``speed`` is signed (0: paused, 1/2/4 forward, -1/-2/-4 backwards)."""

    state_changed = Signal()
    position_changed = Signal(int)  # frame index now shown by playback
    _frame_arrived = Signal(int, int, object)  # run generation, frame index, QImage
    _run_ended = Signal(int, str)  # run generation, reason

    def __init__(self, workspace: Any, media: Any) -> None:
        super().__init__(workspace)
        self._ws = workspace
        self._media = media
        self._speed = 0
        self._gen = 0
        self._run: ForwardRun | None = None
        self._path: str | None = None
        self._busy = False
        self._position = -1
        self._range = (0, 0)
        self._back_clock = QElapsedTimer()
        self._back_from = 0
        self._back_timer = QTimer(self)
        self._back_timer.setInterval(BACK_TICK_MS)
        self._back_timer.timeout.connect(self._back_tick)
        self._clip: tuple[str, int, int] | None = None  # clip path, first index, frame count
        self._clip_rid = -1
        self.frames_shown = 0

        self._build_controls()
        self._create_actions()
        self._frame_arrived.connect(self._show)
        self._run_ended.connect(self._on_run_ended)
        workspace.frame_view.space_tapped.connect(self.toggle)
        workspace.timeline.seek_requested.connect(self._on_user_seek)
        workspace.timeline.slider.sliderPressed.connect(self._halt)
        workspace.video_opened.connect(lambda _path: self.stop_all())
        media.preview_clip_progress.connect(self._on_clip_progress)
        media.preview_clip_ready.connect(self._on_clip_ready)
        media.failed.connect(self._on_failed)
        media.superseded.connect(self._on_superseded)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_all)
        self._update_controls()

    # ================================================================================== construction
    def _build_controls(self) -> None:
        self.controls = QWidget()
        self.controls.setObjectName("playerControls")
        self.play_button = self._button("playerPlay", self.tr("Play or pause (Space). J, K, L: back, pause, "
                                                               "forward; press J or L again for 2x and 4x."))
        self.play_button.clicked.connect(self.toggle)
        self.loop_button = self._button("playerLoop", self.tr("Loop the selected region's time range, or the "
                                                               "whole video when it has none"))
        self.loop_button.setText(self.tr("Loop"))
        self.loop_button.setCheckable(True)
        self.loop_button.toggled.connect(lambda _on: self._restart_if_playing())
        self.clip_button = self._button("playerPreviewClip", self.tr("Process about two seconds around this "
                                                                      "frame with the regions and method and play "
                                                                      "them in a loop (Shift+P)"))
        self.clip_button.setText(self.tr("Preview clip"))
        self.clip_button.setCheckable(True)
        self.clip_button.toggled.connect(self._on_clip_toggled)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("playerSpeed")
        self.speed_label.setMinimumWidth(36)
        self.status_label = QLabel()
        self.status_label.setObjectName("playerStatus")
        # a long message is cut at the pane's edge instead of widening the window
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self.controls)
        row.setContentsMargins(8, 0, 8, 2)
        row.setSpacing(6)
        for widget in (self.play_button, self.speed_label, self.loop_button, self.clip_button):
            row.addWidget(widget)
        row.addWidget(self.status_label, 1)

    @staticmethod
    def _button(name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _create_actions(self) -> None:
        def action(text: str, key_id: str, slot) -> QAction:
            act = QAction(text, self)
            act.setShortcuts(keys(key_id))
            act.setProperty("shortcutId", key_id)  # the shortcut sheet's link to ``help_shortcuts``
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            return act

        self.play_action = action(self.tr("Play/Pause"), "play", self.toggle)
        self.back_action = action(self.tr("Play backwards"), "play_back", self.shuttle_back)
        self.pause_action = action(self.tr("Pause"), "pause", self.pause)
        self.forward_action = action(self.tr("Play forward"), "play_forward", self.shuttle_forward)
        self.clip_action = action(self.tr("Preview clip"), "preview_clip", self.clip_button.toggle)
        self.actions = [self.play_action, self.back_action, self.pause_action, self.forward_action,
                        self.clip_action]

    # ========================================================================================= state
    @property
    def speed(self) -> int:
        return self._speed

    @property
    def playing(self) -> bool:
        return self._speed != 0

    @property
    def position(self) -> int:
        """The frame index playback showed last (-1 before any)."""
        return self._position

    @property
    def clip_active(self) -> bool:
        """True while a preview clip is being made or played."""
        return self._clip is not None or self._clip_rid != -1

    def loop_range(self) -> tuple[int, int]:
        """Frames ``[first, end)`` playback loops over: the preview clip, the selected region's time range,
        or the whole video."""
        if self._clip is not None:
            return self._clip[1], self._clip[1] + self._clip[2]
        frames, fps = self._frames(), self._fps()
        model = self._ws.region_model
        selected = model.selected_id
        region = model.region(selected) if selected is not None else None
        if region is None or fps <= 0 or (region.start_s is None and region.end_s is None):
            return 0, frames
        lo = 0 if region.start_s is None else math.ceil((region.start_s - 1e-6) * fps - 1e-9)
        hi = frames if region.end_s is None else math.ceil((region.end_s - 1e-6) * fps - 1e-9)
        lo, hi = max(0, min(lo, frames)), max(0, min(hi, frames))
        return (lo, hi) if hi > lo else (0, frames)

    # ======================================================================================= control
    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(1)

    def shuttle_forward(self) -> None:
        """L: forward at 1x, again 2x, 4x."""
        self.play(min(MAX_SPEED, self._speed * 2) if self._speed > 0 else 1)

    def shuttle_back(self) -> None:
        """J: backwards at 1x, again 2x, 4x (not in a preview clip)."""
        if self._clip is None and self._clip_rid == -1:
            self.play(max(-MAX_SPEED, self._speed * 2) if self._speed < 0 else -1)

    def pause(self) -> None:
        """K: stop where playback is; the workspace gets that frame as its current one."""
        was_playing = self.playing
        self._halt()
        if was_playing and self._clip is None and self._position >= 0 and self._ws.current_path == self._path:
            self._ws.seek(self._position)

    def play(self, speed: int) -> None:
        path, info = self._ws.current_path, self._ws.video_info
        if not path or not info or self._frames() <= 0 or self._fps() <= 0 or speed == 0:
            return
        if self._clip_rid != -1:
            return  # the clip is still being made: it plays when it is ready
        resume = self.playing or self._clip is not None  # a paused clip goes on where it stopped
        current = self._position if resume and self._position >= 0 else self._ws.current_index
        self._halt()
        self._path = path
        loop = self.loop_button.isChecked() or self._clip is not None
        lo, hi = self.loop_range()
        if not loop:
            lo, hi = 0, self._frames()
        if loop and not lo <= current < hi:
            current = lo if speed > 0 else hi - 1
        elif speed > 0 and current >= hi - 1:
            current = lo  # at the end: play from the start, as players do
        elif speed < 0 and current <= lo:
            current = hi - 1
        self._range = (lo, hi)
        self._speed = speed
        self._gen += 1
        if speed > 0:
            self._start_forward(current, lo, hi, loop, speed)
        else:
            self._back_from = current
            self._back_clock.start()
            self._back_timer.start()
        self._update_controls()
        self.state_changed.emit()

    def stop_all(self) -> None:
        """Stop playback and any preview clip (a new video, quitting)."""
        self._halt()
        self._end_clip(restore=False)

    def _halt(self) -> None:
        """Stop playback without touching the workspace's frame."""
        self._gen += 1
        self._back_timer.stop()
        if self._run is not None:
            self._run.stop()
            self._run = None
        self._busy = False
        if self._speed:
            self._speed = 0
            self._update_controls()
            self.state_changed.emit()

    def _restart_if_playing(self) -> None:
        if self.playing:
            self.play(self._speed)

    def _start_forward(self, start: int, lo: int, hi: int, loop: bool, speed: int) -> None:
        gen = self._gen
        media = self._media
        source = self._clip[0] if self._clip is not None else self._path
        offset = self._clip[1] if self._clip is not None else 0  # a clip's frame k is the video's first + k

        def open_stream(index: int, step: int) -> Any:
            return media.frame_stream(source, index - offset, step)

        def deliver(index: int, image: QImage) -> None:
            self._busy = True
            self._frame_arrived.emit(gen, index, image)

        self._run = ForwardRun(open_stream, start=start, lo=lo, hi=hi, loop=loop, fps=self._fps(), speed=speed,
                               deliver=deliver, busy=lambda: self._busy,
                               finished=lambda reason: self._run_ended.emit(gen, reason))

    # ================================================================================ frames shown
    def _show(self, gen: int, index: int, image: QImage) -> None:
        self._busy = False
        if gen != self._gen:
            return
        if self._ws.current_path != self._path:
            self.stop_all()
            return
        size = self._ws.frame_view.frame_size
        self._ws.frame_view.set_frame(image, size if size != (0, 0) else None)
        # a split or held compare must not show a stale original beside the playing frame: the same frame (a
        # preview clip's frames are processed and have no original here: no compare while it plays)
        self._ws.compare.set_original(None if self._clip is not None else image)
        self._moved_to(index)

    def _moved_to(self, index: int) -> None:
        self._position = index
        self.frames_shown += 1
        self._ws.timeline.show_index(index)
        fps = self._fps()
        self._ws.frame_view.set_time(index / fps if fps else 0.0)
        self.position_changed.emit(index)

    def _back_tick(self) -> None:
        if self._ws.current_path != self._path:
            self.stop_all()
            return
        lo, hi = self._range
        target = self._back_from - int(self._back_clock.elapsed() / 1000.0 * self._fps() * -self._speed)
        if target < lo:
            if not self.loop_button.isChecked():
                self._ws.seek(lo)
                self._moved_to(lo)
                self._halt()
                return
            self._back_from, target = hi - 1, hi - 1
            self._back_clock.restart()
        if target != self._position:
            self._ws.seek(target)  # latest wins in the media service: a slow decode skips frames
            self._moved_to(target)

    def _on_run_ended(self, gen: int, reason: str) -> None:
        if gen != self._gen:
            return
        if reason == "error":
            self.status_label.setText(self.tr("Playback stopped: the video could not be decoded from here."))
        self.pause()

    # ================================================================================ scrubbing
    def _on_user_seek(self, index: int) -> None:
        """A slider move, click or step key: playback stops; a drag or a jump shows a keyframe at once."""
        if self._clip is not None or self._clip_rid != -1:
            self.clip_button.setChecked(False)
        self._halt()
        path = self._ws.current_path
        fps = self._fps()
        if not path or not fps:
            return
        dragging = self._ws.timeline.slider.isSliderDown()
        if not dragging and abs(index - self._ws.current_index) <= fps:
            return  # a step: the positioned decoder answers it quickly, a keyframe would only flicker
        self.show_nearest(index)

    def show_nearest(self, index: int) -> bool:
        """Show frame ``index`` at once if it is cached, else the nearest keyframe's picture; False if neither."""
        path = self._ws.current_path
        view = self._ws.frame_view
        if not path or view.frame_size == (0, 0):
            return False
        # the split's other half must not keep a stale picture while scrubbing: the same frame, or none for a
        # keyframe's small picture (the overlay draws at source size)
        frame = self._media.cached_frame(path, index)
        if frame is not None:
            image = bgr_to_qimage(frame)
            view.set_frame(image)
            self._ws.compare.set_original(image)
            return True
        near = self._media.keyframe_near(path, index)
        if near is None:
            return False
        view.set_frame(bgr_to_qimage(near[1]), view.frame_size)
        self._ws.compare.set_original(None)
        return True

    # ================================================================================ preview clip
    def _on_clip_toggled(self, on: bool) -> None:
        if on:
            self._start_clip()
        else:
            self._end_clip(restore=True)

    def _start_clip(self) -> None:
        path, fps, frames = self._ws.current_path, self._fps(), self._frames()
        if not path or not fps or frames <= 0:
            self.clip_button.setChecked(False)
            return
        regions = self._ws.regions_config()
        if not regions:
            self.status_label.setText(self.tr("Draw a region first: the preview clip shows it removed."))
            self.clip_button.setChecked(False)
            return
        self.pause()
        index = self._ws.current_index
        first = max(0, index - round(fps * CLIP_SECONDS / 2))
        count = max(1, min(frames - first, round(fps * CLIP_SECONDS)))
        self._path = path
        self._clip_rid = self._media.request_preview_clip(path, first, count, regions, self._ws.output_panel.method(),
                                                          fps)
        self.status_label.setText(self.tr("Making the preview clip…"))
        self._update_controls()

    def _end_clip(self, restore: bool) -> None:
        rid, self._clip_rid = self._clip_rid, -1
        if rid != -1:
            self._media.cancel(rid)
        clip, self._clip = self._clip, None
        if clip is not None:
            self._halt()
            self._media.release_clip(clip[0])
            if restore and self._ws.current_path == self._path:
                index = self._position if self._position >= 0 else self._ws.current_index
                self.show_nearest(index)  # the frame itself when cached; the workspace's request follows
                self._ws.seek(index)
        if rid != -1 or clip is not None:
            self.status_label.setText("")
        if self.clip_button.isChecked():
            self.clip_button.blockSignals(True)
            self.clip_button.setChecked(False)
            self.clip_button.blockSignals(False)
        self._update_controls()

    def _on_clip_progress(self, rid: int, done: int, total: int) -> None:
        if rid == self._clip_rid and total:
            self.status_label.setText(self.tr("Making the preview clip… {0} %").format(round(100 * done / total)))

    def _on_clip_ready(self, rid: int, path: str, clip_path: str, first: int, count: int) -> None:
        if rid != self._clip_rid or path != self._ws.current_path:
            self._media.release_clip(clip_path)
            return
        self._clip_rid = -1
        self._clip = (clip_path, int(first), int(count))
        self._position = -1  # the clip starts at its beginning
        self.status_label.setText(self.tr("Preview clip: frames {0}–{1} with the regions removed, in a loop. "
                                          "Shift+P ends it.").format(first + 1, first + count))
        self.play(1)

    def _on_failed(self, rid: int, _path: str, _code: str, detail: str) -> None:
        if rid == self._clip_rid:
            self._clip_rid = -1
            self.status_label.setText(self.tr("The preview clip could not be made."))
            self.status_label.setToolTip(detail)
            self._end_clip(restore=False)

    def _on_superseded(self, rid: int) -> None:
        if rid == self._clip_rid:
            self._clip_rid = -1
            self._update_controls()

    # ===================================================================================== helpers
    def _fps(self) -> float:
        return float((self._ws.video_info or {}).get("fps") or 0.0)

    def _frames(self) -> int:
        return int((self._ws.video_info or {}).get("frame_count") or 0)

    def _update_controls(self) -> None:
        self.play_button.setText("❚❚" if self.playing else "▶")
        self.speed_label.setText(f"{self._speed}×" if abs(self._speed) > 1 or self._speed < 0 else "")
        enabled = bool(self._ws.video_info)
        for widget in (self.play_button, self.loop_button, self.clip_button):
            widget.setEnabled(enabled)

