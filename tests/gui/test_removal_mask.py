"""Masks in the removal workspace, driven with the mouse and keys: estimate, overlay, brush, undo, config.

A real clip with a drawn logo, the real MediaService and engine. The mask estimate is a controlled
fake (the expected pixels are then known exactly) except in the last test, which uses the processors'
real ``estimate_mask`` when it is installed.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from mediacraft_desktop import media_service
from tests.gui.removal_helpers import aim, drag, shown_workspace
from tests.media_factory import make_clip
from ui.removal.mask_store import png_base64_to_mask
from ui.removal.output_panel import OutputPanel
from ui.removal.tools_panel import MaskToolsPanel
from ui.removal.workspace import RemovalWorkspace
from ui.tasks.detail import TaskDetailDialog

LOGO = (100, 80, 60, 30)  # x, y, w, h of the white box drawn on the clip
REGION = (90, 70, 80, 50)
# moving content (the analysis tells a logo by its staying still) under a static white box
LOGO_VF = ("scroll=horizontal=0.02:vertical=0.01,"
           f"drawbox=x={LOGO[0]}:y={LOGO[1]}:w={LOGO[2]}:h={LOGO[3]}:color=white:t=fill")


@pytest.fixture(scope="module")
def logo_clip(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("mask") / "logo.mp4", duration=1.0, size="320x240", extra=["-vf", LOGO_VF])


@pytest.fixture
def workspace(qtbot, engine, media):
    return shown_workspace(qtbot, engine, media)


def fake_estimate(path, media, rect, cancel):
    """The logo box's pixels inside ``rect``: what a perfect estimate returns for the clip."""
    x, y, w, h = rect
    mask = np.zeros((h, w), np.uint8)
    mask[LOGO[1] - y:LOGO[1] + LOGO[3] - y, LOGO[0] - x:LOGO[0] + LOGO[2] - x] = 255
    return mask


def open_with_region(qtbot, ws: RemovalWorkspace, clip) -> int:
    with qtbot.waitSignal(ws.video_opened, timeout=20000):
        ws.open_video(str(clip))
    qtbot.waitUntil(lambda: ws.frame_view.frame_size == (320, 240), timeout=20000)
    view = ws.frame_view
    x, y, w, h = REGION
    drag(view, aim(view, x, y)[0], aim(view, x + w, y + h)[0])
    region_id = ws.region_model.selected_id
    region = ws.region_model.region(region_id)
    assert (region.x, region.y, region.w, region.h) == REGION
    return region_id


def estimate(qtbot, ws: RemovalWorkspace, region_id: int) -> np.ndarray:
    qtbot.mouseClick(ws.tools_panel.estimate_button, Qt.MouseButton.LeftButton)
    assert ws.tools_panel.busy_row.isVisibleTo(ws)
    qtbot.waitUntil(lambda: ws.masks.store.has(region_id) and not ws.masks.busy, timeout=30000)
    assert not ws.tools_panel.busy_row.isVisibleTo(ws)
    return current_mask(ws, region_id)


def current_mask(ws: RemovalWorkspace, region_id: int) -> np.ndarray:
    region = ws.region_model.region(region_id)
    return ws.masks.store.for_rect(region_id, region.x, region.y, region.w, region.h)


def at(view, sx: float, sy: float) -> QPoint:
    """The viewport pixel that maps exactly onto source point ``(sx, sy)`` (checked, not assumed)."""
    target = view.viewportTransform().map(QPointF(sx, sy))
    point = QPoint(round(target.x()), round(target.y()))
    source = view.map_to_source(QPointF(point))
    assert (source.x(), source.y()) == pytest.approx((sx, sy), abs=1e-9), (view.zoom(), source)
    return point


def stroke(view, a: tuple[float, float], b: tuple[float, float], button=Qt.MouseButton.LeftButton,
           modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    drag(view, at(view, *a), at(view, *b), button=button, modifiers=modifiers)


def overlay_colour(view, sx: float, sy: float) -> QColor:
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    point = view.viewportTransform().map(QPointF(sx, sy))
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio))


@pytest.mark.parametrize("zoom", [2.0, 4.0])
def test_brush_edits_exact_source_pixels_with_one_undo_step_per_stroke(qtbot, workspace, logo_clip, monkeypatch,
                                                                       zoom):
    monkeypatch.setattr(media_service, "_estimate_mask", fake_estimate)
    ws, view = workspace, workspace.frame_view
    region_id = open_with_region(qtbot, ws, logo_clip)
    expected = estimate(qtbot, ws, region_id)
    assert int((expected == 255).sum()) == LOGO[2] * LOGO[3]
    overlay = ws.masks.layer.overlay(region_id)
    assert overlay is not None and overlay.boundingRect().getRect() == tuple(float(v) for v in REGION)

    view.set_zoom(zoom)
    view.centerOn(130, 95)
    QTest.keyClick(view, Qt.Key.Key_B)
    assert ws.tools_panel.brush_action.isChecked() and ws.masks.layer.active
    ws.tools_panel.size_spin.setValue(3)
    depth = ws.undo_stack.count()
    ox, oy = REGION[:2]

    # erase a horizontal line through the logo with the right button: radius 1.5 around y=95.5
    stroke(view, (120.5, 95.5), (140.5, 95.5), button=Qt.MouseButton.RightButton)
    expected[94 - oy:97 - oy, 119 - ox:142 - ox] = 0
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    # add a dab outside the logo with the left button: the 3x3 pixels around (95, 75)
    stroke(view, (95.5, 75.5), (95.5, 75.5))
    expected[74 - oy:77 - oy, 94 - ox:97 - ox] = 255
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    # a 1-pixel brush with Alt erases exactly the pixel under the mouse
    QTest.keyClick(view, Qt.Key.Key_BracketLeft)  # [ makes the brush smaller
    assert ws.tools_panel.size_spin.value() == 2
    ws.tools_panel.size_spin.setValue(1)
    stroke(view, (150.5, 100.5), (150.5, 100.5), modifiers=Qt.KeyboardModifier.AltModifier)
    before_alt = expected.copy()
    expected[100 - oy, 150 - ox] = 0
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    assert ws.undo_stack.count() == depth + 3
    assert ws.undo_stack.undoText() == "Erase from mask"

    # the overlay shows the edit pixel for pixel at this zoom: the erased pixel is untinted, its neighbour tinted
    QTest.keyClick(view, Qt.Key.Key_B)  # back to the region tool so the brush outline is not drawn
    erased, kept = overlay_colour(view, 150.5, 100.5), overlay_colour(view, 151.5, 100.5)
    assert erased.green() > kept.green() + 50, (kept.getRgb(), erased.getRgb())  # magenta tint over the white logo

    ws.undo_stack.undo()
    np.testing.assert_array_equal(current_mask(ws, region_id), before_alt)
    ws.undo_stack.redo()
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    QTest.keyClick(view, Qt.Key.Key_M)  # hide the masks
    assert not ws.tools_panel.show_mask_action.isChecked() and ws.masks.layer.overlay(region_id) is None


def test_mask_and_method_reach_the_submitted_task(qtbot, workspace, logo_clip, monkeypatch, engine, media):
    monkeypatch.setattr(media_service, "_estimate_mask", fake_estimate)
    engine.pause_queue()  # the config is what is checked; the job need not run
    ws = workspace
    region_id = open_with_region(qtbot, ws, logo_clip)
    QTest.keyClick(ws.frame_view, Qt.Key.Key_E)  # estimate by shortcut
    qtbot.waitUntil(lambda: ws.masks.store.has(region_id), timeout=30000)
    expected = current_mask(ws, region_id)
    # the preview gets the mask too (and the processors accept it): the white logo is gone from the frame
    sent: list = []
    real_preview = media.request_preview
    monkeypatch.setattr(media, "request_preview", lambda *a: sent.append(a[2]) or real_preview(*a))
    QTest.keyClick(ws.frame_view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: ws.status_text() == "Preview: this frame with the regions removed.", timeout=30000)
    assert ws.masks.layer.overlay(region_id) is None  # the preview is not hidden under the tint
    np.testing.assert_array_equal(png_base64_to_mask(sent[-1][0]["mask"]), expected)
    assert ws.frame_view.current_image().pixelColor(130, 95).lightness() < 200
    QTest.keyClick(ws.frame_view, Qt.Key.Key_P)
    combo = ws.output_panel.method_combo
    combo.setCurrentIndex(combo.findData("temporal"))
    assert combo.currentText() == "Temporal (moving camera)"

    task_id = ws.submit()
    assert task_id is not None
    config = engine.task(task_id).config
    assert config["method"] == "temporal"
    (region,) = config["regions"]
    assert {k: region[k] for k in "xywh"} == dict(zip("xywh", REGION, strict=True))
    np.testing.assert_array_equal(png_base64_to_mask(region["mask"]), expected)

    dialog = TaskDetailDialog(engine, media, task_id)
    qtbot.addWidget(dialog)
    text = dialog.fields["config"][1].text()
    assert "1 with a mask" in text and "method: Temporal (moving camera)" in text


def test_moving_a_masked_region_keeps_the_mask_on_the_picture(qtbot, workspace, logo_clip, monkeypatch):
    monkeypatch.setattr(media_service, "_estimate_mask", fake_estimate)
    ws, view = workspace, workspace.frame_view
    region_id = open_with_region(qtbot, ws, logo_clip)
    estimate(qtbot, ws, region_id)
    view.set_zoom(2.0)
    view.centerOn(130, 95)
    drag(view, at(view, 130.5, 115.5), at(view, 140.5, 115.5))  # move the rectangle 10 px right
    region = ws.region_model.region(region_id)
    assert (region.x, region.y) == (100, 70)
    mask = current_mask(ws, region_id)
    assert mask.shape == (50, 80)
    # the logo pixels stay where they are on the picture; the newly covered strip counts as logo
    np.testing.assert_array_equal(mask[:, :60], fake_estimate("", {}, (100, 70, 60, 50), None))
    assert (mask[:, 70:] == 255).all() and (mask[:, 60:70] == 0).all()
    assert "Estimate the mask again" in ws.tools_panel.status_label.text()
    ws.undo_stack.undo()  # the move
    np.testing.assert_array_equal(current_mask(ws, region_id), fake_estimate("", {}, REGION, None))
    ws.undo_stack.undo()  # the estimate
    assert not ws.masks.store.has(region_id) and ws.masks.layer.overlay(region_id) is None
    assert "mask" not in ws.regions_config()[0]


def test_tools_panel_and_methods_follow_the_language(qtbot, languages):
    panel, output = MaskToolsPanel(), OutputPanel()
    qtbot.addWidget(panel)
    qtbot.addWidget(output)
    combo = output.method_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Automatic", "Border interpolation", "Inpainting", "Temporal (moving camera)", "De-blend (translucent logo)"]
    assert panel.detect_action.text() == "Detect logos" and panel.title() == "Mask and detection"
    languages.apply("zh_CN")
    qtbot.waitUntil(lambda: panel.detect_action.text() == "检测水印", timeout=3000)
    assert panel.title() == "蒙版与检测" and panel.cancel_button.text() == "取消"
    assert panel.brush_action.toolTip().endswith("(B)")
    assert combo.itemText(combo.findData("deblend")) == "反混合（半透明水印）"
    languages.apply("en")
    qtbot.waitUntil(lambda: panel.detect_action.text() == "Detect logos", timeout=3000)


def test_real_estimate_finds_the_drawn_logo(qtbot, workspace, logo_clip):
    pytest.importorskip("processors.watermark.analysis")
    ws = workspace
    region_id = open_with_region(qtbot, ws, logo_clip)
    mask = estimate(qtbot, ws, region_id)
    logo = fake_estimate("", {}, REGION, None) > 0
    grown = np.zeros_like(logo)  # the logo grown by 4 pixels (the estimate pads its mask a little)
    for dy in range(-4, 5):
        for dx in range(-4, 5):
            grown |= np.roll(np.roll(logo, dy, axis=0), dx, axis=1)
    assert (mask[logo] == 255).all()  # every logo pixel is filled
    assert not (mask[~grown] > 0).any()  # and nothing farther than a few pixels from it
    assert ws.masks.layer.overlay(region_id) is not None


def test_brush_on_a_region_without_mask_and_escape(qtbot, workspace, logo_clip):
    """Without a mask the whole rectangle is logo: erasing starts from that; Escape abandons a stroke."""
    ws, view = workspace, workspace.frame_view
    region_id = open_with_region(qtbot, ws, logo_clip)
    assert "mask" not in ws.regions_config()[0]
    view.set_zoom(2.0)
    view.centerOn(130, 95)
    QTest.keyClick(view, Qt.Key.Key_B)
    ws.tools_panel.size_spin.setValue(1)
    stroke(view, (91.5, 71.5), (91.5, 71.5), button=Qt.MouseButton.RightButton)
    expected = np.full((REGION[3], REGION[2]), 255, np.uint8)
    expected[1, 1] = 0
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    np.testing.assert_array_equal(png_base64_to_mask(ws.regions_config()[0]["mask"]), expected)

    depth = ws.undo_stack.count()
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at(view, 100.5, 90.5))
    QTest.mouseMove(viewport, at(view, 120.5, 90.5))
    assert ws.masks.layer.overlay(region_id) is not None
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at(view, 120.5, 90.5))
    assert ws.undo_stack.count() == depth
    np.testing.assert_array_equal(current_mask(ws, region_id), expected)
    # a click outside every region paints nothing and says why
    stroke(view, (200.5, 150.5), (200.5, 150.5))
    assert ws.undo_stack.count() == depth and "Paint inside a region" in ws.status_text()
