"""``test_steps``: an honest processor for tests and demos.

It really works in timed steps, reports progress, honours cancel, resumes from its checkpoint and
writes a real result file (one line per step) through the same temp-then-rename path as the media
processors. Config: ``steps`` (int), ``step_s`` (seconds per step), ``fail_at`` (step index that fails
permanently), ``transient_fail_times`` (fail with a transient error this many times first),
``trace_path`` (file that gets one line per executed step, so tests can count redone work).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from processors.contract import (
    CancelToken,
    ConfigError,
    ErrorCode,
    ProcessingError,
    ProgressFn,
    Result,
    stage,
)
from processors.outputs import discard, finalize_output, temp_path_for

task_type = "test_steps"


def validate(inputs: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
    try:
        steps = int(config.get("steps", 5))
        step_s = float(config.get("step_s", 0.05))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"steps/step_s must be numbers: {exc}") from exc
    if not 1 <= steps <= 100_000 or not 0 <= step_s <= 3600:
        raise ConfigError("steps must be 1..100000 and step_s 0..3600")
    out = dict(config, steps=steps, step_s=step_s)
    for key in ("fail_at", "transient_fail_times"):
        if key in config and config[key] is not None:
            out[key] = int(config[key])
    return out


output_extensions = None  # any: the result is a text file


def default_output_name(inputs: list[dict[str, Any]], config: dict[str, Any]) -> str:
    stem = Path(inputs[0]["original_filename"]).stem if inputs else "task"
    return f"{stem}_steps.txt"


def _trace(config: dict[str, Any], line: str) -> None:
    trace = config.get("trace_path")
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())


def run(
    inputs: list[dict[str, Any]],
    config: dict[str, Any],
    output_path: str,
    progress: ProgressFn,
    cancel: CancelToken,
    checkpoint: dict[str, Any],
) -> Result:
    steps, step_s = config["steps"], config["step_s"]
    if checkpoint.get("transient_failures", 0) < config.get("transient_fail_times", 0):
        checkpoint["transient_failures"] = checkpoint.get("transient_failures", 0) + 1
        raise ProcessingError("simulated transient failure", code=ErrorCode.INTERNAL, transient=True)
    done = int(checkpoint.get("steps_done", 0))
    resumed_from = done
    for step in range(done, steps):
        cancel.raise_if_cancelled()
        _trace(config, f"step {step}")
        if config.get("fail_at") == step:
            raise ProcessingError(f"simulated failure at step {step}", code=ErrorCode.INTERNAL,
                                  log_lines=[f"step {step} failed"])
        if cancel.wait(step_s):
            cancel.raise_if_cancelled()
        checkpoint["steps_done"] = step + 1
        progress(100.0 * (step + 1) / steps, stage("step", index=step + 1, count=steps))
    temp = temp_path_for(output_path)
    try:
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write("".join(f"step {i}\n" for i in range(steps)))
            fh.flush()
            os.fsync(fh.fileno())
        cancel.raise_if_cancelled()
        final = finalize_output(temp, output_path)
    except BaseException:
        discard(temp)
        raise
    return Result(final, {"steps": steps, "resumed_from": resumed_from})
