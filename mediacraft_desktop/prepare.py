"""Validate and describe a task's inputs before it is queued (runs off the UI thread).

Checks each input (exists, regular file, not empty, size limit, allowed type), snapshots size and
mtime so later changes are detected, probes media (every audio/video codec decodable, the container not
cut off), lets the processor validate its config and picks a safe, non-existing output path.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediacraft_desktop.registry import ProcessorSpec
from mediacraft_desktop.settings import Settings
from processors.contract import ErrorCode, InputError, ProcessingError
from processors.outputs import VIDEO_OUTPUT_EXTENSIONS, check_output_path, check_requested_output, join_output_name

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(name: str, fallback: str = "output") -> str:
    """A file name safe on every desktop OS; keeps Unicode (Chinese) letters."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip().strip(".")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if stem.upper() in _RESERVED:
        stem = f"_{stem}"
    while len((stem + dot + ext).encode("utf-8")) > 200 and stem:
        stem = stem[:-1]
    name = stem + dot + ext
    return name if name and name not in {".", ".."} else fallback


@dataclass
class Prepared:
    inputs: list[dict[str, Any]]
    config: dict[str, Any]
    output_target: str
    notes: list[str] = field(default_factory=list)  # what validation adjusted (task log warnings)


def describe_input(path: str, spec: ProcessorSpec, settings: Settings) -> dict[str, Any]:
    """Stat and (for media types) probe one input; raise InputError with a stable code."""
    abspath = os.path.abspath(path)
    try:
        st = os.stat(abspath)
    except FileNotFoundError:
        raise InputError(f"input not found: {path}", code=ErrorCode.INPUT_MISSING,
                         details={"path": abspath}) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", details={"path": abspath}) from exc
    if not os.path.isfile(abspath):
        raise InputError(f"not a regular file: {path}", code=ErrorCode.INPUT_INVALID, details={"path": abspath})
    if st.st_size == 0:
        raise InputError(f"empty file: {path}", code=ErrorCode.INPUT_INVALID, details={"path": abspath})
    limit = settings.max_input_size_mb * 1024 * 1024
    if limit and st.st_size > limit:
        raise InputError(f"{path} is larger than the {settings.max_input_size_mb} MB limit",
                         code=ErrorCode.INPUT_INVALID, details={"path": abspath, "size": st.st_size})
    ext = Path(abspath).suffix.lower()
    if spec.extensions is not None and ext not in spec.extensions:
        raise InputError(f"unsupported file type {ext or '(none)'}: {path}", code=ErrorCode.UNSUPPORTED,
                         details={"path": abspath, "extension": ext})
    entry: dict[str, Any] = {
        "path": abspath,
        "original_filename": os.path.basename(abspath),
        "size": st.st_size,
        "mtime": st.st_mtime,
        "media": None,
    }
    if spec.probe_inputs:
        from processors.merge.containers import truncation
        from processors.probe import check_decodable, check_not_still, probe

        info = probe(abspath)
        check_decodable(info)
        check_not_still(info)
        cut = truncation(abspath)  # cut-off downloads probe "fine" when the index comes first
        if cut is not None:
            raise InputError(f"{os.path.basename(abspath)} is truncated: its {cut.container} structure needs "
                             f"{cut.declared_bytes} bytes but the file has {cut.actual_bytes}",
                             code=ErrorCode.INPUT_UNREADABLE,
                             details={"path": abspath, "declared_bytes": cut.declared_bytes,
                                      "actual_bytes": cut.actual_bytes})
        entry["media"] = info.to_summary()
    return entry


def prepare(
    spec: ProcessorSpec,
    paths: list[str],
    config: dict[str, Any],
    settings: Settings,
    requested_output: str | None = None,
) -> Prepared:
    """Everything needed to queue a task; raises ProcessingError (input/config problems)."""
    if len(paths) < spec.min_inputs or (spec.max_inputs is not None and len(paths) > spec.max_inputs):
        raise InputError(f"{spec.task_type} takes {spec.min_inputs}..{spec.max_inputs or 'any'} inputs, "
                         f"got {len(paths)}", code=ErrorCode.INPUT_INVALID)
    inputs = [describe_input(p, spec, settings) for p in paths]
    processor = spec.load()
    config = processor.validate(inputs, dict(config))
    if requested_output:
        target = check_requested_output(requested_output)
    else:
        target = join_output_name(settings.output_dir, safe_filename(processor.default_output_name(inputs, config)))
    # the processor's own list, else any video container for types that take videos (any file: any name)
    default_exts = VIDEO_OUTPUT_EXTENSIONS if spec.extensions is not None else None
    target = check_output_path(target, getattr(processor, "output_extensions", default_exts))
    target_dir = os.path.dirname(target)
    try:
        os.makedirs(target_dir, exist_ok=True)
    except OSError as exc:
        raise ProcessingError(f"cannot create output folder {target_dir}: {exc.strerror}",
                              code=ErrorCode.OUTPUT_UNWRITABLE) from exc
    notes_fn = getattr(processor, "notes", None)  # optional in the processor contract
    notes = list(notes_fn(config)) if notes_fn is not None else []
    return Prepared(inputs, config, target, notes)  # the engine makes the target unique (files, other tasks)


def free_path(path: str, taken: set[str]) -> str:
    """``path`` or ``name (2).ext``... : the first that neither exists nor is another task's target."""
    stem, ext = os.path.splitext(path)
    candidate, n = path, 1
    while candidate in taken or os.path.lexists(candidate):
        n += 1
        candidate = f"{stem} ({n}){ext}"
    return candidate


def check_inputs_unchanged(inputs: list[dict[str, Any]]) -> None:
    """Fail clearly if an input was moved, deleted or modified since the task was created."""
    for entry in inputs:
        path = entry["path"]
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"input no longer exists: {path}", code=ErrorCode.INPUT_MISSING,
                             details={"path": path}) from None
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}", details={"path": path}) from exc
        if st.st_size != entry.get("size") or abs(st.st_mtime - float(entry.get("mtime", 0))) > 1e-3:
            raise InputError(f"input changed since the task was created: {path}",
                             code=ErrorCode.INPUT_CHANGED, details={"path": path})
