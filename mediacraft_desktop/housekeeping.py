"""Disk housekeeping run off the UI thread: stale temp files of dead runs, disk usage figures."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

PART_MARKER = ".mediacraft-"  # processors.outputs.temp_path_for: ".<stem>.mediacraft-<hex>.part<ext>"


def dir_size(path: str | os.PathLike[str]) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def stale_partials(output_targets: Iterable[str]) -> list[Path]:
    """Hidden partial results (``.<stem>.mediacraft-*.part*``) beside the given targets."""
    found: list[Path] = []
    for folder, stems in _group_by_folder(output_targets).items():
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") and PART_MARKER in name and ".part" in name:
                    if any(name.startswith(f".{stem}{PART_MARKER}") for stem in stems):
                        found.append(Path(entry.path))
    return found


def _group_by_folder(paths: Iterable[str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for path in paths:
        folder, name = os.path.split(path)
        groups.setdefault(folder, set()).add(os.path.splitext(name)[0])
    return groups


def clean_dead_runs(temp_dir: str | None, output_targets: Iterable[str]) -> dict[str, int]:
    """Remove what runs of a dead process left: the app temp dir's content and partial results.

    Only call while no task runs (at start, holding the instance lock).
    """
    removed, freed = 0, 0
    victims = stale_partials(output_targets)
    for path in victims:
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            removed, freed = removed + 1, freed + size
    if temp_dir and os.path.isdir(temp_dir):
        for entry in os.scandir(temp_dir):
            with contextlib.suppress(OSError):
                size = dir_size(entry.path) if entry.is_dir(follow_symlinks=False) else entry.stat().st_size
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed, freed = removed + 1, freed + size
    return {"removed": removed, "freed_bytes": freed}
