"""The ``mediacraft`` command line (see README for the commands, exit codes and ``--json`` format)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from mediacraft_desktop import paths
from mediacraft_desktop.bootstrap import open_engine
from mediacraft_desktop.engine import TaskEngine
from mediacraft_desktop.errors import SubmitError
from mediacraft_desktop.instance_lock import InstanceLock
from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import Task

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_BUSY = 0, 1, 2, 3, 4
SUMMARY_FIELDS = ("task_id", "name", "task_type", "status", "progress", "progress_message", "priority",
                  "created_at", "started_at", "completed_at", "output_path", "error_code", "error_message")


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def summary(task: Task) -> dict[str, Any]:
    data = task.to_dict()
    return {key: data[key] for key in SUMMARY_FIELDS}


def parse_region(text: str) -> dict[str, Any]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (4, 6):
        raise argparse.ArgumentTypeError(f"region must be X,Y,W,H or X,Y,W,H,START_S,END_S: {text!r}")
    try:
        x, y, w, h = (int(p) for p in parts[:4])
        region: dict[str, Any] = {"x": x, "y": y, "w": w, "h": h}
        if len(parts) == 6:
            region["start_s"], region["end_s"] = float(parts[4]), float(parts[5])
    except ValueError:
        raise argparse.ArgumentTypeError(f"region values must be numbers: {text!r}") from None
    return region


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mediacraft", description="MediaCraft Desktop (no command: start the GUI)")
    sub = parser.add_subparsers(dest="command")

    def submit_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", help="result file (default: the output folder setting)")
        p.add_argument("--priority", type=int, default=0, help="higher runs first")
        p.add_argument("--wait", action="store_true", help="process it now in this process and wait")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    wm = sub.add_parser("remove-watermark", help="queue a watermark removal")
    wm.add_argument("input")
    wm.add_argument("--region", action="append", type=parse_region, required=True, metavar="X,Y,W,H[,S,E]")
    wm.add_argument("--method", default="auto", help="auto|inpaint|... (see README)")
    wm.add_argument("--reference-frame", type=int, default=0)
    submit_opts(wm)

    mg = sub.add_parser("merge", help="queue a merge of two or more clips, in the given order")
    mg.add_argument("inputs", nargs="+")
    mg.add_argument("--mode", choices=("auto", "copy", "reencode"), default="auto")
    submit_opts(mg)

    ls = sub.add_parser("tasks", help="list tasks")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", choices=[s.value for s in TaskStatus])
    for name, helptext in (("show", "show one task"), ("cancel", "cancel a task"), ("retry", "retry a task"),
                           ("remove", "remove a task")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("task_id", help="id or unique prefix")
        p.add_argument("--json", action="store_true")
        if name == "remove":
            p.add_argument("--delete-output", action="store_true", help="also delete the result file")
    rn = sub.add_parser("run", help="process the queue headless until it is empty")
    rn.add_argument("--json", action="store_true", help="one JSON object per line for each state change")
    return parser


class Cli:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.app = QCoreApplication.instance() or QCoreApplication(["mediacraft"])
        self.data_dir = paths.data_dir()
        self.lock = InstanceLock(self.data_dir)
        self.engine: TaskEngine | None = None

    # -- helpers ---------------------------------------------------------------------------------------
    def out(self, obj: Any, text: str) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2) if getattr(self.args, "json", False) else text)

    def open_engine(self, *, write: bool, sync_prepare: bool = False) -> TaskEngine:
        if write and not self.lock.acquire():
            pid = self.lock.holder_pid()
            raise CliError(f"another MediaCraft instance (pid {pid}) owns the task store; "
                           "use it, or stop it first", EXIT_BUSY)
        self.engine = open_engine(self.data_dir, synchronous_prepare=sync_prepare)
        self.engine.start(recover=write, run=False)
        return self.engine

    def find(self, engine: TaskEngine, prefix: str) -> Task:
        matches = [t for t in engine.tasks() if t.task_id.startswith(prefix)]
        if len(matches) != 1:
            raise CliError(f"no task matches {prefix!r}" if not matches else f"{prefix!r} is ambiguous",
                           EXIT_NOT_FOUND)
        return matches[0]

    def close(self) -> None:
        if self.engine is not None:
            self.engine.shutdown()
        self.lock.release()

    # -- commands --------------------------------------------------------------------------------------
    def cmd_tasks(self) -> int:
        engine = self.open_engine(write=False)
        tasks = sorted(engine.tasks(), key=lambda t: t.created_at)
        if self.args.status:
            tasks = [t for t in tasks if t.status.value == self.args.status]
        lines = [f"{t.task_id[:8]}  {t.status.value:<11} {t.progress:5.1f}%  {t.task_type:<17} {t.name}"
                 for t in tasks]
        self.out([summary(t) for t in tasks], "\n".join(lines) if lines else "no tasks")
        return EXIT_OK

    def cmd_show(self) -> int:
        task = self.find(self.open_engine(write=False), self.args.task_id)
        text = [f"{k}: {v}" for k, v in summary(task).items()]
        text += ["log:"] + [f"  {e['at']} {e['level']:<7} {e['message']}" for e in task.log]
        self.out(task.to_dict(), "\n".join(text))
        return EXIT_OK

    def cmd_action(self) -> int:
        engine = self.open_engine(write=True)
        task = self.find(engine, self.args.task_id)
        command = self.args.command
        if command == "remove":
            done = engine.remove(task.task_id, delete_output=self.args.delete_output)
        else:
            done = getattr(engine, command)(task.task_id)
        engine.flush()
        if not done:
            raise CliError(f"cannot {command} a task that is {task.status.value}", EXIT_FAILED)
        after = engine.task(task.task_id)
        self.out({"task_id": task.task_id, "status": after.status.value if after else "removed"},
                 f"{task.task_id[:8]}: {after.status.value if after else 'removed'}")
        return EXIT_OK

    def cmd_submit(self) -> int:
        engine = self.open_engine(write=True, sync_prepare=True)
        args = self.args
        if args.command == "merge":
            task_type, inputs, config = "video_merge", args.inputs, {"mode": args.mode}
        else:
            task_type, inputs = "watermark_removal", [args.input]
            config = {"regions": args.region, "method": args.method, "reference_frame": args.reference_frame}
        try:
            task_id = engine.submit(task_type, inputs, config, output_path=args.output, priority=args.priority)
        except SubmitError as exc:
            raise CliError(f"{exc.code}: {exc.detail}") from None
        task = engine.task(task_id)
        if task.status is TaskStatus.FAILED:
            engine.flush()
            raise CliError(f"{task.error_code}: {task.error_message}")
        if args.wait:
            engine.run_only({task_id})
            self.run_loop(engine, stop_when=lambda: engine.task(task_id).status.is_finished, verbose=True)
            task = engine.task(task_id)
            engine.mark_notified(task_id)
        engine.flush()
        text = f"{task.task_id}  {task.status.value}"
        if task.output_path:
            text += f"  {task.output_path}"
        if task.status is TaskStatus.FAILED:
            text += f"\nerror [{task.error_code}]: {task.error_message}"
        self.out(summary(task), text)
        if args.wait and task.status is not TaskStatus.COMPLETED:
            return EXIT_FAILED
        return EXIT_OK

    def cmd_run(self) -> int:
        engine = self.open_engine(write=True)
        failed_before = {t.task_id for t in engine.tasks() if t.status is TaskStatus.FAILED}
        self.run_loop(engine, stop_when=engine.is_idle, verbose=True)
        failed = [t for t in engine.tasks() if t.status is TaskStatus.FAILED and t.task_id not in failed_before]
        return EXIT_FAILED if failed else EXIT_OK

    def run_loop(self, engine: TaskEngine, stop_when: Callable[[], bool], verbose: bool) -> None:
        """Run the Qt event loop with the engine scheduling until ``stop_when()``; SIGINT/SIGTERM stop cleanly."""
        last_status: dict[str, str] = {t.task_id: t.status.value for t in engine.tasks()}

        def on_changed(task_id: str) -> None:
            task = engine.task(task_id)
            if task is None or last_status.get(task_id) == task.status.value:
                return
            last_status[task_id] = task.status.value
            if getattr(self.args, "json", False) and self.args.command == "run":
                print(json.dumps(summary(task), ensure_ascii=False), flush=True)
            elif verbose:
                extra = f" [{task.error_code}] {task.error_message}" if task.error_code else ""
                print(f"{task_id[:8]} {task.status.value}{extra}", file=sys.stderr, flush=True)

        engine.task_changed.connect(on_changed)
        stopping = {"signal": False}

        def on_signal(_signum: int, _frame: Any) -> None:
            stopping["signal"] = True

        old_int = signal.signal(signal.SIGINT, on_signal)
        old_term = signal.signal(signal.SIGTERM, on_signal)
        poll = QTimer()
        poll.setInterval(100)  # also lets Python run its signal handlers

        def check() -> None:
            if stopping["signal"] or stop_when():
                self.app.quit()

        poll.timeout.connect(check)
        engine.start_scheduling()
        poll.start()
        self.app.exec()
        poll.stop()
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)
        if stopping["signal"]:
            raise CliError("stopped by a signal; unfinished tasks resume next time", 130)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    cli = Cli(args)
    handlers = {"tasks": cli.cmd_tasks, "show": cli.cmd_show, "cancel": cli.cmd_action, "retry": cli.cmd_action,
                "remove": cli.cmd_action, "remove-watermark": cli.cmd_submit, "merge": cli.cmd_submit,
                "run": cli.cmd_run}
    try:
        return handlers[args.command]()
    except CliError as exc:
        print(f"mediacraft: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        cli.close()
