"""Seek latency of the removal viewer on a 1080p H.264 clip, measured through MediaService.

Run: ``.venv/bin/python tests/bench/bench_seek_gui.py [--seeks 60] [--gop 250] [--target-ms 150]``

What is timed is what the user waits for: from ``request_frame`` on the GUI thread until the frame has
arrived there by signal and been turned into a QPixmap (the viewer's own cost included). Three
scenarios: random seeks one after another; stepping frame by frame; and a fast slider drag (requests
every 10 ms) where latest-wins coalescing decides how long the final frame takes.
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

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mediacraft_desktop.media_service import MediaService  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402
from ui.removal.images import bgr_to_qimage  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Probe:
    """Waits on the event loop for one request's frame and converts it like the viewer does."""

    def __init__(self, service: MediaService) -> None:
        self.service = service
        self.waiting: int | None = None
        self.loop = QEventLoop()
        self.result_index = -1
        self.decoded = 0
        service.frame_ready.connect(self._on_frame)
        service.failed.connect(self._on_failed)

    def _on_frame(self, rid: int, _path: str, index: int, frame) -> None:
        QPixmap.fromImage(bgr_to_qimage(frame))  # the GUI-thread cost of showing it
        if rid == self.waiting:
            self.result_index = index
            self.waiting = None
            self.loop.quit()

    def _on_failed(self, rid: int, _path: str, code: str, detail: str) -> None:
        raise SystemExit(f"request {rid} failed: {code}: {detail}")

    def wait(self, rid: int, timeout_ms: int = 30000) -> None:
        self.waiting = rid
        deadline = time.perf_counter() + timeout_ms / 1000
        timer = QTimer()
        timer.timeout.connect(self.loop.quit)
        timer.start(100)
        while self.waiting == rid:  # exec() may return early on a stray quit; check what arrived
            if time.perf_counter() > deadline:
                raise SystemExit(f"no frame for request {rid} within {timeout_ms} ms")
            self.loop.exec()
        timer.stop()


def timed_seek(probe: Probe, path: str, index: int) -> float:
    clock = QElapsedTimer()
    clock.start()
    rid = probe.service.request_frame(path, index)
    probe.wait(rid)
    if probe.result_index != index:
        raise SystemExit(f"asked for frame {index}, got {probe.result_index}")
    return clock.nsecsElapsed() / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeks", type=int, default=60)
    parser.add_argument("--gop", type=int, default=0, help="x264 keyint (0: encoder default, 250)")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--target-ms", type=float, default=150.0)
    parser.add_argument("--clip", help="use this file instead of generating one")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="mc-seek-") as tmp:
        if args.clip:
            path = os.path.abspath(args.clip)
        else:
            vcodec = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
            if args.gop:
                vcodec += ["-g", str(args.gop)]
            started = time.perf_counter()
            path = str(make_clip(Path(tmp) / "bench 1080p.mp4", duration=args.duration, size="1920x1080",
                                 fps="25", video="testsrc2", vcodec=vcodec))
            print(f"clip: 1920x1080 25 fps {args.duration:g} s H.264 (keyint {args.gop or 250}), "
                  f"made in {time.perf_counter() - started:.1f} s")
        service = MediaService()
        probe = Probe(service)
        opened: dict = {}
        service.opened.connect(lambda _rid, _p, info: opened.update(info))
        clock = QElapsedTimer()
        clock.start()
        rid = service.open(path)
        while not opened:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        open_ms = clock.nsecsElapsed() / 1e6
        first_ms = timed_seek(probe, path, 0)
        frames = int(opened["frame_count"])
        print(f"open (probe + reader): {open_ms:.0f} ms; first frame: {first_ms:.0f} ms; {frames} frames; "
              f"request id {rid}")

        rng = random.Random(1234)
        indices = [rng.randrange(frames) for _ in range(args.seeks)]
        random_ms = [timed_seek(probe, path, i) for i in indices]
        start = rng.randrange(frames - 30)
        step_ms = [timed_seek(probe, path, i) for i in range(start, start + 30)]

        # slider drag: a request every 10 ms across a third of the clip, then wait for the last one
        before = len(service.decode_times())
        drag = list(range(0, frames // 3))
        last_rid = -1
        for i in drag:
            last_rid = service.request_frame(path, i * 3 % frames)
            deadline = time.perf_counter() + 0.010
            while time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        clock.restart()
        probe.wait(last_rid)
        settle_ms = clock.nsecsElapsed() / 1e6
        decodes = len(service.decode_times()) - before
        service.shutdown()

    def line(name: str, values: list[float]) -> str:
        return (f"{name:<22} n={len(values):3d}  median {statistics.median(values):6.1f} ms  "
                f"p90 {percentile(values, 0.9):6.1f} ms  max {max(values):6.1f} ms")

    print(line("random seeks", random_ms))
    print(line("frame steps (->)", step_ms))
    print(f"slider drag: {len(drag)} requests in {len(drag) * 10} ms -> {decodes} decodes; "
          f"last frame shown {settle_ms:.0f} ms after the drag ended")
    median = statistics.median(random_ms)
    verdict = "PASS" if median < args.target_ms else "FAIL"
    print(f"{verdict}: random-seek median {median:.1f} ms (target < {args.target_ms:.0f} ms)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
