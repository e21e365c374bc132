"""The ``mediacraft`` command line (see README for the commands, exit codes and ``--json`` format).

The process that owns the task store (the GUI or ``mediacraft run``) gets this CLI's commands through
``instance_server``; without an owner the CLI opens the store itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mediacraft_desktop import paths
from mediacraft_desktop.error_words import error_line
from mediacraft_desktop.instance_lock import InstanceLock
from mediacraft_desktop.states import TaskStatus
from mediacraft_desktop.task import SUMMARY_FIELDS

if TYPE_CHECKING:  # Qt, the engine and the processors are imported when a command needs them (start-up cost)
    from mediacraft_desktop.engine import TaskEngine
    from mediacraft_desktop.instance_server import InstanceServer

# the encoder settings the processors validate (processors/*/config.py) and the GUI offers
VIDEO_CODECS = ("libx264", "libx265")
PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
CONTAINERS = ("mp4", "mkv", "mov", "ts", "avi", "webm")
AUDIO_CHOICES = ("auto", "copy", "aac")  # processors/audio_setting.py
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_BUSY, EXIT_SIGNAL = 0, 1, 2, 3, 4, 130
WAIT_POLL_S = 0.5
OWNER_WAIT_S = 5.0


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


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


def crf_type(top: int) -> Callable[[str], int]:
    """``--crf``: a whole number 0..``top`` (the processor's own range)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"crf must be a whole number, got {text!r}") from None
        if not 0 <= value <= top:
            raise argparse.ArgumentTypeError(f"crf must be between 0 and {top}, got {value}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    from mediacraft_desktop import __version__

    parser = argparse.ArgumentParser(prog="mediacraft", description="MediaCraft Desktop (no command: start the GUI)")
    parser.add_argument("--version", action="version", version=f"mediacraft {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def submit_opts(p: argparse.ArgumentParser, crf_max: int, crf_default: int) -> None:
        where = p.add_mutually_exclusive_group()
        where.add_argument("-o", "--output", help="result file (default: the output folder setting)")
        where.add_argument("--name", help="result file name in the output folder setting (no folders); without "
                           "an extension the format's is added")
        p.add_argument("--codec", choices=VIDEO_CODECS, help="video encoder (default libx264)")
        p.add_argument("--crf", type=crf_type(crf_max), metavar=f"0..{crf_max}",
                       help=f"quality: lower is better and larger (default {crf_default})")
        p.add_argument("--preset", choices=PRESETS, help="encoder speed: slower is smaller (default medium)")
        p.add_argument("--audio", choices=AUDIO_CHOICES, help="copy keeps the source audio unchanged (refused when "
                       "the result cannot hold it), aac re-encodes it (default auto: copy where possible)")
        p.add_argument("--priority", type=int, default=0, help="higher runs first")
        p.add_argument("--wait", action="store_true", help="wait until the task ends (runs it here if no "
                       "MediaCraft is running)")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    wm = sub.add_parser("remove-watermark", help="queue a watermark removal")
    wm.add_argument("input")
    wm.add_argument("--region", action="append", type=parse_region, required=True, metavar="X,Y,W,H[,S,E]")
    wm.add_argument("--method", choices=("auto", "inpaint", "temporal", "deblend", "interp"), default="auto",
                    help="fill method: auto picks per region (see README, Removal methods)")
    wm.add_argument("--reference-frame", type=int, default=0)
    wm.add_argument("--format", choices=CONTAINERS, help="result container (default: the input's when it holds "
                    "H.264 well, else mp4)")
    submit_opts(wm, crf_max=63, crf_default=18)

    mg = sub.add_parser("merge", help="queue a merge of two or more clips, in the given order")
    mg.add_argument("inputs", nargs="+")
    mg.add_argument("--mode", choices=("auto", "copy", "reencode"), default="auto",
                    help="copy joins without re-encoding (clips must match); codec, crf and preset apply to "
                    "reencode (and auto when it re-encodes)")
    submit_opts(mg, crf_max=51, crf_default=20)

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
        self._app: Any = None
        self.data_dir = paths.data_dir()
        self.lock = InstanceLock(self.data_dir)
        self.engine: TaskEngine | None = None
        self.server: InstanceServer | None = None
        self.owner = False  # True once this process holds the store lock

    # -- plumbing --------------------------------------------------------------------------------------
    @property
    def app(self) -> Any:
        """The QCoreApplication, created on first use (commands that only read or print need no Qt)."""
        if self._app is None:
            from PySide6.QtCore import QCoreApplication

            self._app = QCoreApplication.instance() or QCoreApplication(["mediacraft"])
        return self._app

    def out(self, obj: Any, text: str) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=2) if getattr(self.args, "json", False) else text)

    def local_engine(self, *, sync_prepare: bool = False) -> TaskEngine:
        """This process's engine; as the store owner it recovers interrupted work, else it only reads."""
        if self.engine is None:
            from mediacraft_desktop.bootstrap import open_engine

            _ = self.app  # the engine's QObjects need the application
            self.engine = open_engine(self.data_dir, synchronous_prepare=sync_prepare)
            self.engine.start(recover=self.owner, run=False)
        return self.engine

    def handler(self) -> Callable[[dict[str, Any]], dict[str, Any]]:
        from mediacraft_desktop.remote_commands import make_handler

        return make_handler(self.local_engine(sync_prepare=True))

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Run a command here (we own the store) or in the owning process."""
        if payload["command"] in ("tasks", "show"):
            reply = self.read(payload)
        else:
            self.owner = self.owner or self.lock.acquire()
            reply = self.handler()(payload) if self.owner else self.remote(payload)
        if not reply.get("ok"):
            code = EXIT_NOT_FOUND if reply.get("error_code") in ("not_found", "ambiguous") else EXIT_USAGE
            raise CliError(f"{reply.get('error_code', 'error')}: {reply.get('error')}", code)
        return reply

    def read(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Ask the owner if one answers (freshest state); otherwise read the store without taking it."""
        if not self.owner:
            from mediacraft_desktop.instance_server import send_command

            try:
                return send_command(self.data_dir, payload, timeout_s=5.0)
            except (OSError, ValueError):
                pass
        return self.handler()(payload)

    def remote(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send to the owner; if it is just starting or quitting, retry or take the store over."""
        from mediacraft_desktop.instance_server import send_command

        deadline = time.monotonic() + OWNER_WAIT_S
        while True:
            try:
                return send_command(self.data_dir, payload)
            except (OSError, ValueError) as exc:
                if self.lock.acquire():  # the owner quit meanwhile
                    self.owner = True
                    return self.handler()(payload)
                if time.monotonic() > deadline:
                    raise CliError(f"another MediaCraft instance (pid {self.lock.holder_pid()}) owns the task "
                                   f"store but does not answer ({exc})", EXIT_BUSY) from None
                time.sleep(0.1)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
        if self.engine is not None:
            self.engine.shutdown()
        self.lock.release()

    # -- commands --------------------------------------------------------------------------------------
    def cmd_tasks(self) -> int:
        tasks = self.call({"command": "tasks"})["tasks"]
        if self.args.status:
            tasks = [t for t in tasks if t["status"] == self.args.status]
        lines = [f"{t['task_id'][:8]}  {t['status']:<11} {t['progress']:5.1f}%  {t['task_type']:<17} {t['name']}"
                 for t in tasks]
        self.out(tasks, "\n".join(lines) if lines else "no tasks")
        return EXIT_OK

    def cmd_show(self) -> int:
        task = self.call({"command": "show", "task_id": self.args.task_id})["task"]
        from mediacraft_desktop.stage_words import stage_words

        worded = {**task, "progress_message": stage_words(task.get("progress_message") or "")}
        text = [f"{k}: {worded[k]}" for k in ("task_id", "name", "task_type", "status", "progress", "progress_message",
                                             "priority", "created_at", "started_at", "completed_at", "output_path",
                                             "error_code", "error_message")]
        text += ["log:"] + [f"  {e['at']} {e['level']:<7} {e['message']}" for e in task["log"]]
        self.out(task, "\n".join(text))
        return EXIT_OK

    def cmd_action(self) -> int:
        command = self.args.command
        reply = self.call({"command": command, "task_id": self.args.task_id,
                           "delete_output": getattr(self.args, "delete_output", False)})
        if not reply["done"]:
            raise CliError(f"cannot {command} a task that is {reply['status']}", EXIT_FAILED)
        self.out({"task_id": reply["task_id"], "status": reply["status"]}, f"{reply['task_id'][:8]}: {reply['status']}")
        return EXIT_OK

    def cmd_submit(self) -> int:
        args = self.args
        inputs_given = args.inputs if args.command == "merge" else [args.input]
        self.owner = self.owner or self.lock.acquire()
        if self.owner:  # this process will check the inputs: probe them all at once while Qt and the engine load
            from processors.probe import prefetch

            prefetch(inputs_given)
        if args.command == "merge":
            task_type, inputs, config = "video_merge", args.inputs, {"mode": args.mode}
        else:
            task_type, inputs = "watermark_removal", [args.input]
            config = {"regions": args.region, "method": args.method, "reference_frame": args.reference_frame}
        config.update({k: v for k, v in (("video_codec", args.codec), ("crf", args.crf), ("preset", args.preset),
                                         ("audio_codec", args.audio)) if v is not None})
        name = args.name
        if args.command == "remove-watermark":
            config["container"], name = result_format(args.format, args.output or args.name, args.input)
            if args.name is None:
                name = None
        elif name is not None and not os.path.splitext(name)[1]:
            name += ".mp4"  # a merge's result is always mp4
        reply = self.call({"command": "submit", "task_type": task_type, "inputs": [os.path.abspath(p) for p in inputs],
                           "config": config, "output": os.path.abspath(args.output) if args.output else None,
                           "output_name": name, "priority": args.priority,
                           "keep_refused": False})  # refused: no task is left
        task = reply["task"] if self.owner else self.wait_checked(reply["task"]["task_id"])
        if task["status"] == TaskStatus.FAILED.value:  # refused at submission (inputs checked)
            if args.json:
                print(json.dumps(task, ensure_ascii=False, indent=2))
            raise CliError(error_line(task["error_code"], task["error_message"]))
        for note in self.call({"command": "show", "task_id": task["task_id"]})["task"]["metadata"].get(
                "prepare_notes", []):
            print(f"mediacraft: note: {note}", file=sys.stderr, flush=True)
        if args.wait:
            task = self.wait_local(task["task_id"]) if self.owner else self.wait_remote(task["task_id"])
        text = f"{task['task_id']}  {task['status']}" + (f"  {task['output_path']}" if task["output_path"] else "")
        if task["error_code"]:
            text += "\nerror " + error_line(task["error_code"], task["error_message"])
        self.out(task, text)
        return EXIT_OK if not args.wait or task["status"] == TaskStatus.COMPLETED.value else EXIT_FAILED

    def wait_local(self, task_id: str) -> dict[str, Any]:
        engine = self.local_engine()
        engine.run_only({task_id})
        # a queue paused for lack of space would wait for it indefinitely: give up, the task stays queued
        self.run_loop(engine, stop_when=lambda: engine.task(task_id).status.is_finished or bool(engine.disk_low))
        engine.mark_notified(task_id)
        engine.flush()
        return engine.task(task_id).summary()

    def wait_remote(self, task_id: str) -> dict[str, Any]:
        """The owning process runs it; follow its state until it ends."""
        last = None
        while True:
            task = self.call({"command": "show", "task_id": task_id})["task"]
            if task["status"] != last:
                last = task["status"]
                print(f"{task_id[:8]} {last}", file=sys.stderr, flush=True)
            if TaskStatus(task["status"]).is_finished:
                return {k: task[k] for k in SUMMARY_FIELDS}
            time.sleep(WAIT_POLL_S)

    def wait_checked(self, task_id: str) -> dict[str, Any]:
        """The owning process checks inputs in the background; report its verdict like a local submit."""
        while True:
            task = self.call({"command": "show", "task_id": task_id})["task"]
            if task["status"] not in (TaskStatus.CREATED.value, TaskStatus.READY.value):
                return {k: task[k] for k in SUMMARY_FIELDS}
            time.sleep(0.1)

    def cmd_run(self) -> int:
        self.owner = self.owner or self.lock.acquire(wait_s=2.0)
        if not self.owner:
            raise CliError(f"MediaCraft (pid {self.lock.holder_pid()}) is already processing the queue", EXIT_BUSY)
        engine = self.local_engine()
        failed_before = {t.task_id for t in engine.tasks() if t.status is TaskStatus.FAILED}
        self.run_loop(engine, stop_when=engine.is_idle)
        failed = [t for t in engine.tasks()  # that ran here and failed (not refused submissions)
                  if t.status is TaskStatus.FAILED and t.task_id not in failed_before and t.attempts]
        if engine.disk_low is not None:  # stopped with work left: say why
            waiting = sum(1 for t in engine.tasks() if t.status is TaskStatus.QUEUED)
            print(f"mediacraft: {waiting} task(s) left queued for lack of disk space", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_FAILED if failed else EXIT_OK

    def run_loop(self, engine: TaskEngine, stop_when: Callable[[], bool]) -> None:
        """Run the event loop with the engine scheduling until ``stop_when()``; SIGINT/SIGTERM stop cleanly.

        Meanwhile this process serves other launches' commands (it owns the store).
        """
        last_status: dict[str, str] = {t.task_id: t.status.value for t in engine.tasks()}
        json_lines = getattr(self.args, "json", False) and self.args.command == "run"
        stopping = {"signal": False}

        def check() -> None:
            if stopping["signal"] or stop_when():
                self.app.quit()

        def on_changed(task_id: str) -> None:
            if self.args.command != "run":  # --wait: the task may have just ended; no need to wait for a poll
                check()
            task = engine.task(task_id)
            if task is None or last_status.get(task_id) == task.status.value:
                return
            last_status[task_id] = task.status.value
            if json_lines:
                print(json.dumps(task.summary(), ensure_ascii=False), flush=True)
            else:
                extra = f" [{task.error_code}] {task.error_message}" if task.error_code else ""
                print(f"{task_id[:8]} {task.status.value}{extra}", file=sys.stderr, flush=True)

        from PySide6.QtCore import QTimer

        from mediacraft_desktop.instance_server import InstanceServer
        from mediacraft_desktop.remote_commands import make_handler

        engine.task_changed.connect(on_changed)
        engine.notice.connect(print_disk_notice)
        self.server = InstanceServer(self.data_dir, make_handler(engine))

        def on_signal(_signum: int, _frame: Any) -> None:
            stopping["signal"] = True

        old_int = signal.signal(signal.SIGINT, on_signal)
        old_term = signal.signal(signal.SIGTERM, on_signal)
        poll = QTimer()
        poll.setInterval(100)  # also lets Python run its signal handlers

        poll.timeout.connect(check)
        engine.start_scheduling()
        poll.start()
        self.app.exec()
        poll.stop()
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)
        if stopping["signal"]:
            raise CliError("stopped by a signal; unfinished tasks resume next time", EXIT_SIGNAL)


def print_disk_notice(kind: str, data: dict[str, Any]) -> None:
    """The engine's free-space guard, in words on stderr (the queue waits until space is back)."""
    mb = 1024 * 1024
    if kind == "disk_low":
        print(f"mediacraft: queue paused: only {data['free_bytes'] // mb} MB free in {data['folder']}, at least "
              f"{data['needed_bytes'] // mb} MB needed (setting min_free_disk_mb); free some space to go on",
              file=sys.stderr, flush=True)
    elif kind == "disk_ok":
        print(f"mediacraft: free space is back in {data['folder']}; queue resumed", file=sys.stderr, flush=True)


def result_format(fmt: str | None, target: str | None, input_path: str) -> tuple[str | None, str | None]:
    """The removal's container and result name: ``--format``, else the extension of ``-o``/``--name`` when it is
    one of ours, else None (the processor's default); a ``--name`` without extension gets the format's (or the
    input's). A format the target's extension contradicts is a usage error."""
    ext = os.path.splitext(target or "")[1].lower().lstrip(".")
    ext = "mkv" if ext == "matroska" else ext
    if fmt and ext and ext != fmt:
        raise CliError(f"--format {fmt} contradicts the result's extension .{ext}")
    container = fmt or (ext if ext in CONTAINERS else None)
    if target is not None and not ext:
        target += "." + (container or os.path.splitext(input_path)[1].lower().lstrip(".") or "mp4")
    return container, target


def _join_negative_regions(argv: Sequence[str]) -> list[str]:
    """``--region -8,10,40,40`` as ``--region=-8,...`` (argparse takes a value starting with '-' for an option)."""
    out: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--region":
            value = next(args, None)
            if value is not None and re.match(r"-\d", value):
                out.append(f"--region={value}")
                continue
            out.extend([arg] if value is None else [arg, value])
        else:
            out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_join_negative_regions(sys.argv[1:] if argv is None else argv))
    from mediacraft_desktop.app_log import setup_logging

    setup_logging()
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
