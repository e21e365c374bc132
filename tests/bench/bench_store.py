"""Benchmark: load 10,000 stored tasks (target < 1 s) and save 1,000 one by one; submit 1,000 through the engine.

Run: .venv/bin/python tests/bench/bench_store.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MEDIACRAFT_TEST_PROCESSORS"] = "1"

from mediacraft_desktop.states import TaskStatus  # noqa: E402
from mediacraft_desktop.task import Task  # noqa: E402
from storage import JsonTaskStore  # noqa: E402

N_LOAD, N_SAVE, N_SUBMIT = 10_000, 1_000, 1_000


def realistic_task(i: int) -> dict:
    task = Task(task_type="watermark_removal", name=f"clip {i} 片段.mp4", priority=i % 5,
                inputs=[{"path": f"/home/u/Videos/clip {i} 片段.mp4", "original_filename": f"clip {i} 片段.mp4",
                         "size": 123456789, "mtime": 1763900000.5,
                         "media": {"duration": 61.2, "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "size": 123456789,
                                   "video": [{"codec": "h264", "width": 1920, "height": 1080, "pix_fmt": "yuv420p",
                                              "fps": 29.97, "r_frame_rate": "30000/1001", "rotation": 0}],
                                   "audio": [{"codec": "aac", "sample_rate": 48000, "channels": 2}]}}],
                config={"regions": [{"x": 1700, "y": 40, "w": 180, "h": 60}], "method": "auto", "crf": 18,
                        "output_target": f"/home/u/Videos/MediaCraft/clip {i}_clean.mp4"})
    for status in (TaskStatus.READY, TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.COMPLETED):
        task.transition(status)
    return task.to_dict()


def bench_store(folder: Path) -> None:
    store = JsonTaskStore(folder / "tasks")
    docs = [realistic_task(i) for i in range(N_LOAD)]
    store.save_many(docs)
    size = statistics.mean(p.stat().st_size for p in list((folder / "tasks").glob("*.json"))[:200])
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        loaded = JsonTaskStore(folder / "tasks").load_all()
        times.append(time.perf_counter() - t0)
        assert len(loaded) == N_LOAD
    t0 = time.perf_counter()
    for doc in docs[:N_SAVE]:
        store.save(doc)
    save_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tasks = [Task.from_dict(d) for d in loaded]
    parse_s = time.perf_counter() - t0
    verdict = "PASS" if min(times) < 1.0 else "FAIL"
    print(f"load_all {N_LOAD} tasks (~{size / 1024:.1f} KB each): first {times[0]:.3f} s, best {min(times):.3f} s "
          f"[target < 1 s: {verdict}]")
    print(f"Task.from_dict for {len(tasks)} documents: {parse_s:.3f} s")
    print(f"save {N_SAVE} tasks one by one (fsync each): {save_s:.3f} s ({save_s / N_SAVE * 1000:.2f} ms/task)")


def bench_submit(folder: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    from mediacraft_desktop.engine import TaskEngine
    from mediacraft_desktop.settings import Settings
    from storage import open_store

    app = QCoreApplication.instance() or QCoreApplication([])
    src = folder / "input.bin"
    src.write_bytes(b"x")
    engine = TaskEngine(open_store(folder / "engine"), Settings(output_dir=str(folder / "out"), min_free_disk_mb=0))
    engine.start()
    engine.pause_queue()
    t0 = time.perf_counter()
    ids = [engine.submit("test_steps", [str(src)], {"steps": 1}) for _ in range(N_SUBMIT)]
    returned_s = time.perf_counter() - t0
    while any(engine.task(i).status is not TaskStatus.QUEUED for i in ids):
        app.processEvents()
    queued_s = time.perf_counter() - t0
    engine.flush()
    durable_s = time.perf_counter() - t0
    engine.shutdown()
    print(f"submit {N_SUBMIT} tasks: calls returned after {returned_s:.3f} s, all queued after {queued_s:.3f} s, "
          f"all durable after {durable_s:.3f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        bench_store(Path(tmp))
        bench_submit(Path(tmp))
