"""The processor contract shared by every task type.

``run(inputs, config, output_path, progress, cancel, checkpoint) -> Result``

* ``inputs``: list of ``{path, original_filename, size, mtime, media}`` dicts.
* ``config``: the task's per-type config, already validated by the processor's ``validate``.
* ``output_path``: the final path; write to a temp file beside it and rename atomically.
* ``progress(percent, message)``: percent in [0, 100], message a stage: ``stage(code, **params)`` (the UI
  and the CLI word it in their tables, e.g. ``stage("encoding_clip", index=2, count=5)``).
* ``cancel``: a ``CancelToken``; check it often, raise ``Cancelled`` when set.
* ``checkpoint``: a dict the processor owns; mutate it in place to record resumable work,
  then call ``progress`` so the engine persists it. ``checkpoint["work_dir"]`` names a folder of kept
  pieces (see ``processors.workdir``); the engine deletes it when the task is removed.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

ProgressFn = Callable[[float, str], None]
_STAGE_CODE = re.compile(r"[a-z][a-z0-9_]*")


def stage(code: str, **params: Any) -> str:
    """A progress message as a machine code plus JSON parameters (``encoding_clip {"index": 2, "count": 5}``),
    worded by the UI/CLI; ``parse_stage`` reads it back."""
    if not _STAGE_CODE.fullmatch(code):
        raise ValueError(f"not a stage code: {code!r}")
    return f"{code} {json.dumps(params, ensure_ascii=False, sort_keys=True)}" if params else code


def parse_stage(message: str) -> tuple[str, dict[str, Any]] | None:
    """``(code, params)`` of a ``stage()`` message; None for anything else (e.g. an older plain-text message)."""
    code, _, rest = (message or "").partition(" ")
    if not _STAGE_CODE.fullmatch(code):
        return None
    if not rest:
        return code, {}
    try:
        params = json.loads(rest)
    except ValueError:
        return None
    return (code, params) if isinstance(params, dict) else None


class CancelReason:
    """Why a run was asked to stop; decides the task's next state."""

    USER = "user"  # the user cancelled -> cancelled
    SHUTDOWN = "shutdown"  # the app is quitting -> interrupted, resumed later
    TIMEOUT = "timeout"  # the per-task timeout elapsed -> failed


class CancelToken:
    """Thread-safe cancellation flag with callbacks (e.g. to stop an ffmpeg child at once)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self.reason: str | None = None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self, reason: str = CancelReason.USER) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self.reason = reason
            self._event.set()
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Register ``callback``; it runs at once if already cancelled. Returns an unregister function."""
        with self._lock:
            already = self._event.is_set()
            if not already:
                self._callbacks.append(callback)
        if already:
            callback()

        def unregister() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unregister

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True if cancelled meanwhile."""
        return self._event.wait(timeout)

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled(self.reason or CancelReason.USER)


class Cancelled(Exception):
    """The run stopped because its CancelToken was set. Not an error."""

    def __init__(self, reason: str = CancelReason.USER) -> None:
        super().__init__(reason)
        self.reason = reason


class ErrorCode:
    """Stable machine codes; the UI and CLI turn them into words."""

    INPUT_MISSING = "input_missing"
    INPUT_CHANGED = "input_changed"
    INPUT_UNREADABLE = "input_unreadable"
    INPUT_INVALID = "input_invalid"
    UNSUPPORTED = "unsupported"
    INCOMPATIBLE = "incompatible"
    CONFIG_INVALID = "config_invalid"
    DISK_FULL = "disk_full"
    OUTPUT_UNWRITABLE = "output_unwritable"
    OUTPUT_INVALID = "output_invalid"
    FFMPEG_MISSING = "ffmpeg_missing"
    FFMPEG_FAILED = "ffmpeg_failed"
    VERIFY_FAILED = "verify_failed"
    TIMEOUT = "timeout"
    INTERNAL = "internal"


class ProcessingError(Exception):
    """A known failure: a stable ``code``, a human ``detail`` and optional log lines (e.g. ffmpeg stderr)."""

    code = ErrorCode.INTERNAL
    transient = False

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        log_lines: list[str] | None = None,
        transient: bool | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        if code is not None:
            self.code = code
        if transient is not None:
            self.transient = transient
        self.detail = detail
        self.log_lines = list(log_lines or [])
        self.details = dict(details or {})


class InputError(ProcessingError):
    code = ErrorCode.INPUT_UNREADABLE


class ConfigError(ProcessingError):
    code = ErrorCode.CONFIG_INVALID


class UnsupportedError(ProcessingError):
    code = ErrorCode.UNSUPPORTED


class DiskFullError(ProcessingError):
    code = ErrorCode.DISK_FULL


class FfmpegError(ProcessingError):
    code = ErrorCode.FFMPEG_FAILED


class VerifyError(ProcessingError):
    code = ErrorCode.VERIFY_FAILED


@dataclass
class Result:
    """What a successful run produced."""

    output_path: str
    details: dict[str, Any] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)  # (level, message)


class Processor(Protocol):
    """What the registry needs from a processor module or object."""

    task_type: str

    def validate(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
        """Return the normalised config or raise ``ConfigError``/``InputError``."""

    def default_output_name(self, inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
        """File name (no folder) for the result, e.g. ``clip_clean.mp4``."""

    # optional: ``notes(config) -> list[str]``: what ``validate`` adjusted in a validated config (e.g. a region
    # clipped to the frame), one log line each; the task log and the command line show them

    def run(
        self,
        inputs: list[dict[str, Any]],
        config: dict[str, Any],
        output_path: str,
        progress: ProgressFn,
        cancel: CancelToken,
        checkpoint: dict[str, Any],
    ) -> Result:
        """Do the work; see the module docstring."""
