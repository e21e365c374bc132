"""Work folders for resumable runs: ``.<stem>.mediacraft-work-<key>`` beside the output.

A processor that keeps finished pieces between runs records its folder as ``checkpoint["work_dir"]``;
the processor removes it when the run ends, and the engine removes it when the task is removed.
"""

from __future__ import annotations

import os
import shutil

WORK_MARKER = ".mediacraft-work-"


def work_dir_for(output_path: str, key: str) -> str:
    folder, name = os.path.split(os.path.abspath(output_path))
    stem = os.path.splitext(name)[0][:80]
    return os.path.join(folder, f".{stem}{WORK_MARKER}{key}")


def remove_work_dir(path: str | None) -> None:
    """Delete a work folder; anything not named like one is left alone."""
    if path and os.path.basename(path).startswith(".") and WORK_MARKER in os.path.basename(path):
        shutil.rmtree(path, ignore_errors=True)
