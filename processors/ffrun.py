"""Run ffmpeg children safely: progress, stderr tail, graceful cancel, typed errors, no zombies.

* ``run_ffmpeg(args, cancel=..., on_progress=..., total_seconds=...)`` runs one command to completion.
* ``FfmpegProcess`` is the lower level handle for pipelines (a decoder whose stdout you read, an
  encoder whose stdin you write); use it as a context manager so it is always reaped.

Cancel semantics (see the facts note): a graceful stop sends ``q`` on stdin (or closes a data stdin),
waits ``GRACE_S``, then SIGTERM, then SIGKILL. Whatever the exit code, output written during a cancelled
run must be treated as partial and discarded by the caller. Every live child is tracked so
``kill_all_children()`` (also registered with ``atexit``) can kill them when the app quits.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from typing import IO, Any

from processors.contract import Cancelled, CancelReason, CancelToken, DiskFullError, FfmpegError
from processors.ffbin import child_env, find_tools

GRACE_S = 3.0  # after 'q' before SIGTERM
TERM_S = 2.0  # after SIGTERM before SIGKILL
TAIL_LINES = 40
_ENOSPC_MARKERS = ("no space left on device", "disk quota exceeded", "file too large")

_live: set[FfmpegProcess] = set()
_live_lock = threading.Lock()


def input_arg(path: str) -> str:
    """An ffmpeg input/output argument for a local path that is safe with leading dashes and colons."""
    return "file:" + os.path.abspath(path)


def ffmpeg_version(binary: str | None = None) -> tuple[int, int]:
    """(major, minor) of the ffmpeg in use; git snapshots ("N-...") count as very new."""
    return _version_of(binary or find_tools().ffmpeg)


@functools.cache
def _version_of(exe: str) -> tuple[int, int]:
    try:
        out = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, timeout=20, check=False,
                             stdin=subprocess.DEVNULL, env=child_env()).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return (0, 0)
    m = re.search(r"ffmpeg version n?(\d+)\.(\d+)", out)
    if m:
        return int(m.group(1)), int(m.group(2))
    return (99, 0) if "ffmpeg version N-" in out else (0, 0)


def filter_script_args(script_path: str) -> list[str]:
    """Arguments that read a -filter_complex graph from a file (the option changed name in ffmpeg 7)."""
    if ffmpeg_version() >= (7, 0):
        return ["-/filter_complex", script_path]
    return ["-filter_complex_script", script_path]


def kill_all_children() -> None:
    """Kill every ffmpeg child still running (app shutdown, atexit)."""
    with _live_lock:
        procs = list(_live)
    for p in procs:
        p.kill()


atexit.register(kill_all_children)


def live_children() -> int:
    """How many ffmpeg children are running now (tests use it to prove nothing leaks)."""
    with _live_lock:
        return sum(1 for p in _live if p.returncode is None)


class ProgressParser:
    """Parses ``-progress`` key=value blocks into a completed fraction of ``total_seconds``."""

    def __init__(self, total_seconds: float | None) -> None:
        self.total = total_seconds if total_seconds and total_seconds > 0 else None
        self.out_time_s = 0.0
        self.speed: float | None = None
        self.frame: int | None = None
        self.ended = False

    def feed(self, line: str) -> float | None:
        """Feed one line; at the end of each block return the fraction 0..1 (None without a total)."""
        key, sep, value = line.strip().partition("=")
        if not sep:
            return None
        value = value.strip()
        if key == "out_time_us":
            try:
                us = int(value)
            except ValueError:  # N/A
                return None
            if 0 <= us < 10**15:
                self.out_time_s = max(self.out_time_s, us / 1e6)
        elif key == "speed" and value.endswith("x"):
            with contextlib.suppress(ValueError):
                self.speed = float(value[:-1])
        elif key == "frame":
            with contextlib.suppress(ValueError):
                self.frame = int(value)
        elif key == "progress":
            if value == "end":
                self.ended = True
                return 1.0 if self.total else None
            return self.fraction
        return None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, max(0.0, self.out_time_s / self.total))


def _is_disk_full(lines: Iterable[str]) -> bool:
    return any(m in ln.lower() for ln in lines for m in _ENOSPC_MARKERS)


_NOISE = ("conversion failed", "exiting normally", "press [q]")


def _headline(tail: list[str]) -> str:
    """The most telling stderr line: the last error-looking one, else the last non-noise line."""
    lines = [ln.strip() for ln in tail if ln.strip() and not any(n in ln.lower() for n in _NOISE)]
    for markers in (("[error]", "[fatal]", "[panic]"), ("error", "invalid", "no such", "denied", "not found")):
        for ln in reversed(lines):
            if any(m in ln.lower() for m in markers):
                return ln
    return lines[-1] if lines else ""


_FULL_PATH = re.compile(r"(?:file:)?(/[^\n]*?): (?:No space left on device|Disk quota exceeded|File too large)")


def error_for(returncode: int, tail: list[str], what: str = "ffmpeg", output: str | None = None
              ) -> FfmpegError | DiskFullError:
    """The typed error for a failed ffmpeg run, from its exit code and stderr tail; ``output``: the file it
    wrote, whose folder a full disk is named by when ffmpeg's message has no path (it often has none)."""
    if _is_disk_full(tail):
        found = next((m for m in map(_FULL_PATH.search, tail) if m), None)
        folder = os.path.dirname(found.group(1)) if found else os.path.dirname(output) if output else None
        return DiskFullError("no space left on device" + (f" in {folder}" if folder else "")
                             + " while writing the output", log_lines=tail,
                             details={"returncode": returncode, **({"path": folder} if folder else {})})
    last = _headline(tail)
    return FfmpegError(f"{what} failed (exit code {returncode}){': ' + last if last else ''}", log_lines=tail,
                       details={"returncode": returncode})


class FfmpegProcess:
    """One ffmpeg child with a stderr tail, optional progress, graceful stop and guaranteed reaping.

    ``stdin``: ``"control"`` (a pipe used only to send ``q``; default), ``"data"`` (you write media to
    ``.stdin``; a graceful stop closes it) or ``"null"`` (``-nostdin``; stop goes straight to SIGTERM).
    ``stdout_data``: True to read media from ``.stdout`` (ffmpeg writes to ``pipe:1``).
    ``on_progress``/``total_seconds``: progress via ``-progress``; on stdout when it is not used for data,
    otherwise on an extra pipe (POSIX only). The callback runs on a reader thread unless you read
    stdout yourself with ``iter_progress()``; ``.progress`` always holds the latest fraction.
    ``cancel``: a CancelToken; cancelling stops the child gracefully (non-blocking for the canceller).
    ``on_stderr_line``: called (on the reader thread) with every stderr line, e.g. to collect all errors.
    """

    def __init__(
        self,
        args: list[str],
        *,
        cancel: CancelToken | None = None,
        stdin: str = "control",
        stdout_data: bool = False,
        on_progress: Callable[[float], None] | None = None,
        total_seconds: float | None = None,
        progress: bool | None = None,
        tail_lines: int = TAIL_LINES,
        ffmpeg: str | None = None,
        what: str = "ffmpeg",
        on_stderr_line: Callable[[str], None] | None = None,
    ) -> None:
        if stdin not in ("control", "data", "null"):
            raise ValueError(f"stdin must be control, data or null, not {stdin!r}")
        self.args = list(args)
        self.cancel_token = cancel
        self.stdin_mode = stdin
        self.stdout_data = stdout_data
        self.on_progress = on_progress
        self.parser = ProgressParser(total_seconds)
        self.want_progress = progress if progress is not None else (on_progress is not None or total_seconds)
        self.what = what
        self.on_stderr_line = on_stderr_line
        self._binary = ffmpeg
        self._tail: collections.deque[str] = collections.deque(maxlen=tail_lines)
        self._threads: list[threading.Thread] = []
        self._popen: subprocess.Popen[bytes] | None = None
        self._progress_fd: int | None = None
        self._stop_lock = threading.Lock()
        self._stopping = False
        self._unregister: Callable[[], None] | None = None
        self.stdin: IO[bytes] | None = None
        self.stdout: IO[bytes] | None = None
        self.progress: float | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> FfmpegProcess:
        if self._popen is not None:
            return self
        binary = self._binary or find_tools().ffmpeg
        cmd = [binary, "-hide_banner"]
        if self.stdin_mode == "null":
            cmd.append("-nostdin")
        pass_fds: tuple[int, ...] = ()
        progress_read: int | None = None
        progress_on_stdout = False
        if self.want_progress:
            if not self.stdout_data:
                cmd += ["-nostats", "-progress", "pipe:1"]
                progress_on_stdout = True
            elif os.name == "posix":
                progress_read, write_fd = os.pipe()
                cmd += ["-nostats", "-progress", f"pipe:{write_fd}"]
                pass_fds = (write_fd,)
                self._progress_fd = write_fd
        cmd += self.args
        kwargs: dict[str, Any] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
        try:
            self._popen = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL if self.stdin_mode == "null" else subprocess.PIPE,
                stdout=subprocess.PIPE if (self.stdout_data or progress_on_stdout) else subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=pass_fds,
                env=child_env(),
                bufsize=0 if self.stdout_data or self.stdin_mode == "data" else -1,
                **kwargs,
            )
        except OSError as exc:
            if progress_read is not None:
                os.close(progress_read)
            self._close_progress_write()
            raise FfmpegError(f"cannot start ffmpeg: {exc}", details={"cmd0": binary}) from exc
        finally:
            self._close_progress_write()
        with _live_lock:
            _live.add(self)
        self.stdin = self._popen.stdin if self.stdin_mode == "data" else None
        self.stdout = self._popen.stdout if self.stdout_data else None
        self._spawn(self._read_stderr)
        if progress_read is not None:
            self._spawn(self._read_progress_fd, progress_read)
        self._progress_on_stdout = progress_on_stdout
        if self.cancel_token is not None:
            self._unregister = self.cancel_token.on_cancel(self._on_cancel)
        return self

    def __enter__(self) -> FfmpegProcess:
        return self.start()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.returncode is None:
            if exc_type is None:
                self.wait()
            else:
                self.kill()
        self._cleanup()

    def _close_progress_write(self) -> None:
        if self._progress_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._progress_fd)
            self._progress_fd = None

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        t = threading.Thread(target=target, args=args, daemon=True, name=f"ffmpeg-{target.__name__}")
        t.start()
        self._threads.append(t)

    def _read_stderr(self) -> None:
        assert self._popen is not None and self._popen.stderr is not None
        for raw in iter(self._popen.stderr.readline, b""):
            for part in raw.replace(b"\r", b"\n").split(b"\n"):
                line = part.decode("utf-8", "replace").rstrip()
                if line:
                    self._tail.append(line)
                    if self.on_stderr_line is not None:
                        self.on_stderr_line(line)

    def _read_progress_fd(self, fd: int) -> None:
        with open(fd, "rb", closefd=True) as fh:
            for raw in fh:
                self._feed_progress(raw.decode("utf-8", "replace"))

    def _feed_progress(self, line: str) -> float | None:
        frac = self.parser.feed(line)
        if frac is not None:
            self.progress = frac
            if self.on_progress is not None:
                self.on_progress(frac)
        return frac

    def iter_progress(self) -> None:
        """Read the ``-progress`` stream on stdout in the calling thread until ffmpeg closes it."""
        if not getattr(self, "_progress_on_stdout", False) or self._popen is None or self._popen.stdout is None:
            return
        for raw in iter(self._popen.stdout.readline, b""):
            self._feed_progress(raw.decode("utf-8", "replace"))

    # -- state ---------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    @property
    def returncode(self) -> int | None:
        return None if self._popen is None else self._popen.poll()

    @property
    def stderr_tail(self) -> list[str]:
        return list(self._tail)

    @property
    def stopping(self) -> bool:
        """True once a stop (cancel, terminate, kill) was requested."""
        return self._stopping

    def wait(self, timeout: float | None = None) -> int:
        """Wait for exit and for the reader threads; returns the exit code."""
        assert self._popen is not None, "not started"
        if getattr(self, "_progress_on_stdout", False) and self.stdout is None:
            self.iter_progress()
        rc = self._popen.wait(timeout)
        for t in self._threads:
            t.join(timeout=5)
        self._cleanup()
        return rc

    def check(self) -> list[str]:
        """Wait, then raise Cancelled / FfmpegError / DiskFullError as appropriate; return the stderr tail."""
        rc = self.wait()
        tail = self.stderr_tail
        if self.cancel_token is not None and self.cancel_token.cancelled:
            raise Cancelled(self.cancel_token.reason or CancelReason.USER)
        if rc != 0:
            raise error_for(rc, tail, self.what, self.output_path)
        return tail

    @property
    def output_path(self) -> str | None:
        """The file this run writes (its last argument), if it is one (not a pipe)."""
        last = self.args[-1] if self.args else ""
        if last.startswith("file:"):
            last = last[5:]
        return os.path.abspath(last) if last and last != "-" and not last.startswith("pipe:") else None

    def _cleanup(self) -> None:
        if self._unregister is not None:
            self._unregister()
            self._unregister = None
        if self._popen is not None and self._popen.poll() is not None:
            for stream in (self._popen.stdin, self._popen.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
            with _live_lock:
                _live.discard(self)

    # -- stopping ------------------------------------------------------------------------------
    def _on_cancel(self) -> None:
        # Runs on the cancelling thread (maybe the UI): never block it.
        threading.Thread(target=self.terminate_gracefully, daemon=True, name="ffmpeg-stop").start()

    def terminate_gracefully(self, grace_s: float = GRACE_S, term_s: float = TERM_S) -> int | None:
        """``q`` (or EOF on a data stdin), wait, SIGTERM, wait, SIGKILL. Returns the exit code."""
        p = self._popen
        if p is None:
            return None
        with self._stop_lock:
            self._stopping = True
        if p.poll() is None and p.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                if self.stdin_mode == "control":
                    p.stdin.write(b"q")
                    p.stdin.flush()
                else:
                    p.stdin.close()
        try:
            return p.wait(grace_s)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(OSError):
            p.terminate()
        try:
            return p.wait(term_s)
        except subprocess.TimeoutExpired:
            pass
        return self.kill()

    def kill(self) -> int | None:
        """SIGKILL now and reap."""
        p = self._popen
        if p is None:
            return None
        self._stopping = True
        if p.poll() is None:
            with contextlib.suppress(OSError):
                p.kill()
        try:
            rc = p.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover - unkillable process
            return None
        with _live_lock:
            _live.discard(self)
        return rc


def run_ffmpeg(
    args: list[str],
    *,
    cancel: CancelToken,
    on_progress: Callable[[float], None] | None = None,
    total_seconds: float | None = None,
    stdin_pipe: bool = False,
    what: str = "ffmpeg",
    on_stderr_line: Callable[[str], None] | None = None,
) -> list[str]:
    """Run ``ffmpeg -hide_banner -nostats -progress pipe:1 <args>`` to completion.

    ``on_progress(fraction)`` is called on the calling thread at each progress block (only when
    ``total_seconds`` is known). ffmpeg's stdin is always a private pipe used for the graceful ``q`` on
    cancel (``stdin_pipe`` is accepted for compatibility; to feed media through stdin use
    ``FfmpegProcess(stdin="data")``). Returns the last stderr lines; raises ``FfmpegError``/
    ``DiskFullError`` on failure and ``Cancelled`` when ``cancel`` was set (output is then partial).
    """
    cancel.raise_if_cancelled()
    proc = FfmpegProcess(args, cancel=cancel, on_progress=on_progress, total_seconds=total_seconds, progress=True,
                         what=what, on_stderr_line=on_stderr_line)
    with proc:
        try:
            proc.iter_progress()
        except BaseException:
            proc.kill()
            raise
        return proc.check()

