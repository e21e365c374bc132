"""Scrubbing and seek latency of the removal editor on 1080p H.264, through the real workspace and MediaService.

Run: ``.venv/bin/python tests/bench/bench_seek_gui.py [--gops 25 50 250] [--duration 20] [--drags 20]``

Per GOP length (x264 ``-g``; clips made with lavfi ``testsrc2``, 25 fps):

* *scrub feedback*: a user drag on the timeline (the slider held down, a move every 16 ms, 30 moves over
  1-6 s of video); per move, the time from the slider's new value until the picture for it is on the
  canvas (the nearest keyframe's picture, or the exact frame when it was decoded recently), paint included.
* *exact at rest*: after each drag, from the last move until the canvas shows the exact frame (target
  < 150 ms median).
* *random seeks*: exact frames at random places, one after the other with no drag (a click on the
  timeline), and the same places read one after the other directly from a ``FrameReader`` (OpenCV), as
  frames were served before (for comparison; no GUI in that path).

Times depend on the machine and its load (printed): run on a quiet machine for figures to quote.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, QObject, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mediacraft_desktop.media_service import MediaService  # noqa: E402
from processors.frame_reader import FrameReader  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402
from ui.removal.workspace import RemovalWorkspace  # noqa: E402

MOVES = 30
MOVE_MS = 16


class _Engine(QObject):
    """What the workspace needs of an engine to edit (no task is submitted here)."""

    task_changed = Signal(str)
    settings = None

    def task(self, _task_id: str) -> None:
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def line(name: str, values: list[float]) -> str:
    return (f"  {name:<26} n={len(values):4d}  median {statistics.median(values):6.1f} ms  "
            f"p90 {percentile(values, 0.9):6.1f} ms  max {max(values):6.1f} ms")


def wait_until(app: QApplication, predicate, timeout_s: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not predicate():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)


def exact_shown(ws: RemovalWorkspace, index: int, width: int) -> bool:
    """The canvas shows the decoded frame ``index`` (not a keyframe picture, not an earlier frame)."""
    return ws._shown_index == index and ws.current_index == index and ws.frame_view.current_image().width() == width


def bench_clip(app: QApplication, path: str, drags: int, seeks: int, rng: random.Random) -> dict[str, list[float]]:
    media = MediaService()
    ws = RemovalWorkspace(_Engine(), media)
    ws.resize(1280, 800)
    ws.show()
    started = time.perf_counter()
    ws.open_video(path)
    wait_until(app, lambda: ws.video_info is not None and ws.frame_view.frame_size != (0, 0))
    opened_ms = (time.perf_counter() - started) * 1000
    frames = int(ws.video_info["frame_count"])
    width = int(ws.video_info["width"])
    wait_until(app, lambda: media._sessions[os.path.abspath(path)].keyframes.complete)
    keys = media._sessions[os.path.abspath(path)].keyframes.keys()
    print(f"  opened in {opened_ms:.0f} ms; keyframe scan done {1000 * (time.perf_counter() - started):.0f} ms "
          f"after opening: {len(keys)} keyframes")

    slider = ws.timeline.slider
    out: dict[str, list[float]] = {"feedback": [], "exact at rest": [], "random seeks": [], "random (OpenCV)": []}
    for _ in range(drags):
        span = rng.randint(25, 150) * rng.choice((-1, 1))
        start = rng.randrange(max(1, frames - abs(span)))
        if span < 0:
            start += abs(span)
        slider.setSliderDown(True)
        for k in range(1, MOVES + 1):
            value = max(0, min(frames - 1, start + span * k // MOVES))
            t0 = time.perf_counter()
            slider.setValue(value)
            app.processEvents()  # paint
            out["feedback"].append((time.perf_counter() - t0) * 1000)
            deadline = t0 + MOVE_MS / 1000
            while time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 2)
        t0 = time.perf_counter()
        rest = slider.value()
        wait_until(app, lambda v=rest: exact_shown(ws, v, width))
        out["exact at rest"].append((time.perf_counter() - t0) * 1000)
        slider.setSliderDown(False)

    targets = [rng.randrange(frames) for _ in range(seeks)]
    for target in targets:  # a click on the timeline far from where the reader is: a seek (rarely cached)
        time.sleep(0.1)
        t0 = time.perf_counter()
        ws.seek(target)
        wait_until(app, lambda t=target: exact_shown(ws, t, width))
        out["random seeks"].append((time.perf_counter() - t0) * 1000)
    reader = FrameReader(path)
    try:
        for target in targets:  # the same places one after the other, as the viewer asked before
            t0 = time.perf_counter()
            reader.read(target)
            out["random (OpenCV)"].append((time.perf_counter() - t0) * 1000)
    finally:
        reader.close()
    ws.player.stop_all()
    media.shutdown()
    ws.close()
    ws.deleteLater()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gops", type=int, nargs="+", default=[25, 50, 250], help="x264 keyint values")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--drags", type=int, default=20)
    parser.add_argument("--seeks", type=int, default=15)
    parser.add_argument("--feedback-ms", type=float, default=50.0)
    parser.add_argument("--target-ms", type=float, default=150.0)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    rng = random.Random(1234)
    verdicts = []
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="mc-seek-") as tmp:
        for gop in args.gops:
            vcodec = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", str(gop)]
            t0 = time.perf_counter()
            path = str(make_clip(Path(tmp) / f"bench 1080p g{gop}.mp4", duration=args.duration, size="1920x1080",
                                 fps="25", video="testsrc2", vcodec=vcodec, audio=None))
            print(f"1920x1080 25 fps {args.duration:g} s H.264, GOP {gop} frames ({gop / 25:g} s); "
                  f"made in {time.perf_counter() - t0:.1f} s")
            result = bench_clip(app, path, args.drags, args.seeks, rng)
            for name, values in result.items():
                print(line(name, values))
            feedback = statistics.median(result["feedback"])
            rest = statistics.median(result["exact at rest"])
            ok = feedback < args.feedback_ms and rest < args.target_ms
            verdicts.append(ok)
            print(f"  {'PASS' if ok else 'FAIL'}: feedback median {feedback:.1f} ms (< {args.feedback_ms:g}), "
                  f"exact at rest median {rest:.1f} ms (< {args.target_ms:g})")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
