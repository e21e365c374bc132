"""Crash-safe file replacement and recognising the temp files of writers that died.

A write goes to ``.<stem>.<pid>-<random>.tmp`` in the target's folder, is flushed and fsynced, then
``os.replace``-d over the target; the caller fsyncs the folder so the rename itself is durable. A reader
therefore sees either the old or the new complete file, never a mix. Temp files left by a killed writer
are recognised by the writer's pid (POSIX) or their age, so a reader never deletes a live writer's file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import threading
import time
from pathlib import Path

TMP_SUFFIX = ".tmp"
STALE_AGE_S = 300.0  # no live writer takes this long to write one small document
_TMP_NAME = re.compile(r"^\.(?P<stem>.+)\.(?P<pid>\d+)-[0-9a-f]+\.tmp$")
_REPLACE_RETRIES = 10  # Windows: a reader or a virus scanner may hold the target open for a moment

_in_flight: set[str] = set()  # names of temp files this process is writing right now (any thread, any store)
_in_flight_lock = threading.Lock()


def temp_path(final: Path) -> Path:
    return final.with_name(f".{final.stem}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(TMP_SUFFIX)


def write_atomic(final: Path, data: bytes) -> None:
    """Replace ``final`` with ``data`` (durable file contents; fsync the folder afterwards for the rename)."""
    tmp = temp_path(final)
    key = tmp.name
    with _in_flight_lock:
        _in_flight.add(key)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        with _in_flight_lock:
            _in_flight.discard(key)


def _replace(src: Path, dst: Path) -> None:
    for attempt in range(_REPLACE_RETRIES):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == _REPLACE_RETRIES - 1:
                raise
            time.sleep(0.05)


def fsync_dir(path: Path) -> None:
    """Make renames and unlinks in ``path`` durable (POSIX; Windows has no directory fsync)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # some file systems cannot sync folders
            raise
    finally:
        os.close(fd)


def temp_is_stale(path: str, name: str) -> bool:
    """True if the temp file at ``path`` (named ``name``) belongs to no live writer, so a reader may delete it."""
    with _in_flight_lock:
        if name in _in_flight:
            return False
    match = _TMP_NAME.match(name)
    if match is None:  # not our naming: an old format or a stray file
        return True
    pid = int(match["pid"])
    if pid == os.getpid():  # ours but not in flight: a dead process that had our pid
        return True
    if os.name != "nt" and not _pid_alive(pid):
        return True
    try:
        return time.time() - os.stat(path).st_mtime > STALE_AGE_S
    except OSError:
        return False  # already gone (renamed by its writer)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: on Windows os.kill terminates the process
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    except OSError:
        return True
    return True
