"""Start-up time of the GUI with 1,000 stored tasks: process start -> main window shown.

Run: ``.venv/bin/python tests/bench/bench_startup.py [--tasks 1000] [--runs 3] [--target-s 2.0]``

A temp data dir gets ``--tasks`` task documents written through the real store (mixed finished states
plus some held and interrupted ones, each with inputs, config and a log, like real tasks). Each run
starts a fresh Python process that builds the app exactly as ``mediacraft`` does (``ui.app.build_gui``)
and reports when the window is exposed; the parent also times the whole process from spawn to that
report, so interpreter start and imports are counted. Offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
STATES = ["completed"] * 6 + ["failed", "cancelled", "paused", "interrupted"]


def make_tasks(data_dir: Path, count: int) -> None:
    from mediacraft_desktop.states import TaskStatus
    from mediacraft_desktop.task import Task
    from storage import open_store

    store = open_store(data_dir)
    docs = []
    for i in range(count):
        state = STATES[i % len(STATES)]
        task = Task(task_type="video_merge" if i % 3 else "watermark_removal", name=f"clip_{i:04d}.mp4",
                    inputs=[{"path": f"/videos/clip_{i:04d}.mp4", "original_filename": f"clip_{i:04d}.mp4",
                             "size": 10_000_000 + i, "mtime": 1.7e9,
                             "media": {"duration": 12.0, "video": [{"codec": "h264", "width": 1920, "height": 1080,
                                                                    "fps": 30.0}], "audio": []}}],
                    config={"mode": "auto", "output_target": f"/videos/out/clip_{i:04d}_out.mp4"})
        for step in ("created with 1 input(s)", "created -> ready: inputs checked", "ready -> queued",
                     "queued -> running: attempt 1/3"):
            task.add_log(step)
        task.status = TaskStatus(state)
        task.notified = True
        task.progress = 100.0 if state == "completed" else 40.0
        if state == "completed":
            task.output_path = task.config["output_target"]
            task.metadata["output_size"] = 5_000_000
            task.completed_at = task.updated_at
        docs.append(task.to_dict())
    store.save_many(docs)


def child() -> None:
    """Build the GUI, wait until the window is exposed, print the timings as JSON, quit."""
    t0 = time.perf_counter()
    from PySide6.QtCore import QCoreApplication

    from ui.app import build_gui

    t_import = time.perf_counter()
    gui = build_gui([])
    assert not isinstance(gui, int), "another process owns the data dir"
    handle = gui.window.windowHandle()
    deadline = time.perf_counter() + 30
    while not (handle and handle.isExposed()) and time.perf_counter() < deadline:
        QCoreApplication.processEvents()
        handle = gui.window.windowHandle()
    t_shown = time.perf_counter()
    rows = gui.window.tasks_dock.model.rowCount()
    print(json.dumps({"import_s": t_import - t0, "build_s": gui.timings["window_built_s"],
                      "engine_start_s": gui.timings["engine_started_s"], "shown_in_process_s": t_shown - t0,
                      "rows": rows}), flush=True)
    gui.shutdown()


def run_once(data_dir: Path) -> dict[str, float]:
    env = dict(os.environ, MEDIACRAFT_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    wall = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line:
        raise RuntimeError(proc.stderr.read())
    result = json.loads(line)
    result["wall_s"] = wall
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target-s", type=float, default=2.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return 0
    with tempfile.TemporaryDirectory(prefix="mediacraft-bench-") as tmp:
        data_dir = Path(tmp)
        t = time.perf_counter()
        make_tasks(data_dir, args.tasks)
        print(f"wrote {args.tasks} tasks in {time.perf_counter() - t:.2f} s to {data_dir}")
        results = []
        for i in range(args.runs):
            r = run_once(data_dir)
            results.append(r)
            print(f"run {i + 1}: window shown {r['wall_s']:.2f} s after spawn "
                  f"(in process {r['shown_in_process_s']:.2f} s: imports {r['import_s']:.2f}, "
                  f"window {r['build_s']:.2f}, engine start + model {r['engine_start_s']:.2f}); {r['rows']} rows")
        median = statistics.median(r["wall_s"] for r in results)
        verdict = "OK" if median < args.target_s else "SLOWER THAN TARGET"
        print(f"startup with {args.tasks} stored tasks: median {median:.2f} s from process spawn to window shown "
              f"(target < {args.target_s:.1f} s): {verdict}")
        return 0 if median < args.target_s else 1


if __name__ == "__main__":
    sys.exit(main())
