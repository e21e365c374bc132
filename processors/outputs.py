"""Result files: where a result may go (names joined to folders, explicit paths checked), hidden temp beside
the final path, atomic never-overwrite finalize, OS error mapping, free-space guard and output verification.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Callable
from typing import Any

from processors.contract import (
    CancelToken,
    DiskFullError,
    ErrorCode,
    ProcessingError,
    VerifyError,
)

VIDEO_OUTPUT_EXTENSIONS = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".ts", ".m2ts", ".mts", ".avi")
_SEPARATORS = tuple(sep for sep in {"/", "\\", os.sep, os.altsep or "/"})
_MAX_NAME_BYTES = 240  # stay under the usual 255-byte file name limit
_NO_HARDLINK = {errno.EPERM, errno.EXDEV, errno.EMLINK, getattr(errno, "ENOTSUP", 95), getattr(errno, "EOPNOTSUPP", 95),
                errno.ENOSYS, errno.EINVAL}


def _fit(stem: str, suffix: str) -> str:
    while len((stem + suffix).encode("utf-8")) > _MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    return stem + suffix


def _invalid(message: str, **details: Any) -> ProcessingError:
    return ProcessingError(message, code=ErrorCode.OUTPUT_INVALID, details=details)


def check_output_name(name: str) -> str:
    """``name`` if it is a plain file name; else ``output_invalid``: empty, ``.``/``..``, a path separator
    (``/`` or ``\\``) or a control character would put the result somewhere other than the chosen folder."""
    if not name or not name.strip():
        raise _invalid("the output file name is empty", name=name)
    if name.strip() in (".", "..") or any(sep in name for sep in _SEPARATORS):
        raise _invalid(f"the output file name {name!r} is not a plain name: it must not contain / or \\ or be ..",
                       name=name, param="separator")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise _invalid(f"the output file name {name!r} contains control characters", name=name, param="control")
    return name


def join_output_name(folder: str, name: str) -> str:
    """The absolute path of the file ``name`` inside ``folder``: the one place a name meets a folder. Refuses
    (``output_invalid``) anything that would land outside ``folder``."""
    check_output_name(name)
    base = os.path.abspath(folder)
    path = os.path.abspath(os.path.join(base, name))
    if os.path.dirname(path) != base:  # pragma: no cover - check_output_name already refused it
        raise _invalid(f"the output file name {name!r} leaves the folder {base}", name=name, folder=base)
    return path


def check_requested_output(path: str) -> str:
    """An output path as a caller gave it (before any normalising): no ``..`` component, so a name typed into a
    name field and joined to a folder cannot climb out of it. Returns the absolute path."""
    if ".." in path.replace("\\", "/").split("/"):
        raise _invalid(f"the output path {path!r} contains '..'; give a folder and a plain file name", path=path,
                       param="parent")
    return os.path.abspath(path)


def check_output_path(path: str, extensions: tuple[str, ...] | frozenset[str] | None = VIDEO_OUTPUT_EXTENSIONS
                      ) -> str:
    """A planned result path: a file name (not an existing folder, not ending in a separator) with one of
    ``extensions`` (the extension picks the container; None: any). Raises ``output_invalid`` saying what is
    wrong; returns the absolute path."""
    if path.endswith(_SEPARATORS) or os.path.isdir(path):
        raise _invalid(f"the output {path} is a folder; give a file name, e.g. {os.path.join(path, 'merged.mp4')}",
                       path=path, param="folder")
    ext = os.path.splitext(path)[1].lower()
    if extensions is not None and ext not in extensions:
        allowed = ", ".join(sorted(extensions))
        what = "has no extension" if not ext else f"has the extension {ext}, which is not a supported format"
        raise _invalid(f"the output {os.path.basename(path)} {what}; use one of {allowed}", path=path,
                       param="extension", extension=ext, allowed=sorted(extensions))
    return os.path.abspath(path)


def temp_path_for(final_path: str) -> str:
    """A hidden, unique temp path in the final's folder that keeps its extension (ffmpeg picks the muxer)."""
    folder, name = os.path.split(os.path.abspath(final_path))
    stem, ext = os.path.splitext(name)
    return os.path.join(folder, "." + _fit(stem, f".mediacraft-{secrets.token_hex(4)}.part{ext}"))


def unique_path(path: str) -> str:
    """``path`` if free, else ``name (2).ext``, ``name (3).ext``... (the first that does not exist)."""
    if not os.path.lexists(path):
        return path
    folder, name = os.path.split(path)
    stem, ext = os.path.splitext(name)
    n = 2
    while True:
        candidate = os.path.join(folder, _fit(stem, f" ({n}){ext}"))
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def _fsync_path(path: str, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _candidates(final_path: str):
    folder, name = os.path.split(final_path)
    stem, ext = os.path.splitext(name)
    yield final_path
    n = 2
    while True:
        yield os.path.join(folder, _fit(stem, f" ({n}){ext}"))
        n += 1


def finalize_output(temp: str, final: str) -> str:
    """Move ``temp`` to ``final`` atomically without ever replacing an existing file.

    If ``final`` exists (e.g. created meanwhile) the result goes to ``final (2).ext`` etc.
    Returns the path actually used. Raises the mapped ``ProcessingError`` on OS failures.
    """
    final = os.path.abspath(final)
    _fsync_path(temp)
    try:
        for candidate in _candidates(final):
            try:
                os.link(temp, candidate)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in _NO_HARDLINK:
                    raise
                # File systems without hard links (FAT, some network shares): reserve the name
                # exclusively, then replace our own placeholder.
                try:
                    fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                except FileExistsError:
                    continue
                os.close(fd)
                os.replace(temp, candidate)
            else:
                os.unlink(temp)
            _fsync_path(os.path.dirname(candidate), directory=True)
            return candidate
    except OSError as exc:
        raise map_os_error(exc) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def discard(temp: str | None) -> None:
    """Remove a temp file if it exists; never raises."""
    if not temp:
        return
    with contextlib.suppress(OSError):
        os.unlink(temp)


def map_os_error(exc: OSError, path: str | None = None) -> ProcessingError:
    """Turn an OSError on an output into a typed error (disk full, unwritable...)."""
    where = path or getattr(exc, "filename", None) or ""
    details: dict[str, Any] = {"path": where, "errno": exc.errno}
    text = f"{exc.strerror or exc}" + (f": {where}" if where else "")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return DiskFullError(f"no space left on device: {where}", details=details)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR, errno.EISDIR,
                     errno.ENAMETOOLONG):
        return ProcessingError(f"cannot write the output: {text}", code=ErrorCode.OUTPUT_UNWRITABLE, details=details)
    return ProcessingError(f"output error: {text}", code=ErrorCode.OUTPUT_UNWRITABLE, details=details)


def check_writable(directory: str) -> None:
    """Create and remove a hidden file in ``directory``; raise the mapped error (``output_unwritable``, or
    ``disk_full`` when not even a file entry fits) if that fails. It answers for the real file system (read-only
    mounts, ACLs, network shares), where ``os.access`` may guess wrong."""
    # named like a partial result, so a leftover of a process killed in between is cleaned at the next start
    probe_path = os.path.join(directory, f".write-test.mediacraft-{secrets.token_hex(4)}.part")
    try:
        fd = os.open(probe_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise map_os_error(exc, directory) from exc
    os.close(fd)
    discard(probe_path)


def check_free_space(directory: str, needed_bytes: int) -> int:
    """Raise DiskFullError if ``directory`` has less than ``needed_bytes`` free; return the free bytes."""
    try:
        free = shutil.disk_usage(directory).free
    except OSError as exc:
        raise map_os_error(exc, directory) from exc
    if free < needed_bytes:
        raise DiskFullError(
            f"not enough free space in {directory}: {free // 2**20} MB free, about {needed_bytes // 2**20} MB needed",
            details={"path": directory, "free": free, "needed": int(needed_bytes)},
        )
    return free


def verify_output(
    path: str,
    expect: dict[str, Any],
    *,
    cancel: CancelToken | None = None,
    on_progress: Callable[[float], None] | None = None,
):
    """Probe ``path`` and check it against ``expect``; return the MediaInfo or raise VerifyError.

    ``expect`` keys (all optional): ``video`` / ``audio`` (exact stream counts, attached pictures
    ignored), ``duration`` (seconds) with ``duration_tolerance`` (default 0.1 s),
    ``stream_durations`` (bool, default True when ``duration`` is given: every stream must also match),
    ``width`` / ``height``, ``decode`` (True: full decode with ``-v error -f null``, any error fails;
    ``"keyframes"``: decode only video keyframes, plus all audio).
    """
    from processors.probe import probe

    try:
        info = probe(path)
    except ProcessingError as exc:
        raise VerifyError(f"the result cannot be read: {exc.detail}", log_lines=exc.log_lines,
                          details={"path": path}) from exc
    problems: list[dict[str, Any]] = []
    videos = [v for v in info.video if not v.attached_pic]
    if "video" in expect and expect["video"] is not None and len(videos) != int(expect["video"]):
        problems.append({"param": "video_streams", "expected": int(expect["video"]), "actual": len(videos)})
    if "audio" in expect and expect["audio"] is not None and len(info.audio) != int(expect["audio"]):
        problems.append({"param": "audio_streams", "expected": int(expect["audio"]), "actual": len(info.audio)})
    main = info.main_video
    for key in ("width", "height"):
        if expect.get(key) is not None and (main is None or getattr(main, key) != int(expect[key])):
            problems.append({"param": key, "expected": int(expect[key]), "actual": getattr(main, key, None)})
    want = expect.get("duration")
    if want is not None:
        tol = float(expect.get("duration_tolerance", 0.1))
        got = info.duration
        if got is None or abs(got - float(want)) > tol:
            problems.append({"param": "duration", "expected": round(float(want), 3),
                             "actual": None if got is None else round(got, 3), "tolerance": tol})
        if expect.get("stream_durations", True):
            for kind, streams in (("video", videos), ("audio", info.audio)):
                for s in streams:
                    if s.duration is not None and abs(s.duration - float(want)) > tol:
                        problems.append({"param": f"{kind}_duration", "stream": s.index,
                                         "expected": round(float(want), 3), "actual": round(s.duration, 3),
                                         "tolerance": tol})
    if problems:
        raise VerifyError("the result does not match what was expected: " + "; ".join(
            f"{p['param']} expected {p['expected']} got {p['actual']}" for p in problems),
            details={"path": path, "problems": problems})
    if expect.get("decode"):
        decode_check(path, cancel=cancel, on_progress=on_progress, total_seconds=info.duration,
                     keyframes_only=expect["decode"] == "keyframes")
    return info


def decode_check(
    path: str,
    *,
    cancel: CancelToken | None = None,
    on_progress: Callable[[float], None] | None = None,
    total_seconds: float | None = None,
    keyframes_only: bool = False,
) -> None:
    """Decode every stream of ``path`` (video keyframes only with ``keyframes_only``: every GOP start,
    a small fraction of the cost); raise VerifyError if ffmpeg reports any error."""
    from processors.ffrun import input_arg, run_ffmpeg

    token = cancel or CancelToken()
    skip = ["-skip_frame:v", "nokey"] if keyframes_only else []
    try:
        lines = run_ffmpeg(["-v", "error", *skip, "-i", input_arg(path), "-map", "0:v?", "-map", "0:a?", "-f", "null",
                            "-"],
                           cancel=token, on_progress=on_progress, total_seconds=total_seconds)
    except ProcessingError as exc:
        if isinstance(exc, DiskFullError):
            raise
        raise VerifyError("the result does not decode cleanly", log_lines=exc.log_lines,
                          details={"path": path}) from exc
    errors = [ln for ln in lines if ln.strip()]
    if errors:
        raise VerifyError("the result does not decode cleanly", log_lines=errors[-20:], details={"path": path})
