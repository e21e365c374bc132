"""Benchmark the JSON task store: load 10,000 tasks (target < 1 s), save 1,000 one by one, batch saves;
then submit 1,000 tasks through the engine.

Run: .venv/bin/python tests/bench/bench_store.py [--no-engine]
Exit status 1 if the load target is missed. Wall times depend on machine load (printed); CPU time less so.
"""

from __future__ import annotations

import os
import random
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
LOAD_TARGET_S = 1.0


def realistic_task(i: int, rng: random.Random) -> dict:
    """A finished watermark-removal or merge task as the engine stores it (~2 KB)."""
    media = {"duration": round(rng.uniform(5, 3600), 3), "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
             "size": rng.randint(10**6, 4 * 10**9), "bit_rate": rng.randint(500_000, 20_000_000),
             "video": [{"index": 0, "codec": "h264", "profile": "High", "width": 1920, "height": 1080,
                        "pix_fmt": "yuv420p", "sar": "1:1", "fps": 29.97, "r_frame_rate": "30000/1001",
                        "time_base": "1/30000", "rotation": 0, "frames": 1834}],
             "audio": [{"index": 1, "codec": "aac", "sample_rate": 48000, "channels": 2, "layout": "stereo"}]}
    n_inputs = 1 if i % 3 else 2
    names = [f"假期 clip {i}-{k} 'x'.mp4" for k in range(n_inputs)]
    inputs = [{"path": f"/home/user/Videos/{name}", "original_filename": name, "size": media["size"],
               "mtime": 1763900000.5 + i, "media": media} for name in names]
    if n_inputs == 1:
        task = Task(task_type="watermark_removal", name=f"假期 clip {i}.mp4", priority=i % 5, inputs=inputs,
                    config={"regions": [{"x": 1700, "y": 40, "w": 180, "h": 60, "start_s": 0.0, "end_s": 12.5}],
                            "reference_frame": 120, "method": "auto", "crf": 18,
                            "output_target": f"/home/user/Videos/MediaCraft/假期 clip {i}_clean.mp4"})
    else:
        task = Task(task_type="video_merge", name=f"merge {i} (2 clips)", priority=i % 5, inputs=inputs,
                    config={"order": [0, 1], "mode": "auto",
                            "output_target": f"/home/user/Videos/MediaCraft/merge {i}.mp4"})
        task.checkpoint = {"segments": [{"index": k, "path": f"/tmp/mc/{task.task_id}/seg{k}.mkv"} for k in (0, 1)]}
    for status in (TaskStatus.READY, TaskStatus.QUEUED, TaskStatus.RUNNING):
        task.transition(status)
    task.add_log("ffmpeg: [aac @ 0x55d5c8] Queue input is backward in time", "warning")
    task.progress, task.progress_message = 100.0, "finishing: verifying output"
    task.transition(TaskStatus.COMPLETED)
    task.output_path = task.config["output_target"]
    return task.to_dict()


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w0, time.process_time() - c0


def bench_store(folder: Path) -> bool:
    rng = random.Random(7)
    root = folder / "tasks"
    store = JsonTaskStore(root)
    docs = [realistic_task(i, rng) for i in range(N_LOAD)]
    _, many_s, _ = timed(lambda: store.save_many(docs))
    sizes = [p.stat().st_size for p in root.glob("*.json")]
    print(f"documents: {len(sizes)}, mean {statistics.mean(sizes) / 1024:.2f} KB, "
          f"min {min(sizes)} B, max {max(sizes)} B; store usage {store.usage_bytes() / 2**20:.1f} MiB")
    print(f"save_many {N_LOAD} new tasks (parallel fsyncs): {many_s:.2f} s ({many_s / N_LOAD * 1000:.2f} ms/task)")

    runs = []
    for _ in range(3):
        loaded, wall, cpu = timed(lambda: JsonTaskStore(root).load_all())
        assert len(loaded) == N_LOAD
        runs.append((wall, cpu))
    by_id = {d["task_id"]: d for d in loaded}
    assert all(by_id[d["task_id"]] == d for d in docs[:: N_LOAD // 100])
    best = min(w for w, _ in runs)
    ok = best < LOAD_TARGET_S
    print(f"load_all {N_LOAD} tasks: first {runs[0][0]:.3f} s wall / {runs[0][1]:.3f} s CPU, "
          f"best {best:.3f} s wall / {min(c for _, c in runs):.3f} s CPU "
          f"({best / N_LOAD * 1e6:.0f} us/task) [target < {LOAD_TARGET_S:.0f} s: {'PASS' if ok else 'FAIL'}]")

    tasks, parse_s, _ = timed(lambda: [Task.from_dict(d) for d in loaded])
    print(f"then Task.from_dict for {len(tasks)} documents: {parse_s:.3f} s")

    one_by_one = docs[:N_SAVE]
    for d in one_by_one:
        d["progress_message"] = "updated"
    _, save_s, _ = timed(lambda: [store.save(d) for d in one_by_one])
    print(f"save {N_SAVE} tasks one by one (fsync file + folder each): {save_s:.2f} s "
          f"({save_s / N_SAVE * 1000:.2f} ms/task)")
    _, batch_s, _ = timed(lambda: store.save_many(docs[N_SAVE : 2 * N_SAVE]))
    print(f"save_many {N_SAVE} updated tasks: {batch_s:.2f} s ({batch_s / N_SAVE * 1000:.2f} ms/task)")
    return ok


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
    print(f"engine: submit {N_SUBMIT} tasks: calls returned after {returned_s:.3f} s, all queued after "
          f"{queued_s:.3f} s, all durable after {durable_s:.3f} s")


def main() -> int:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"{os.cpu_count()} CPUs" + (f", load average {load[0]:.1f}" if load else "")
          + f", Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="mc-bench-store-") as tmp:
        ok = bench_store(Path(tmp))
        if "--no-engine" not in sys.argv:
            bench_submit(Path(tmp))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
