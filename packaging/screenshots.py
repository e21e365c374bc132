"""Screenshots of every screen for docs/screenshots, taken from the real app with real tasks.

    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python packaging/screenshots.py [docs/screenshots]
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python packaging/screenshots.py --only mask  # one shot

A temp data dir and real clips (tests/media_factory.py) are made; tasks are created through the
workspaces as a user would and run with the real processors, so the dock shows real states: completed,
failed (with its reason), cancelled, running with progress and ETA, queued and held. Each screen is
captured with QWidget.grab(); PNGs above 300 KB are reduced to a 256-colour palette.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="mediacraft-shots-"))
os.environ["MEDIACRAFT_DATA_DIR"] = str(WORK / "data")
os.environ.setdefault("MEDIACRAFT_THEME", "light")
MAX_BYTES = 300 * 1024

from PySide6.QtCore import QCoreApplication, QSize, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QScrollArea, QWidget  # noqa: E402

from mediacraft_desktop.settings import Settings, load_settings, save_settings  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402

LOGOS = ("drawtext=text='MediaLogo':fontsize=44:fontcolor=white:x=w-tw-24:y=22:borderw=2:bordercolor=black@0.5,"
         "drawtext=text='© Studio 2026':fontsize=34:fontcolor=white@0.6:x=24:y=h-th-22")
WATERMARK = ("drawbox=x=iw-150:y=16:w=130:h=44:color=white@0.85:t=fill,"
             "drawbox=x=iw-142:y=24:w=114:h=28:color=0x3050c0@0.9:t=fill")


def wait(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what or predicate}")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def pause(seconds: float) -> None:
    end = time.monotonic() + seconds
    wait(lambda: time.monotonic() > end, seconds + 1)


def save(widget: QWidget, out: Path, name: str) -> Path:
    pause(0.3)
    image = widget.grab().toImage()
    path = out / f"{name}.png"
    image.save(str(path), "PNG", 9)
    if path.stat().st_size > MAX_BYTES:
        image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.DiffuseDither).save(
            str(path), "PNG", 9)
    print(f"{path.name}: {image.width()}x{image.height()}, {path.stat().st_size // 1024} KB")
    return path


def make_clips() -> dict[str, Path]:
    clips = WORK / "Videos"
    clips.mkdir()
    made = {
        "beach": make_clip(clips / "beach_trip.mp4", duration=6, size="640x360", extra=["-vf", WATERMARK]),
        "interview": make_clip(clips / "long_interview.mp4", duration=60, size="1280x720",
                               extra=["-vf", WATERMARK]),
        "drone": make_clip(clips / "drone_flight.mp4", duration=12, size="960x540", video="testsrc",
                           extra=["-vf", WATERMARK]),
        "city": make_clip(clips / "city_night.mp4", duration=12, size="960x540", video="smptehdbars",
                          extra=["-vf", WATERMARK]),
        "part1": make_clip(clips / "part1_arrival.mp4", duration=4, size="640x360"),
        "part2": make_clip(clips / "part2_market.mp4", duration=5, size="640x360", video="testsrc"),
        "part3": make_clip(clips / "part3_sunset.mp4", duration=3, size="640x360", fps="30",
                           video="smptebars"),
        "ep1": make_clip(clips / "episode_01.mp4", duration=30, size="1280x720"),
        "ep2": make_clip(clips / "episode_02.mp4", duration=30, size="1280x720", fps="30", video="testsrc"),
    }
    broken = clips / "damaged_clip.mp4"
    data = made["part1"].read_bytes()
    broken.write_bytes(data[: len(data) // 3][::-1])
    made["broken"] = broken
    return made


def add_region(workspace: QWidget, x: int, y: int, w: int, h: int) -> None:
    from ui.removal.region_model import Region
    from ui.removal.undo_commands import AddRegionCommand

    workspace.undo_stack.push(AddRegionCommand(workspace.region_model, Region(x, y, w, h)))


def open_in_removal(window: QWidget, path: Path) -> None:
    workspace = window.removal
    opened: list[str] = []
    workspace.video_opened.connect(opened.append)
    window.open_video(str(path))
    wait(lambda: bool(opened), what="video opened")
    pause(0.5)


def submit_removal(window: QWidget, path: Path, region: tuple[int, int, int, int]) -> str:
    open_in_removal(window, path)
    add_region(window.removal, *region)
    task_id = window.removal.submit()
    assert task_id, "removal refused"
    return task_id


def submit_merge(window: QWidget, paths: list[Path], mode: str = "auto") -> str:
    merge = window.merge
    merge.add_paths([str(p) for p in paths])
    wait(lambda: merge.model.probing() == 0, what="clips probed")
    merge.mode.setCurrentIndex(merge.mode.findData(mode))
    task_id = merge.submit()
    if not task_id:
        raise RuntimeError(f"merge refused: {merge.message.text()}")
    return task_id


def removal_mask_shot(window: QWidget, out: Path) -> None:
    """The removal workspace with a detected logo accepted, its estimated mask over the frame (brush on,
    zoomed in) and the other detection suggestion still dashed."""
    clip = make_clip(WORK / "Videos" / "travel_vlog.mp4", duration=4, size="960x540", video="testsrc2",
                     extra=["-vf", "scroll=horizontal=0.01:vertical=0.005," + LOGOS])
    workspace = window.removal
    window.workspace_actions[0].trigger()
    open_in_removal(window, clip)
    workspace.set_preview_enabled(False)
    workspace.region_model.clear()
    workspace.undo_stack.clear()
    workspace.tools_panel.detect_action.trigger()
    wait(lambda: not workspace.masks.busy, 180, "logo detection")
    if not workspace.masks.suggestions:
        raise RuntimeError(f"no logo detected: {workspace.tools_panel.status_label.text()}")
    kinds = [suggestion["kind"] for suggestion in workspace.masks.suggestions]
    workspace.masks.accept([kinds.index("opaque") if "opaque" in kinds else 0])
    workspace.tools_panel.estimate_action.trigger()
    wait(lambda: not workspace.masks.busy, 120, "mask estimate")
    region = workspace.region_model.regions()[0]
    workspace.tools_panel.brush_action.setChecked(True)
    workspace.tools_panel.size_spin.setValue(14)
    dock_shown = window.tasks_dock.isVisible()
    window.tasks_dock.hide()
    pause(0.3)
    view = workspace.frame_view
    view.fit()
    side = workspace.tools_panel.parentWidget()
    while side is not None and not isinstance(side, QScrollArea):
        side = side.parentWidget()
    if side is not None:
        side.ensureWidgetVisible(workspace.tools_panel)
    from PySide6.QtCore import QPointF
    from PySide6.QtTest import QTest

    brush_at = view.map_from_source(QPointF(region.x + region.w * 0.3, region.y + region.h + 30)).toPoint()
    QTest.mouseMove(view.viewport(), brush_at)  # the brush outline follows the mouse
    save(window, out, "removal_mask")
    workspace.tools_panel.brush_action.setChecked(False)
    window.tasks_dock.setVisible(dock_shown)


def main() -> int:
    if "--only" in sys.argv:
        return only(sys.argv[sys.argv.index("--only") + 1])
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    clips = make_clips()
    data_dir = Path(os.environ["MEDIACRAFT_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    save_settings(data_dir, Settings(output_dir=str(WORK / "Videos" / "MediaCraft"), min_free_disk_mb=0,
                                     language="en", max_concurrent=2))

    from ui import icons
    from ui.app import build_gui
    from ui.style import apply_palette

    gui = build_gui([], use_tray=False)
    assert not isinstance(gui, int), "another process owns the data dir"
    window, engine = gui.window, gui.engine
    window.resize(1400, 860)
    window.move(10, 10)
    status = lambda tid: engine.task(tid).status.value  # noqa: E731

    # finished work first: a removal and a lossless merge
    done_removal = submit_removal(window, clips["beach"], (480, 12, 150, 56))
    done_merge = submit_merge(window, [clips["part1"], clips["part2"]])
    wait(lambda: status(done_removal) == "completed" and status(done_merge) == "completed", 180, "first tasks")
    failed = submit_merge(window, [clips["part1"], clips["broken"]])
    wait(lambda: status(failed) == "failed", 30, "failed merge")
    cancelled = submit_removal(window, clips["city"], (800, 12, 150, 56))
    wait(lambda: status(cancelled) == "running" and engine.task(cancelled).progress > 5, 60, "city running")
    engine.cancel(cancelled)
    wait(lambda: status(cancelled) == "cancelled", 30, "cancel")

    # work in progress: a long removal and a re-encoding merge run; more removals wait, one is held
    running = submit_removal(window, clips["interview"], (1120, 12, 150, 56))
    merging = submit_merge(window, [clips["ep1"], clips["ep2"]])
    queued = submit_removal(window, clips["drone"], (800, 12, 150, 56))
    held = submit_removal(window, clips["city"], (800, 12, 150, 56))
    wait(lambda: status(held) == "queued", 30, "held queued")
    engine.pause_task(held)
    engine.set_priority(queued, 1)
    wait(lambda: status(running) == "running" and engine.eta(running) is not None, 60, "ETA of the running task")
    wait(lambda: status(merging) == "running" and engine.eta(merging) is not None, 60, "ETA of the merge")

    dock = window.tasks_dock
    dock.set_status_group("all")
    dock.select_task(running)
    window.resizeDocks([dock], [300], Qt.Orientation.Vertical)
    for notice in window.notices.notices()[:-1]:
        notice.dismiss()

    # 1. removal workspace with a region and the live preview
    open_in_removal(window, clips["drone"])
    window.removal.region_model.clear()
    window.removal.undo_stack.clear()
    add_region(window.removal, 800, 12, 150, 56)
    window.removal.set_preview_enabled(True)
    pause(2.5)
    save(window, out, "main_removal")
    window.removal.set_preview_enabled(False)
    # 1b. a 1280x800 window with the dock at its first height: Add to queue in view, the picture the largest
    from ui.main_window import DEFAULT_DOCK_HEIGHT

    window.resize(1280, 800)
    window.resizeDocks([dock], [DEFAULT_DOCK_HEIGHT], Qt.Orientation.Vertical)
    pause(1.0)
    save(window, out, "removal_1280x800")
    window.resize(1400, 860)
    window.resizeDocks([dock], [300], Qt.Orientation.Vertical)
    removal_mask_shot(window, out)

    # 2. merge workspace: three clips, one at 30 fps -> re-encode, and why
    window.workspace_actions[1].trigger()
    window.merge.add_paths([str(clips["part1"]), str(clips["part2"]), str(clips["part3"])])
    wait(lambda: window.merge.model.probing() == 0, what="merge probes")
    pause(1.5)
    save(window, out, "merge")

    # 3. the tasks dock on its own, rows in several states
    dock.setFloating(True)
    dock.resize(1300, 420)
    dock.show()
    pause(1.2)
    save(dock, out, "tasks_dock")
    dock.setFloating(False)
    window.resizeDocks([dock], [300], Qt.Orientation.Vertical)

    # 4. task detail: a failure in words, and a removal's before/after comparison
    detail = window.open_task_detail(failed)
    detail.resize(880, 600)
    pause(0.5)
    save(detail, out, "task_detail_failed")
    detail.close()
    detail = window.open_task_detail(done_removal)
    detail.resize(880, 640)
    detail.tabs.setCurrentIndex(2)
    wait(lambda: detail.compare.before is not None and detail.compare.after is not None, 30, "compare frames")
    save(detail, out, "task_detail_compare")
    detail.close()

    # 5. dashboard
    window.workspace_actions[2].trigger()
    pause(1.2)
    save(window, out, "dashboard")

    # 6. settings
    dialog = window.open_settings()
    dialog.resize(QSize(560, dialog.sizeHint().height()))
    pause(0.5)
    save(dialog, out, "settings")
    dialog.reject()

    # 7. dark palette (as when the OS is in dark mode)
    apply_palette(gui.app, True)
    icons.retint(window)
    window.workspace_actions[2].trigger()
    pause(1.2)
    save(window, out, "dashboard_dark")
    apply_palette(gui.app, False)

    # 8. the Chinese UI, after a restart with the language set (the unfinished tasks resume)
    window._quitting = True
    window.close()
    gui.shutdown()
    settings = load_settings(data_dir)
    settings.language = "zh_CN"
    save_settings(data_dir, settings)
    gui = build_gui([], use_tray=False)
    assert not isinstance(gui, int), "another process owns the data dir"
    window, engine = gui.window, gui.engine
    window.resize(1400, 860)
    window.move(10, 10)
    window.resizeDocks([window.tasks_dock], [300], Qt.Orientation.Vertical)
    wait(lambda: any(engine.eta(t) is not None for t in engine.running_ids()), 60, "a resumed task's ETA")
    window.tasks_dock.select_task(next(t for t in engine.running_ids() if engine.eta(t) is not None))
    window.workspace_actions[1].trigger()
    window.merge.add_paths([str(clips["part1"]), str(clips["part2"]), str(clips["part3"])])
    wait(lambda: window.merge.model.probing() == 0, what="merge probes")
    pause(1.0)
    save(window, out, "main_zh_CN")
    open_in_removal(window, clips["drone"])
    add_region(window.removal, 800, 12, 150, 56)
    window.removal.set_preview_enabled(True)
    pause(2.5)
    save(window, out, "removal_zh_CN")

    gui.shutdown()
    shutil.rmtree(WORK, ignore_errors=True)
    return 0


def only(name: str) -> int:
    """Take one screenshot (``mask``) on a fresh app, without the task set-up of the full run."""
    out = ROOT / "docs" / "screenshots"
    (WORK / "Videos").mkdir(parents=True)
    data_dir = Path(os.environ["MEDIACRAFT_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    save_settings(data_dir, Settings(output_dir=str(WORK / "Videos" / "MediaCraft"), min_free_disk_mb=0,
                                     language="en"))
    from ui.app import build_gui

    gui = build_gui([], use_tray=False)
    assert not isinstance(gui, int), "another process owns the data dir"
    gui.window.resize(1400, 860)
    gui.window.move(10, 10)
    try:
        if name != "mask":
            raise SystemExit(f"unknown screenshot {name!r}; known: mask")
        removal_mask_shot(gui.window, out)
    finally:
        gui.shutdown()
        shutil.rmtree(WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
