"""Soak test: a headless engine works through hundreds of small tasks for a long time under random user actions.

Mostly ``test_steps`` tasks (some fail on purpose, some fail transiently once), plus a share of real tiny
watermark removals and merges; meanwhile, seeded random cancels, retries, removals (with the result) and
priority changes. Every minute it samples RSS, open fds, threads, task files in the store, ffmpeg children
and the queue; at the end it drains the queue, shuts the engine down, reloads the store and prints the
growth figures, the tasks processed and every task that ended in a state it should not have.

Run: .venv/bin/python tests/bench/soak.py [--minutes 30] [--seed 1] [--real-share 0.15]
Exit status 1 on an unexpected task state, a leftover temp file or ffmpeg child, a store that does not
reload, or growth beyond --max-rss-growth-mb / --max-fd-growth / --max-thread-growth (last vs first minute).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["MEDIACRAFT_TEST_PROCESSORS"] = "1"

from PySide6.QtCore import QCoreApplication, QTimer  # noqa: E402

from mediacraft_desktop.engine import TaskEngine  # noqa: E402
from mediacraft_desktop.settings import Settings  # noqa: E402
from mediacraft_desktop.states import TaskStatus  # noqa: E402
from processors.ffrun import live_children  # noqa: E402
from storage import open_store  # noqa: E402
from tests.media_factory import make_clip  # noqa: E402

S = TaskStatus
ACTION_MS = 150
SAMPLE_S = 60.0
BACKLOG = 24  # unfinished tasks kept in the queue
KEEP_FINISHED = 300  # beyond this, finished tasks are removed so growth figures measure leaks, not history
STUCK_S = 120.0  # a tiny task running longer than this is stuck


@dataclass
class Expect:
    """What the soak did to a task, so its end state can be judged."""

    kind: str  # steps_ok, steps_fail, steps_transient, removal, merge
    cancelled: bool = False
    retried: int = 0
    history: list[str] = field(default_factory=list)


def proc_status() -> dict[str, int]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "Threads"):
                out[key] = int(value.split()[0])
    return out


class Soak:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = work
        self.data = work / "data"
        self.out = work / "out"
        self.inputs = work / "in"
        self.inputs.mkdir(parents=True)
        self.engine = TaskEngine(open_store(self.data), Settings(output_dir=str(self.out), min_free_disk_mb=0,
                                                                  max_concurrent=2, max_attempts=3))
        self.expect: dict[str, Expect] = {}
        self.samples: list[dict[str, Any]] = []
        self.unexpected: list[str] = []
        self.ended: Counter[str] = Counter()
        self.actions: Counter[str] = Counter()
        self.removed = 0
        self.started = time.monotonic()
        self.deadline = self.started + args.minutes * 60
        self.running_since: dict[str, float] = {}
        self.draining = False
        self.engine.task_changed.connect(self.on_changed)
        self.engine.task_removed.connect(lambda task_id: self.running_since.pop(task_id, None))

    # -- setup --------------------------------------------------------------------------------------
    def make_media(self) -> None:
        opts = {"duration": 1.0, "size": "160x120", "fps": "25"}
        self.clips = [str(make_clip(self.inputs / f"clip {k} 'é'.mp4", **opts)) for k in range(2)]
        self.steps_input = self.inputs / "steps.bin"
        self.steps_input.write_bytes(b"soak")

    # -- driving ------------------------------------------------------------------------------------
    def submit(self) -> None:
        rng = self.rng
        r = rng.random()
        prio = rng.randint(-2, 2)
        if r < self.args.real_share / 2:
            tid = self.engine.submit("watermark_removal", [self.clips[0]],
                                     {"regions": [{"x": 10, "y": 10, "w": 40, "h": 20}]}, priority=prio)
            kind = "removal"
        elif r < self.args.real_share:
            tid = self.engine.submit("video_merge", list(self.clips), {"mode": rng.choice(["auto", "reencode"])},
                                     priority=prio)
            kind = "merge"
        else:
            config: dict[str, Any] = {"steps": rng.randint(1, 6), "step_s": rng.choice([0.0, 0.01, 0.05, 0.2])}
            kind = "steps_ok"
            roll = rng.random()
            if roll < 0.1:
                config["fail_at"] = rng.randrange(config["steps"])
                kind = "steps_fail"
            elif roll < 0.2:
                config["transient_fail_times"] = 1
                kind = "steps_transient"
            tid = self.engine.submit("test_steps", [str(self.steps_input)], config, priority=prio)
        self.expect[tid] = Expect(kind)
        self.actions["submit_" + kind] += 1

    def act(self) -> None:
        try:
            self._act()
        except Exception as exc:  # noqa: BLE001 - a driver or engine error is a soak failure, not a traceback
            self.unexpected.append(f"action failed: {type(exc).__name__}: {exc}")

    def _act(self) -> None:
        if self.draining:
            return
        if time.monotonic() >= self.deadline:
            self.draining = True
            self.actions["drain"] += 1
            return
        engine, rng = self.engine, self.rng
        tasks = [t for t in engine.tasks() if t.task_id in self.expect]  # not those being removed
        unfinished = [t for t in tasks if not t.status.is_finished]
        for _ in range(max(0, BACKLOG - len([t for t in engine.tasks() if not t.status.is_finished]))):
            self.submit()
        finished = [t for t in tasks if t.status.is_finished]
        for t in rng.sample(finished, max(0, len(finished) - KEEP_FINISHED)):
            engine.remove(t.task_id, delete_output=True)
            self.expect.pop(t.task_id, None)
            self.removed += 1
            self.actions["remove_old"] += 1
        finished = [t for t in finished if t.task_id in self.expect]
        roll = rng.random()
        if roll < 0.06 and unfinished:
            t = rng.choice(unfinished)
            exp = self.expect[t.task_id]
            was, exp.cancelled = exp.cancelled, True  # set first: a queued task ends inside cancel()
            if engine.cancel(t.task_id):
                self.actions["cancel"] += 1
            else:
                exp.cancelled = was
        elif roll < 0.12:
            retryable = [t for t in finished if t.status in (S.FAILED, S.CANCELLED)]
            if retryable:
                t = rng.choice(retryable)
                exp = self.expect[t.task_id]
                exp.cancelled = False
                if engine.retry(t.task_id):
                    exp.retried += 1
                    self.actions["retry"] += 1
        elif roll < 0.2 and unfinished:
            t = rng.choice(unfinished)
            engine.set_priority(t.task_id, rng.randint(-5, 5))
            self.actions["priority"] += 1
        elif roll < 0.5 and len(finished) > 8:
            t = rng.choice(finished)
            engine.remove(t.task_id, delete_output=True)
            self.expect.pop(t.task_id, None)
            self.removed += 1
            self.actions["remove"] += 1
        elif roll < 0.52 and unfinished:
            t = rng.choice(unfinished)  # removing a task that may be running
            self.expect[t.task_id].cancelled = True
            engine.remove(t.task_id, delete_output=True)
            self.expect.pop(t.task_id, None)
            self.removed += 1
            self.actions["remove_unfinished"] += 1

    def on_changed(self, task_id: str) -> None:
        task = self.engine.task(task_id)
        if task is None:
            return
        if task.status is S.RUNNING:  # also for tasks being removed: their run must still end
            self.running_since.setdefault(task_id, time.monotonic())
        else:
            self.running_since.pop(task_id, None)
        exp = self.expect.get(task_id)
        if exp is None:
            return
        if not exp.history or exp.history[-1] != task.status.value:
            exp.history.append(task.status.value)
            if task.status.is_finished:
                self.ended[f"{exp.kind}:{task.status.value}"] += 1
                self.check_end(task_id)

    # -- judging ------------------------------------------------------------------------------------
    def check_end(self, task_id: str) -> None:
        """Record a problem if a finished task is not in a state its kind and our actions allow."""
        task, exp = self.engine.task(task_id), self.expect.get(task_id)
        if task is None or exp is None or not task.status.is_finished:
            return
        status = task.status
        ok: set[TaskStatus] = {S.COMPLETED}
        if exp.kind == "steps_fail":
            ok = {S.FAILED}
        if exp.cancelled:
            ok = ok | {S.CANCELLED}  # a cancel that arrives as the run ends may still see it complete
        problem = None
        if status not in ok:
            problem = f"ended {status.value}, expected {'/'.join(sorted(s.value for s in ok))}"
            if task.error_code:
                problem += f" ({task.error_code}: {task.error_message}; log: {[e['message'] for e in task.log[-6:]]})"
        elif status is S.FAILED and not (task.error_message or "").startswith("simulated failure"):
            problem = f"failed for the wrong reason: {task.error_code}: {task.error_message}"
        elif status is S.COMPLETED and not (task.output_path and os.path.isfile(task.output_path)):
            problem = f"completed without its result file {task.output_path}"
        if problem:
            self.unexpected.append(f"{task_id[:8]} {exp.kind} ({' > '.join(exp.history)}): {problem}")

    def check_stuck(self) -> None:
        now = time.monotonic()
        for task_id, since in list(self.running_since.items()):
            if now - since > STUCK_S:
                exp = self.expect.get(task_id)
                self.unexpected.append(f"{task_id[:8]} {exp.kind if exp else '?'}: running for {now - since:.0f} s")
                self.running_since.pop(task_id)

    # -- measuring ----------------------------------------------------------------------------------
    def sample(self) -> None:
        st = proc_status()
        by_status = Counter(t.status.value for t in self.engine.tasks())
        row = {
            "minute": round((time.monotonic() - self.started) / 60, 1),
            "rss_mb": st["VmRSS"] / 1024,
            "fds": len(os.listdir("/proc/self/fd")),
            "threads": st["Threads"],
            "py_threads": threading.active_count(),
            "store_files": len(list((self.data / "tasks").glob("*.json"))),
            "ffmpeg": live_children(),
            "ended": sum(self.ended.values()),
            "queue": dict(by_status),
        }
        self.samples.append(row)
        if self.args.tracemalloc and len(self.samples) == 2:
            self.snapshot = tracemalloc.take_snapshot()  # after the first minute's warm-up
        print(f"[{row['minute']:5.1f} min] rss {row['rss_mb']:.1f} MB  fds {row['fds']}  threads {row['threads']} "
              f"(py {row['py_threads']})  store files {row['store_files']}  ffmpeg {row['ffmpeg']}  "
              f"ended {row['ended']}  queue {row['queue']}", flush=True)
        self.check_stuck()

    # -- main ---------------------------------------------------------------------------------------
    def run(self, app: QCoreApplication) -> int:
        self.make_media()
        self.engine.start()
        act, sampler, watch = QTimer(), QTimer(), QTimer()
        act.timeout.connect(self.act)
        sampler.timeout.connect(self.sample)
        drain_deadline = [0.0]

        def check_done() -> None:
            if not self.draining:
                return
            if not drain_deadline[0]:
                drain_deadline[0] = time.monotonic() + 120
            if self.engine.is_idle() or time.monotonic() > drain_deadline[0]:
                app.quit()

        watch.timeout.connect(check_done)
        act.start(ACTION_MS)
        sampler.start(int(SAMPLE_S * 1000))
        watch.start(200)
        self.sample()
        app.exec()
        act.stop()
        sampler.stop()
        watch.stop()
        self.sample()
        return self.finish()

    def finish(self) -> int:
        engine = self.engine
        failures: list[str] = []
        for task in engine.tasks():
            if not task.status.is_finished and task.task_id in self.expect:
                failures.append(f"{task.task_id[:8]} {self.expect[task.task_id].kind}: still {task.status.value} "
                                "after the drain")
        failures = self.unexpected + failures
        kept = {t.task_id: t.status.value for t in engine.tasks()}
        engine.shutdown()
        reloaded = {d["task_id"]: d["status"] for d in open_store(self.data).load_all()}
        if reloaded != kept:
            failures.append(f"store reload differs: {len(reloaded)} tasks stored, {len(kept)} in memory")
        quarantined = list((self.data / "tasks" / "quarantine").glob("*"))
        if quarantined:
            failures.append(f"{len(quarantined)} task files quarantined")
        leftovers = [n for n in os.listdir(self.out) if ".mediacraft-" in n] if self.out.exists() else []
        if leftovers:
            failures.append(f"temp files left in the output folder: {leftovers[:5]}")
        if live_children():
            failures.append(f"{live_children()} ffmpeg children still running")
        return self.report(failures)

    def report(self, failures: list[str]) -> int:
        a = self.args
        rows = self.samples
        # baseline: the first minute with the finished-task set at its steady size (warm-up done)
        head = next((r for r in rows[1:-1] if r["store_files"] >= KEEP_FINISHED), rows[1] if len(rows) > 2 else rows[0])
        tail = rows[-1]
        rss, fds, thr = tail["rss_mb"] - head["rss_mb"], tail["fds"] - head["fds"], tail["threads"] - head["threads"]
        print("\n== soak summary")
        print(f"duration {(time.monotonic() - self.started) / 60:.1f} min, seed {a.seed}, real share {a.real_share}")
        print(f"tasks ended (kind:state, counted each time a run ends): {dict(sorted(self.ended.items()))}")
        print(f"tasks submitted {sum(v for k, v in self.actions.items() if k.startswith('submit'))}, "
              f"removed {self.removed}; actions {dict(sorted(self.actions.items()))}")
        print(f"RSS {head['rss_mb']:.1f} MB (minute {head['minute']}) -> {tail['rss_mb']:.1f} MB "
              f"(minute {tail['minute']}): {rss:+.1f} MB; peak {max(r['rss_mb'] for r in rows):.1f} MB")
        print(f"open fds {head['fds']} -> {tail['fds']} ({fds:+d}); threads {head['threads']} -> {tail['threads']} "
              f"({thr:+d}); store files at the end {tail['store_files']}")
        if rss > a.max_rss_growth_mb:
            failures.append(f"RSS grew {rss:.1f} MB (limit {a.max_rss_growth_mb})")
        if fds > a.max_fd_growth:
            failures.append(f"open fds grew by {fds} (limit {a.max_fd_growth})")
        if thr > a.max_thread_growth:
            failures.append(f"threads grew by {thr} (limit {a.max_thread_growth})")
        if a.tracemalloc and getattr(self, "snapshot", None) is not None:
            print("Python allocation growth since minute 1 (top 10 by line):")
            for stat in tracemalloc.take_snapshot().compare_to(self.snapshot, "lineno")[:10]:
                print(f"  {stat}")
        print(f"unexpected: {len(failures)}")
        for line in failures[:50]:
            print("  " + line)
        print("SOAK " + ("FAILED" if failures else "OK"))
        return 1 if failures else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real-share", type=float, default=0.15, help="share of real removals and merges")
    ap.add_argument("--max-rss-growth-mb", type=float, default=40.0)
    ap.add_argument("--max-fd-growth", type=int, default=8)
    ap.add_argument("--max-thread-growth", type=int, default=4)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--tracemalloc", action="store_true", help="also list where Python memory grew (slower)")
    args = ap.parse_args()
    if args.tracemalloc:
        tracemalloc.start(1)
    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    work = Path(tempfile.mkdtemp(prefix="mediacraft-soak-"))
    os.environ["MEDIACRAFT_DATA_DIR"] = str(work / "data")
    print(f"soak: {args.minutes} min, seed {args.seed}, work folder {work}", flush=True)
    try:
        return Soak(args, work).run(app)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
