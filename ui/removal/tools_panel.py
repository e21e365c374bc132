"""The "Mask and detection" side box: detect logos, suggestions, estimate mask, brush, show mask.

Only widgets and actions (with shortcuts and tooltips); ``mask_controller.MaskController`` gives them
their behaviour. Texts are re-set on every language change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.help_shortcuts import keys as shortcut_keys
from ui.removal.brush import DEFAULT_BRUSH, MAX_BRUSH, MIN_BRUSH


class MaskToolsPanel(QGroupBox):
    """The "Mask and detection" box: buttons and lists of the mask and detection tools."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detect_action = self._make_action("detect")
        self.estimate_action = self._make_action("estimate")
        self.brush_action = self._make_action("brush", checkable=True)
        self.show_mask_action = self._make_action("show_mask", checkable=True)
        self.show_mask_action.setChecked(True)
        self.smaller_action = self._make_action("brush_smaller")
        self.larger_action = self._make_action("brush_larger")
        self.clear_mask_action = self._make_action(None)

        self.detect_button = self._button(self.detect_action, "removalDetect")
        self.estimate_button = self._button(self.estimate_action, "removalEstimateMask")
        self.brush_button = self._button(self.brush_action, "removalBrush")
        self.show_mask_button = self._button(self.show_mask_action, "removalShowMask")
        self.clear_mask_button = self._button(self.clear_mask_action, "removalClearMask")
        self.size_label = QLabel()
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("removalBrushSize")
        self.size_spin.setRange(MIN_BRUSH, MAX_BRUSH)
        self.size_spin.setValue(DEFAULT_BRUSH)
        self.smaller_action.triggered.connect(lambda: self.size_spin.setValue(max(MIN_BRUSH, self._step(-1))))
        self.larger_action.triggered.connect(lambda: self.size_spin.setValue(min(MAX_BRUSH, self._step(1))))

        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("removalAnalysisBusy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(10)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("removalAnalysisCancel")
        self.busy_label = QLabel()
        self.busy_label.setWordWrap(True)
        self.busy_row = QWidget()
        busy = QHBoxLayout(self.busy_row)
        busy.setContentsMargins(0, 0, 0, 0)
        busy.addWidget(self.busy_bar, 1)
        busy.addWidget(self.cancel_button)

        self.suggestion_list = QListWidget()
        self.suggestion_list.setObjectName("removalSuggestions")
        self.suggestion_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.suggestion_list.setMaximumHeight(110)
        self.add_button = QPushButton()
        self.add_button.setObjectName("removalSuggestionAdd")
        self.add_all_button = QPushButton()
        self.add_all_button.setObjectName("removalSuggestionAddAll")
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("removalSuggestionDismiss")
        self.suggestions_box = QWidget()
        suggestion_layout = QVBoxLayout(self.suggestions_box)
        suggestion_layout.setContentsMargins(0, 0, 0, 0)
        suggestion_layout.addWidget(self.suggestion_list)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.add_all_button)
        row.addWidget(self.dismiss_button)
        suggestion_layout.addLayout(row)

        self.status_label = QLabel()
        self.status_label.setObjectName("removalMaskStatus")
        self.status_label.setWordWrap(True)

        mask_row = QHBoxLayout()
        mask_row.addWidget(self.estimate_button)
        mask_row.addWidget(self.show_mask_button)
        mask_row.addWidget(self.clear_mask_button)
        brush_row = QHBoxLayout()
        brush_row.addWidget(self.brush_button)
        brush_row.addWidget(self.size_label)
        brush_row.addWidget(self.size_spin)
        brush_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detect_button)
        layout.addWidget(self.suggestions_box)
        layout.addLayout(mask_row)
        layout.addLayout(brush_row)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.status_label)
        self.set_busy("")
        self.suggestions_box.setVisible(False)
        self.status_label.setVisible(False)
        self.retranslateUi()

    # -- construction ----------------------------------------------------------------------------------
    def _make_action(self, key_id: str | None, checkable: bool = False) -> QAction:
        """An action with the keys of ``key_id`` in the shortcut table (``ui.help_shortcuts``)."""
        action = QAction(self)
        action.setCheckable(checkable)
        if key_id:
            action.setShortcuts(shortcut_keys(key_id))
            action.setProperty("shortcutId", key_id)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def actions_with_shortcuts(self) -> list[QAction]:
        return [self.detect_action, self.estimate_action, self.brush_action, self.show_mask_action,
                self.smaller_action, self.larger_action]

    def _step(self, direction: int) -> int:
        size = self.size_spin.value()
        step = max(1, round(size * 0.25))
        return size + direction * step

    # -- state -----------------------------------------------------------------------------------------
    def set_busy(self, text: str) -> None:
        """Show the busy bar and Cancel with ``text``; hide them for ""."""
        self.busy_label.setText(text)
        self.busy_label.setVisible(bool(text))
        self.busy_row.setVisible(bool(text))

    def set_status(self, text: str, tip: str = "") -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(tip)
        self.status_label.setVisible(bool(text))

    # -- i18n ------------------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def retranslateUi(self) -> None:  # noqa: N802 (Qt naming)
        self.setTitle(self.tr("Mask and detection"))
        for action, text, tip in (
            (self.detect_action, self.tr("Detect logos"),
             self.tr("Look for watermarks across the video and suggest regions (D)")),
            (self.estimate_action, self.tr("Estimate mask"),
             self.tr("Find the logo's own pixels in the selected region, so only they are filled (E)")),
            (self.brush_action, self.tr("Brush"),
             self.tr("Correct the mask: left button adds, right button or Alt + left erases (B)")),
            (self.show_mask_action, self.tr("Show mask"), self.tr("Show the masks over the frame (M)")),
            (self.smaller_action, self.tr("Smaller brush"), self.tr("Smaller brush ([)")),
            (self.larger_action, self.tr("Larger brush"), self.tr("Larger brush (])")),
            (self.clear_mask_action, self.tr("Remove mask"),
             self.tr("Forget the selected region's mask: its whole rectangle is filled again")),
        ):
            action.setText(text)
            action.setToolTip(tip)
        self.size_label.setText(self.tr("Size"))
        self.size_spin.setSuffix(self.tr(" px"))
        self.size_spin.setToolTip(self.tr("Brush diameter in source pixels ([ smaller, ] larger)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the analysis"))
        self.add_button.setText(self.tr("Add"))
        self.add_button.setToolTip(self.tr("Add the selected suggestions as regions (or double-click one)"))
        self.add_all_button.setText(self.tr("Add all"))
        self.add_all_button.setToolTip(self.tr("Add every suggestion as a region"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Hide the suggestions"))
