"""The "Remove watermark" workspace: open a video, mark watermark regions, preview, add the job to the queue.

Embedded by the main window as ``RemovalWorkspace(engine, media_service)``. The main window calls
``open_video(path)`` for File > Open and drops, and may put ``undo_action``/``redo_action`` in its
Edit menu. Media work (probe, decoding, previews) happens in the ``MediaService``; the engine gets
the job through ``engine.submit``. Nothing here blocks the GUI thread. Logo detection, mask estimates,
the mask overlay and brush live in ``mask_controller``/``mask_layer`` (the "Mask and detection" box);
each region's mask goes into the config as a base64 PNG.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QKeyEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediacraft_desktop import paths
from mediacraft_desktop.errors import SubmitError
from ui import icons
from ui.help_shortcuts import key_codes, key_text, shortcut
from ui.help_shortcuts import keys as shortcut_keys
from ui.removal.compare_overlay import CompareOverlay
from ui.removal.elided_label import ElidedLabel
from ui.removal.frame_view import FrameView
from ui.removal.images import bgr_to_qimage
from ui.removal.mask_controller import MaskController
from ui.removal.mask_store import StoredMask, png_base64_to_mask
from ui.removal.messages import frame_error_text, open_error_text, preview_error_text
from ui.removal.output_panel import QUALITY_CRF, OutputPanel
from ui.removal.player import Player
from ui.removal.region_model import Region, RegionModel
from ui.removal.region_panel import RegionPanel
from ui.removal.timeline_bar import TimelineBar, timecode
from ui.removal.tools_panel import MaskToolsPanel
from ui.removal.workspace_state import WorkspaceStateKeeper
from ui.widgets.file_name import name_problem

TASK_TYPE = "watermark_removal"
PREVIEW_DELAY_MS = 120
STATE_SAVE_DELAY_MS = 400  # the per-video state is written this long after the last edit
SIDE_PANEL_KEY = "removal/side_panel_visible"  # in ui_state.ini, shared with the main window's layout
VIDEO_FILTER_EXTENSIONS = "*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mpg *.mpeg *.ts *.mts *.m2ts *.flv *.wmv *.3gp *.ogv"


class RemovalWorkspace(QWidget):
    """Frame viewer with region editing, live removal preview and output options."""

    task_submitted = Signal(str)  # task id, right after engine.submit returned it
    video_opened = Signal(str)  # path, once probed and ready to edit

    def __init__(self, engine: Any, media_service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("removalWorkspace")
        self._engine = engine
        self._media = media_service
        self._model = RegionModel(self)
        self._undo = QUndoStack(self)
        self._path: str | None = None
        self._info: dict[str, Any] | None = None
        self._index = 0
        self._shown_index = -1
        self._original: QImage | None = None
        self._open_rid = -1
        self._frame_rid = -1
        self._preview_rid = -1
        self._preview_shown = False
        self._last_task_id: str | None = None
        self._holding = False
        self._hold_preview = False  # the hold turned the preview on (and turns it off again)
        self._state_ready = False  # the video's stored state was applied (or there was none): edits are saved
        self._pending_config: dict[str, Any] | None = None  # a task's config to load once the video is open
        self.state_keeper = WorkspaceStateKeeper(parent=self)
        self._ui_state = QSettings(str(paths.data_dir() / "ui_state.ini"), QSettings.Format.IniFormat)
        self.setAcceptDrops(True)

        self._build_empty_page()
        self._build_editor_page()
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty_page)
        self._stack.addWidget(self._editor_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._request_preview)
        self._state_timer = QTimer(self)
        self._state_timer.setSingleShot(True)
        self._state_timer.setInterval(STATE_SAVE_DELAY_MS)
        self._state_timer.timeout.connect(self.save_state_now)

        self._create_actions()
        self._connect()
        self._show_empty(None)
        self._update_submit_state()

    # ================================================================================== construction
    def _build_empty_page(self) -> None:
        page = QWidget()
        page.setObjectName("removalEmptyPage")
        title = QLabel(self.tr("Remove a watermark"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(self.tr("Open a video, drag a rectangle over each watermark, check the preview, "
                               "then add the job to the queue."))
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._open_button = QPushButton(self.tr("Open video…"))
        self._open_button.setObjectName("removalOpenButton")
        self._open_button.setMinimumHeight(36)
        self._open_button.clicked.connect(self.choose_video)
        drop = QLabel(self.tr("You can also drop a video file here."))
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        drop.setEnabled(False)
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)
        self._busy.setTextVisible(False)
        self._busy.setMaximumWidth(260)
        self._empty_status = QLabel()
        self._empty_status.setObjectName("removalOpenStatus")
        self._empty_status.setWordWrap(True)
        self._empty_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_detail = QLabel()
        self._empty_detail.setObjectName("removalOpenDetail")
        self._empty_detail.setWordWrap(True)
        self._empty_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._empty_detail.setEnabled(False)

        box = QVBoxLayout()
        box.setSpacing(12)
        box.addWidget(title)
        box.addWidget(intro)
        box.addSpacing(8)
        box.addWidget(self._open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(drop)
        box.addSpacing(8)
        box.addWidget(self._busy, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self._empty_status)
        box.addWidget(self._empty_detail)
        column = QWidget()
        column.setLayout(box)
        column.setMaximumWidth(520)
        # Centred by stretches, not by an alignment flag: an aligned widget gets its size hint, which
        # ignores the wrapped labels' height for the real width and cut their last lines.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 6)
        row.addStretch(1)
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._empty_page = page

    def _build_editor_page(self) -> None:
        self.frame_view = FrameView(self._model, self._undo)
        self.frame_view.setObjectName("removalFrameView")
        self.compare = CompareOverlay(self.frame_view, self)
        self.compare.set_labels(self.tr("Original"), self.tr("Preview"))
        self.timeline = TimelineBar()
        self.region_panel = RegionPanel(self._model, self._undo, self.current_frame_span)
        self.output_panel = OutputPanel()
        self.tools_panel = MaskToolsPanel()
        self.masks = MaskController(self._media, self._model, self._undo, self.frame_view, self.tools_panel,
                                    lambda: self._path, self)
        self.player = Player(self, self._media)

        # header: file facts on the left, view controls on the right
        self._file_label = ElidedLabel(Qt.TextElideMode.ElideMiddle, 140)  # a long name must not widen the window
        self._file_label.setObjectName("removalFileName")
        bold = QFont(self._file_label.font())
        bold.setBold(True)
        self._file_label.setFont(bold)
        self._facts_label = ElidedLabel()
        self._facts_label.setObjectName("removalFileFacts")
        self._cursor_label = QLabel()
        self._cursor_label.setObjectName("removalCursor")
        self._cursor_label.setMinimumWidth(110)
        self._zoom_label = QLabel()
        self._zoom_label.setObjectName("removalZoom")
        self._zoom_label.setMinimumWidth(48)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._preview_button = QToolButton()
        self._preview_button.setObjectName("removalPreviewToggle")
        self._preview_button.setCheckable(True)
        self._preview_button.setText(self.tr("Preview removal"))
        self._preview_button.setToolTip(self.tr("Show the current frame with the regions removed (P)"))
        self._preview_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._split_button = QToolButton()
        self._split_button.setObjectName("removalSplitToggle")
        self._split_button.setCheckable(True)
        self._split_button.setText(self.tr("Split"))
        icons.set_icon(self._split_button, "split-compare")
        self._split_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._split_button.setAutoRaise(True)
        self._split_button.setToolTip(self.tr("Original on the left, preview on the right; drag the divider ({0}). "
                                              "Hold {1} to see the original.").format(
            shortcut_text("split"), shortcut("hold_compare").keys[0]))
        self._side_button = QToolButton()
        self._side_button.setObjectName("removalSidePanelToggle")
        self._side_button.setCheckable(True)
        self._side_button.setChecked(True)
        self._side_button.setText(self.tr("Panel"))
        icons.set_icon(self._side_button, "side-panel")
        self._side_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._side_button.setAutoRaise(True)
        self._side_button.setToolTip(self.tr("Show or hide the side panel ({0})").format(shortcut_text("side_panel")))

        self._header_buttons: dict[str, QToolButton] = {}
        header = QHBoxLayout()
        header.setContentsMargins(10, 6, 10, 6)
        header.setSpacing(6)
        header.addWidget(self._file_label)
        header.addWidget(self._facts_label)
        header.addStretch(1)
        header.addWidget(self._cursor_label)
        self._header = header

        self._status_label = QLabel()
        self._status_label.setObjectName("removalStatus")
        self._status_label.setContentsMargins(10, 0, 10, 4)
        self._status_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addLayout(header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        left_layout.addWidget(line)
        left_layout.addWidget(self.frame_view, 1)
        left_layout.addWidget(self.timeline)
        left_layout.addWidget(self.player.controls)
        left_layout.addWidget(self._status_label)

        regions_box = QGroupBox(self.tr("Regions"))
        QVBoxLayout(regions_box).addWidget(self.region_panel)
        output_box = QGroupBox(self.tr("Output"))
        QVBoxLayout(output_box).addWidget(self.output_panel)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 6, 6, 6)
        side_layout.addWidget(regions_box)
        side_layout.addWidget(self.tools_panel)
        side_layout.addWidget(output_box)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("removalSidePanel")
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it is as wide as its content
        scroll.setMinimumWidth(max(300, side.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()))
        self._side_scroll = scroll
        # the primary action stays in view below the scrolling options, whatever the window height
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(scroll, 1)
        action_line = QFrame()
        action_line.setFrameShape(QFrame.Shape.HLine)
        action_line.setFrameShadow(QFrame.Shadow.Sunken)
        column_layout.addWidget(action_line)
        self.output_panel.action_box.layout().setContentsMargins(12, 8, 12, 8)
        column_layout.addWidget(self.output_panel.action_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(column)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 340])
        splitter.setChildrenCollapsible(False)
        self._side_column = column
        self._editor_page = splitter

    def _action(self, text: str, key_id: str, slot, tip: str | None = None) -> QAction:
        """An action on this workspace with the keys of ``key_id`` in the shortcut table (``ui.help_shortcuts``)."""
        action = QAction(text, self)
        action.setShortcuts(shortcut_keys(key_id))
        action.setProperty("shortcutId", key_id)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        self._undo_action = self._undo.createUndoAction(self, self.tr("Undo"))
        self._undo_action.setShortcuts(shortcut_keys("undo"))
        self._redo_action = self._undo.createRedoAction(self, self.tr("Redo"))
        self._redo_action.setShortcuts(shortcut_keys("redo"))
        # Not added to this widget: the main window may put these (or its own actions on the same stack)
        # in its Edit menu; two live Ctrl+Z shortcuts would be ambiguous and neither would fire. The keys
        # still work here without a menu through keyPressEvent below.
        self._undo_action.setProperty("shortcutId", "undo")
        self._redo_action.setProperty("shortcutId", "redo")
        for action in (self._undo_action, self._redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.step_back_action = self._action(self.tr("Previous frame"), "step_back", lambda: self.timeline.step(-1))
        self.step_forward_action = self._action(self.tr("Next frame"), "step_forward", lambda: self.timeline.step(1))
        self.second_back_action = self._action(self.tr("Back one second"), "second_back",
                                               lambda: self.timeline.step_seconds(-1))
        self.second_forward_action = self._action(self.tr("Forward one second"), "second_forward",
                                                  lambda: self.timeline.step_seconds(1))
        self._action(self.tr("First frame"), "first_frame", lambda: self.seek(0))
        self._action(self.tr("Last frame"), "last_frame", lambda: self.seek(self.timeline.frame_count - 1))
        self.delete_action = self._action(self.tr("Delete region"), "delete", self.region_panel.delete_selected)
        self.zoom_in_action = self._action(self.tr("Zoom in"), "zoom_in", self.frame_view.zoom_in,
                                           self.tr("Zoom in (+ or Ctrl+wheel)"))
        self.zoom_out_action = self._action(self.tr("Zoom out"), "zoom_out", self.frame_view.zoom_out,
                                            self.tr("Zoom out (- or Ctrl+wheel)"))
        self.fit_action = self._action(self.tr("Fit"), "fit", self.frame_view.fit,
                                       self.tr("Show the whole frame (0)"))
        self.preview_action = self._action(self.tr("Preview removal"), "preview", self._preview_button.toggle)
        self.split_action = self._action(self.tr("Split compare"), "split", self._split_button.toggle)
        self.side_panel_action = self._action(self.tr("Side panel"), "side_panel", self._side_button.toggle)
        self.addActions(self.tools_panel.actions_with_shortcuts())
        self.addActions(self.player.actions)

        for name, action in (("zoom_out", self.zoom_out_action), ("zoom_in", self.zoom_in_action),
                             ("fit", self.fit_action)):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._header_buttons[name] = button
        self._header_buttons["zoom_out"].setText("−")
        self._header_buttons["zoom_in"].setText("+")
        self._header.addWidget(self._header_buttons["zoom_out"])
        self._header.addWidget(self._zoom_label)
        self._header.addWidget(self._header_buttons["zoom_in"])
        self._header.addWidget(self._header_buttons["fit"])
        self._header.addSpacing(12)
        # fixed-width labels on the buttons; the actions (for menus) carry "Undo Move region" etc.
        for name, text, slot, signal in (
            ("undo", self.tr("Undo"), self._undo.undo, self._undo.canUndoChanged),
            ("redo", self.tr("Redo"), self._undo.redo, self._undo.canRedoChanged),
        ):
            button = QToolButton()
            button.setText(text)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setEnabled(False)
            button.clicked.connect(slot)
            signal.connect(button.setEnabled)
            self._header_buttons[name] = button
            self._header.addWidget(button)
        self._undo.undoTextChanged.connect(
            lambda text: self._header_buttons["undo"].setToolTip(self.tr("Undo: {0} (Ctrl+Z)").format(text)))
        self._undo.redoTextChanged.connect(
            lambda text: self._header_buttons["redo"].setToolTip(self.tr("Redo: {0} (Ctrl+Shift+Z)").format(text)))
        self._header.addSpacing(12)
        self._header.addWidget(self._preview_button)
        self._header.addWidget(self._split_button)
        self._header.addWidget(self._side_button)

    def _connect(self) -> None:
        media = self._media
        media.opened.connect(self._on_opened)
        media.frame_ready.connect(self._on_frame)
        media.preview_ready.connect(self._on_preview)
        media.failed.connect(self._on_failed)
        self.timeline.seek_requested.connect(self.seek)
        self.frame_view.zoom_changed.connect(self._on_zoom)
        self.frame_view.cursor_moved.connect(self._on_cursor)
        self._preview_button.toggled.connect(self.set_preview_enabled)
        self._split_button.toggled.connect(self.set_split_enabled)
        self._side_button.toggled.connect(self.set_side_panel_visible)
        self.state_keeper.loaded.connect(self._on_state_loaded)
        self.masks.store.changed.connect(lambda _rid: self._schedule_state_save())
        self.output_panel.method_changed.connect(lambda _m: self._schedule_state_save())
        self.set_side_panel_visible(self._ui_state.value(SIDE_PANEL_KEY, True, type=bool))
        self.output_panel.submit_requested.connect(self.submit)
        self.output_panel.method_changed.connect(lambda _m: self._schedule_preview())
        self.masks.layer.hint.connect(self._set_status)
        self.masks.store.changed.connect(lambda _rid: self._schedule_preview())
        self.output_panel.folder_edit.textChanged.connect(self._update_submit_state)
        self.output_panel.name_edit.textChanged.connect(self._update_submit_state)
        for signal in (self._model.region_added, self._model.region_removed, self._model.region_changed,
                       self._model.reset):
            signal.connect(self._on_regions_changed)
        self._engine.task_changed.connect(self._on_task_changed)
        self._on_zoom(self.frame_view.zoom())

    # ========================================================================================= public
    @property
    def undo_stack(self) -> QUndoStack:
        return self._undo

    @property
    def undo_action(self) -> QAction:
        return self._undo_action

    @property
    def redo_action(self) -> QAction:
        return self._redo_action

    @property
    def region_model(self) -> RegionModel:
        return self._model

    @property
    def current_path(self) -> str | None:
        return self._path

    @property
    def current_index(self) -> int:
        return self._index

    @property
    def video_info(self) -> dict[str, Any] | None:
        return self._info

    @property
    def preview_enabled(self) -> bool:
        return self._preview_button.isChecked()

    @property
    def last_task_id(self) -> str | None:
        return self._last_task_id

    def status_text(self) -> str:
        """The status line under the frame (hints, preview state, errors)."""
        return self._status_label.text()

    def open_video(self, path: str, config: dict[str, Any] | None = None) -> None:
        """Open ``path`` in the background (probe, then the first frame).

        Everything about the previous video is reset: regions and their undo history, masks, suggestions,
        the preview, the zoom, and every message (status line, mask status, the last task's status). Once
        it is open, its stored editor state (regions, masks, method: see ``workspace_state``) comes back,
        or, with ``config`` (a removal task's config, see ``edit_task``), that config instead.
        """
        path = os.path.abspath(path)
        if self._state_timer.isActive():
            self.save_state_now()  # the previous video's last edits
        self._state_ready = False
        self._pending_config = dict(config) if config is not None else None
        self.end_hold()
        if self._path and self._path != path:
            self._media.close(self._path)
        self._path = path
        self._info = None
        self._original = None
        self._shown_index = -1
        self._index = 0
        self._preview_timer.stop()
        self.set_preview_enabled(False)
        self.masks.reset()
        self._model.clear()
        self._undo.clear()
        self._last_task_id = None
        self.output_panel.set_status("")
        self.output_panel.status_label.setToolTip("")
        self._set_status("")
        self.frame_view.fit()
        self._show_empty(self.tr("Opening {0}…").format(os.path.basename(path)), busy=True)
        self._open_rid = self._media.open(path)
        self._frame_rid = self._media.request_frame(path, 0)
        self._update_submit_state()

    def choose_video(self) -> None:
        start = os.path.dirname(self._path) if self._path else ""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open a video"), start,
            self.tr("Videos ({0});;All files (*)").format(VIDEO_FILTER_EXTENSIONS))
        if path:
            self.open_video(path)

    def seek(self, index: int) -> None:
        """Show frame ``index`` (decoded in the background; the newest request wins)."""
        if self._path is None or self._info is None:
            return
        frames = self.timeline.frame_count
        index = max(0, min(int(index), frames - 1)) if frames else 0
        self._index = index
        self.timeline.show_index(index)
        self.frame_view.set_time(self._time_of(index))
        if index == self._shown_index and self._original is not None:
            if self.preview_enabled:
                self._schedule_preview()
            return
        self._frame_rid = self._media.request_frame(self._path, index)

    def current_frame_span(self) -> tuple[float, float] | None:
        """Start and (exclusive) end time of the current frame, in seconds."""
        fps = self._fps()
        if self._info is None or not fps:
            return None
        return self._index / fps, (self._index + 1) / fps

    def set_preview_enabled(self, enabled: bool) -> None:
        if self._preview_button.isChecked() != enabled:
            self._preview_button.setChecked(enabled)  # re-enters through toggled
            return
        self.frame_view.set_outline_only(enabled)
        self.masks.set_preview_shown(enabled)
        if enabled:
            self._schedule_preview()
        else:
            self._split_button.setChecked(False)
            self.compare.set_holding(False)
            self._preview_timer.stop()
            self._preview_rid = -1
            self._preview_shown = False
            if self._original is not None:
                self.frame_view.set_frame(self._original)
            self._set_status("")

    # ==================================================================================== compare
    @property
    def split_enabled(self) -> bool:
        return self._split_button.isChecked()

    @property
    def holding(self) -> bool:
        return self._holding

    def set_split_enabled(self, enabled: bool) -> None:
        """Split view: the original left of a draggable divider, the removal preview right of it."""
        if self._split_button.isChecked() != enabled:
            self._split_button.setChecked(enabled)  # re-enters through toggled
            return
        if enabled and not self.preview_enabled:
            self.set_preview_enabled(True)
        self.compare.set_split_shown(enabled)

    def start_hold(self) -> None:
        """Hold-to-compare: the original while the preview is shown, else the preview (until ``end_hold``)."""
        if self._holding or self._info is None:
            return
        self._holding = True
        if self.preview_enabled:
            self.compare.set_holding(True)
        else:
            self._hold_preview = True
            self.set_preview_enabled(True)

    def end_hold(self) -> None:
        if not self._holding:
            return
        self._holding = False
        self.compare.set_holding(False)
        if self._hold_preview:
            self._hold_preview = False
            self.set_preview_enabled(False)

    # ================================================================================ side panel
    @property
    def side_panel_visible(self) -> bool:
        return self._side_button.isChecked()

    def set_side_panel_visible(self, visible: bool) -> None:
        """Show or hide the side panel (regions, mask tools, output); remembered across sessions."""
        if self._side_button.isChecked() != visible:
            self._side_button.setChecked(visible)  # re-enters through toggled
            return
        self._side_column.setVisible(visible)
        if self._ui_state.value(SIDE_PANEL_KEY, True, type=bool) != visible:
            self._ui_state.setValue(SIDE_PANEL_KEY, visible)

    # ========================================================================= per-video state
    def editor_state(self) -> dict[str, Any]:
        """What is kept per video: the regions (with masks and time ranges) and the method."""
        return {"regions": self.regions_config(), "method": self.output_panel.method()}

    def save_state_now(self) -> None:
        """Write the current video's state (on the keeper's thread)."""
        self._state_timer.stop()
        if self._path is not None and self._state_ready:
            self.state_keeper.save(self._path, self.editor_state())

    def _schedule_state_save(self) -> None:
        if self._state_ready and self._path is not None:
            self._state_timer.start()

    def _on_state_loaded(self, path: str, state: object) -> None:
        if path != self._path or self._info is None or self._state_ready:
            return
        if isinstance(state, dict) and not len(self._model):
            self._apply_config(state)
            if len(self._model):
                self._set_status(self.tr("Regions restored from your last visit to this video."))
        self._state_ready = True

    def edit_task(self, task: Any) -> None:
        """Edit again: open a removal task's input with its regions, masks, method and output settings.

        The task itself is not touched; Add to queue makes a new one.
        """
        path = str(task.inputs[0]["path"])
        config = dict(task.config or {})
        requested = task.output_path or task.metadata.get("requested_output") or config.get("output_target")
        if requested:
            config["output_path"] = str(requested)
        self.open_video(path, config)

    def _apply_config(self, config: dict[str, Any], *, outputs: bool = False) -> None:
        """Put a task config's regions (and masks), method and, with ``outputs``, output settings in place."""
        self._model.clear()
        self.masks.reset()
        for data in config.get("regions") or []:
            try:
                region = Region(int(data["x"]), int(data["y"]), int(data["w"]), int(data["h"]),
                                _seconds(data.get("start_s")), _seconds(data.get("end_s")))
            except (KeyError, TypeError, ValueError):
                continue
            region = self._model.clamp(region)
            region_id = self._model.allocate_id()
            self._model.insert(region_id, region)
            mask = data.get("mask")
            if isinstance(mask, str):
                try:
                    array = png_base64_to_mask(mask)
                except ValueError:
                    continue
                if array.shape == (region.h, region.w):
                    self.masks.store.set(region_id, StoredMask(region.x, region.y, array))
        self._undo.clear()
        index = self.output_panel.method_combo.findData(config.get("method", "auto"))
        if index >= 0:
            self.output_panel.method_combo.setCurrentIndex(index)
        if outputs:
            self._apply_outputs(config)
        self._state_ready = True
        self._schedule_state_save()

    def _apply_outputs(self, config: dict[str, Any]) -> None:
        panel = self.output_panel
        target = str(config.get("output_path") or "")
        if target:
            panel.folder_edit.setText(os.path.dirname(target))
            panel.name_edit.setText(os.path.splitext(os.path.basename(target))[0])
        index = panel.format_combo.findData(config.get("container"))
        if index >= 0:
            panel.format_combo.setCurrentIndex(index)
        crf = config.get("crf")
        if isinstance(crf, int | float):
            nearest = min(QUALITY_CRF, key=lambda key: abs(QUALITY_CRF[key] - crf))
            panel.quality_combo.setCurrentIndex(panel.quality_combo.findData(nearest))
        frames = self.timeline.frame_count
        reference = config.get("reference_frame")
        if isinstance(reference, int) and 0 < reference < max(frames, 1):
            self.seek(reference)

    def submit(self) -> str | None:
        """Add the job to the engine's queue; returns the task id (None if refused)."""
        if not self._ready_to_submit()[0]:
            return None
        assert self._path is not None
        config: dict[str, Any] = {"regions": self.regions_config(), "reference_frame": self._index}
        config.update(self.output_panel.config())
        try:
            task_id = self._engine.submit(TASK_TYPE, [self._path], config,
                                          output_path=self.output_panel.output_path())
        except SubmitError as exc:
            self.output_panel.set_status(self._submit_error_text(exc.code))
            self.output_panel.status_label.setToolTip(exc.detail)
            return None
        except OSError as exc:
            self.output_panel.set_status(self.tr("The job could not be saved. Check the disk and try again."))
            self.output_panel.status_label.setToolTip(str(exc))
            return None
        self._last_task_id = task_id
        self.output_panel.status_label.setToolTip("")
        self._show_task_status(task_id)
        self.task_submitted.emit(task_id)
        return task_id

    def regions_config(self, regions: list[tuple[int, Any]] | None = None) -> list[dict[str, Any]]:
        """The regions' task config: ``{x, y, w, h, start_s?, end_s?, mask?}`` (mask: base64 PNG, w x h)."""
        pairs = regions if regions is not None else [(rid, self._model.region(rid)) for rid in self._model.ids()]
        out = []
        for region_id, region in pairs:
            data = region.to_config()
            mask = self.masks.mask_config(region_id, region)
            if mask is not None:
                data["mask"] = mask
            out.append(data)
        return out

    # ======================================================================================= media
    def _on_opened(self, request_id: int, path: str, info: dict[str, Any]) -> None:
        if request_id != self._open_rid or path != self._path:
            return
        self._info = dict(info)
        width, height = int(info["width"]), int(info["height"])
        if self._model.frame_size != (width, height):
            self._model.set_frame_size(width, height)
        self.timeline.set_video(int(info.get("frame_count") or 0), float(info.get("fps") or 0.0))
        self._file_label.setText(os.path.basename(path))
        self._file_label.setToolTip(path)  # the whole path
        self._facts_label.setText(self._facts(info))
        self.output_panel.set_defaults(self._default_folder(), os.path.basename(path))
        self._stack.setCurrentWidget(self._editor_page)
        self.frame_view.set_time(0.0)
        self.frame_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._set_status(self.tr("Drag on the picture to mark each watermark."))
        if self._pending_config is not None:
            config, self._pending_config = self._pending_config, None
            self._apply_config(config, outputs=True)
            self._set_status(self.tr("Loaded from the task: change what you like and add it to the queue again."))
        else:
            self.state_keeper.load(path)
        self._update_submit_state()
        self.video_opened.emit(path)

    def _on_frame(self, request_id: int, path: str, index: int, frame: Any) -> None:
        if path != self._path:
            return
        try:
            image = bgr_to_qimage(frame)
        except ValueError:
            self._set_status(frame_error_text())
            return
        self._original = image
        self._shown_index = index
        self.compare.set_original(image)
        if image.width() and self._model.frame_size == (0, 0):
            self._model.set_frame_size(image.width(), image.height())
        if not (self.preview_enabled and self._preview_shown and index == self._index):
            self.frame_view.set_frame(image)
            self._preview_shown = False
        if self.preview_enabled and index == self._index:
            self._schedule_preview()

    def _on_preview(self, request_id: int, path: str, index: int, _original: Any, processed: Any) -> None:
        if request_id != self._preview_rid or path != self._path or not self.preview_enabled:
            return
        if index != self._index:
            return
        self.frame_view.set_frame(bgr_to_qimage(processed))
        self._preview_shown = True
        self._set_status(self.tr("Preview: this frame with the regions removed."))

    def _on_failed(self, request_id: int, path: str, code: str, detail: str) -> None:
        if path != self._path:
            return
        if request_id == self._open_rid:
            self._info = None
            self._show_empty(open_error_text(code), busy=False, detail=detail, error=True)
            self._update_submit_state()
        elif request_id == self._frame_rid:
            if self._info is not None:
                self._set_status(frame_error_text())
        elif request_id == self._preview_rid:
            self._set_status(preview_error_text())
            self._status_label.setToolTip(detail)

    # ===================================================================================== preview
    def _schedule_preview(self) -> None:
        if self.preview_enabled and self._path is not None and self._info is not None:
            self._preview_timer.start()

    def _request_preview(self) -> None:
        if not self.preview_enabled or self._path is None or self._info is None:
            return
        t = self._time_of(self._index)
        active = [(rid, r) for rid in self._model.ids()
                  if (r := self._model.region(rid)) is not None and r.active_at(t)]
        regions = [{k: v for k, v in data.items() if k in ("x", "y", "w", "h", "mask")}
                   for data in self.regions_config(active)]
        if not regions:
            self._preview_rid = -1
            self._preview_shown = False
            if self._original is not None and self._shown_index == self._index:
                self.frame_view.set_frame(self._original)
            text = (self.tr("Preview: no region applies to this frame.") if len(self._model)
                    else self.tr("Preview: draw a region to see it removed."))
            self._set_status(text)
            return
        self._set_status(self.tr("Computing the preview…"))
        self._preview_rid = self._media.request_preview(self._path, self._index, regions,
                                                        self.output_panel.method())

    # ====================================================================================== engine
    def _on_task_changed(self, task_id: str) -> None:
        if task_id == self._last_task_id:
            self._show_task_status(task_id)

    def _show_task_status(self, task_id: str) -> None:
        task = self._engine.task(task_id)
        if task is None:
            self.output_panel.set_status("")
            return
        status = str(getattr(task.status, "value", task.status))
        name = task.name
        if status in ("created", "ready"):
            text = self.tr("Added “{0}” to the queue. Checking the video…").format(name)
        elif status == "queued":
            text = self.tr("“{0}” is waiting in the queue.").format(name)
        elif status == "running":
            text = self.tr("Removing the watermark from “{0}”: {1} %.").format(name, int(task.progress))
        elif status == "completed":
            text = self.tr("Finished. Saved as {0}.").format(os.path.basename(task.output_path or ""))
        elif status == "failed":
            text = self.tr("“{0}” failed. See the task list for details.").format(name)
        elif status == "cancelled":
            text = self.tr("“{0}” was cancelled.").format(name)
        elif status == "paused":
            text = self.tr("“{0}” is paused in the queue.").format(name)
        else:
            text = self.tr("“{0}” was interrupted and will resume.").format(name)
        self.output_panel.set_status(text)

    def _submit_error_text(self, code: str) -> str:
        if code == "processor_unavailable":
            return self.tr("Watermark removal is not available in this installation.")
        if code == "input_invalid":
            return self.tr("The job could not be added: no video is open.")
        return self.tr("The job could not be added to the queue.")

    # ===================================================================================== helpers
    def _fps(self) -> float:
        return float((self._info or {}).get("fps") or 0.0)

    def _time_of(self, index: int) -> float:
        fps = self._fps()
        return index / fps if fps else 0.0

    def _default_folder(self) -> str:
        settings = getattr(self._engine, "settings", None)
        folder = getattr(settings, "output_dir", "") if settings is not None else ""
        return str(folder or (os.path.dirname(self._path) if self._path else ""))

    def _facts(self, info: dict[str, Any]) -> str:
        parts = [self.tr("{0} × {1}").format(info["width"], info["height"])]
        if info.get("fps"):
            parts.append(self.tr("{0} fps").format(f"{float(info['fps']):.3f}".rstrip("0").rstrip(".")))
        if info.get("duration"):
            parts.append(timecode(float(info["duration"])))
        if info.get("codec"):
            parts.append(str(info["codec"]).upper())
        if not info.get("has_audio"):
            parts.append(self.tr("no audio"))
        return "  ·  ".join(parts)

    def _show_empty(self, message: str | None, *, busy: bool = False, detail: str = "",
                    error: bool = False) -> None:
        self._stack.setCurrentWidget(self._empty_page)
        self._busy.setVisible(busy)
        self._empty_status.setVisible(bool(message))
        self._empty_status.setText(message or "")
        self._empty_status.setStyleSheet("color: #d9534f; font-weight: bold;" if error else "")
        self._empty_detail.setVisible(bool(detail))
        self._empty_detail.setText(detail)

    def _set_status(self, text: str) -> None:
        self._status_label.setText(text)
        self._status_label.setToolTip("")

    def _on_zoom(self, zoom: float) -> None:
        self._zoom_label.setText(self.tr("{0} %").format(round(zoom * 100)))

    def _on_cursor(self, pixel: object) -> None:
        if isinstance(pixel, tuple):
            self._cursor_label.setText(self.tr("x {0}, y {1}").format(pixel[0], pixel[1]))
        else:
            self._cursor_label.setText("")

    def _on_regions_changed(self, *_args: object) -> None:
        self._update_submit_state()
        self._schedule_preview()
        self._schedule_state_save()

    def _ready_to_submit(self) -> tuple[bool, str]:
        if self._path is None or self._info is None:
            return False, self.tr("Open a video first.")
        if not len(self._model):
            return False, self.tr("Draw at least one region over the watermark.")
        if not self.output_panel.folder():
            return False, self.tr("Choose an output folder.")
        if not self.output_panel.file_name():
            return False, self.tr("Enter a file name for the result.")
        problem = name_problem(self.output_panel.name_edit.text())
        if problem:
            return False, problem
        return True, ""

    def _update_submit_state(self, *_args: object) -> None:
        ready, hint = self._ready_to_submit()
        self.output_panel.set_ready(ready, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Undo/redo keys and the hold-to-compare key that no shortcut or field took."""
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in key_codes("hold_compare") and not mods:
            if not event.isAutoRepeat():
                self.start_hold()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self._undo.undo()
        elif (event.matches(QKeySequence.StandardKey.Redo) or (event.key() == Qt.Key.Key_Z and mods == ctrl | shift)
              or (event.key() == Qt.Key.Key_Y and mods == ctrl)):
            self._undo.redo()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in key_codes("hold_compare"):
            if not event.isAutoRepeat():
                self.end_hold()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.WindowDeactivate, QEvent.Type.Hide):
            self.end_hold()  # the key's release may go to another window
        if event.type() == QEvent.Type.Hide and self._state_timer.isActive():
            self.save_state_now()  # another tab, or the window closing: do not wait for the timer
        return super().event(event)

    # ================================================================================ drag and drop
    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        urls = [u for u in mime.urls() if u.isLocalFile()]
        if len(urls) != 1 or len(mime.urls()) != 1:
            return None
        return urls[0].toLocalFile()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._dropped_file(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            self.open_video(path)


def _seconds(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def shortcut_text(key_id: str) -> str:
    return key_text(shortcut(key_id))
