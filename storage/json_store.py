"""One JSON file per task: ``<root>/<task_id>.json``, written atomically, bad files quarantined.

Safe against a writer killed at any moment (a reader sees the old or the new document, never a torn one)
and against several readers; one process should write at a time (the app holds an instance lock).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.atomic import fsync_dir, is_temp_name, temp_is_stale, write_atomic
from storage.base import QuarantinedFile, TaskStore

QUARANTINE = "quarantine"
REASON_SUFFIX = ".reason.txt"
MAX_DOC_BYTES = 64 * 1024 * 1024  # a task document is a few KB; anything this big is not one
READ_CHUNK = 64 * 1024
PARALLEL_SAVE_MIN = 4  # save_many writes this many or more documents in parallel (fsyncs share journal commits)
PARALLEL_SAVE_THREADS = 8

# the canonical text form of a UUID, exactly what str(uuid.UUID(...)) produces
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic GC while parsing: it would rescan the growing result ~every 700 new dicts
    (40 % of the load time for 10,000 tasks). Nested and concurrent uses restore the state once."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_task_id(task_id: Any) -> str:
    """Only canonical (lower-case, hyphenated) UUID strings name files: no path tricks, one spelling per task."""
    if not isinstance(task_id, str):
        raise ValueError(f"task_id must be a UUID string, not {type(task_id).__name__}")
    if _CANONICAL_UUID.fullmatch(task_id) is None:
        raise ValueError(f"task_id is not a canonical UUID string: {task_id!r}")
    return task_id


def encode(task: dict[str, Any]) -> bytes:
    """UTF-8 JSON; strings with lone surrogates (undecodable file names) are escaped so they round-trip."""
    if not isinstance(task, dict):
        raise TypeError(f"a task document must be a dict, not {type(task).__name__}")
    try:
        return json.dumps(task, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(task, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_file(path: str) -> bytes:
    """The file's bytes (at most MAX_DOC_BYTES + 1); plain fd reads, cheaper than ``open()`` per file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_DOC_BYTES:
            chunk = os.read(fd, READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def decode(raw: bytes, stem: str) -> tuple[dict[str, Any] | None, str]:
    """The document in ``raw`` read from ``<stem>.json``, or ``(None, why it is unusable)``."""
    if not raw:
        return None, "empty file"
    if len(raw) > MAX_DOC_BYTES:
        return None, f"larger than {MAX_DOC_BYTES} bytes"
    try:
        doc = json.loads(raw)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text: {exc.reason} at byte {exc.start}"
    except ValueError as exc:  # JSONDecodeError
        return None, f"invalid JSON: {exc}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    if not isinstance(doc, dict):
        return None, f"not a JSON object but a {type(doc).__name__}"
    task_id = doc.get("task_id")
    if task_id is None:
        return None, "no task_id"
    if task_id != stem:
        return None, f"task_id mismatch: the document says {task_id!r}"
    if _CANONICAL_UUID.fullmatch(stem) is None:
        return None, "task_id is not a canonical UUID"
    return doc, ""


class JsonTaskStore(TaskStore):
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.quarantine_dir = self.root / QUARANTINE
        self.root.mkdir(parents=True, exist_ok=True)
        self._this_session: dict[str, QuarantinedFile] = {}  # by path: reasons we know better than the notes
        self._unmoved: list[QuarantinedFile] = []  # bad files we could not move (last load)

    def __repr__(self) -> str:
        return f"JsonTaskStore({str(self.root)!r})"

    def path_for(self, task_id: str) -> Path:
        return self.root / f"{check_task_id(task_id)}.json"

    # ---------------------------------------------------------------- writing
    def save(self, task: dict[str, Any]) -> None:
        data = encode(task)
        write_atomic(self.path_for(task.get("task_id")), data)
        fsync_dir(self.root)

    def save_many(self, tasks: list[dict[str, Any]]) -> None:
        """Save all (the last copy wins for a repeated id); on failure the others are still saved, then it raises."""
        jobs: dict[Path, bytes] = {}
        for task in tasks:  # refuse bad input before writing anything
            data = encode(task)
            path = self.path_for(task.get("task_id"))
            jobs.pop(path, None)
            jobs[path] = data
        if not jobs:
            return
        errors: list[BaseException] = []

        def write(item: tuple[Path, bytes]) -> None:
            try:
                write_atomic(*item)
            except Exception as exc:  # noqa: BLE001 - collected and re-raised below
                errors.append(exc)

        if len(jobs) < PARALLEL_SAVE_MIN:
            for item in jobs.items():
                write(item)
        else:
            with ThreadPoolExecutor(min(PARALLEL_SAVE_THREADS, len(jobs)), "mediacraft-store-save") as pool:
                list(pool.map(write, jobs.items()))
        if len(errors) < len(jobs):
            fsync_dir(self.root)
        if errors:
            raise errors[0]

    def delete(self, task_id: str) -> None:
        try:
            os.unlink(self.path_for(task_id))
        except FileNotFoundError:
            return
        fsync_dir(self.root)

    # ---------------------------------------------------------------- reading
    def load_all(self) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        self._unmoved = []
        try:
            entries = os.scandir(self.root)
        except FileNotFoundError:
            self.root.mkdir(parents=True, exist_ok=True)
            return tasks
        with entries, _gc_paused():
            for entry in entries:
                name = entry.name
                if not name.endswith(".json"):
                    if is_temp_name(name) and temp_is_stale(entry.path, name):  # a writer died before its rename
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    raw = read_file(entry.path)
                except FileNotFoundError:
                    continue  # deleted since the listing
                except OSError as exc:
                    self._quarantine(entry.path, name, f"unreadable: {exc.strerror or exc}")
                    continue
                doc, reason = decode(raw, name[:-5])
                if doc is None:
                    self._quarantine(entry.path, name, reason)
                else:
                    tasks.append(doc)
        return tasks

    def _quarantine(self, path: str, name: str, reason: str) -> None:
        """Move a bad file aside with a note saying why; if that fails, report it where it is."""
        moved_at = _now()
        try:
            self.quarantine_dir.mkdir(exist_ok=True)
            target = self._reserve(name)
            try:
                os.replace(path, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                raise
        except FileNotFoundError as exc:
            if not os.path.exists(path):
                return  # removed meanwhile (e.g. another reader set it aside)
            self._unmoved.append(QuarantinedFile(path, name, f"{reason} (not moved: {exc})", moved_at))
            return
        except OSError as exc:
            self._unmoved.append(QuarantinedFile(path, name, f"{reason} (not moved: {exc})", moved_at))
            return
        found = QuarantinedFile(str(target), name, reason, moved_at)
        self._this_session[found.path] = found
        with contextlib.suppress(OSError):  # without a note it is still listed, with this session's reason
            target.with_name(target.name + REASON_SUFFIX).write_text(f"{name}\n{moved_at}\n{reason}\n",
                                                                      encoding="utf-8")

    def _reserve(self, name: str) -> Path:
        """A fresh file name in the quarantine folder (claimed with O_EXCL, so nothing is ever overwritten)."""
        stem, dot, suffix = name.rpartition(".")
        n = 0
        while True:
            candidate = self.quarantine_dir / (name if n == 0 else f"{stem}.{n}{dot}{suffix}")
            n += 1
            if os.path.lexists(candidate.with_name(candidate.name + REASON_SUFFIX)):
                continue
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                continue
            return candidate

    def quarantined(self) -> list[QuarantinedFile]:
        found = list(self._unmoved)
        try:
            entries = list(os.scandir(self.quarantine_dir))
        except OSError:  # no quarantine folder (nothing set aside) or unreadable
            return found
        for entry in entries:
            if entry.name.endswith(REASON_SUFFIX) or not entry.is_file(follow_symlinks=False):
                continue
            known = self._this_session.get(entry.path)
            found.append(known if known is not None else self._read_note(entry))
        found.sort(key=lambda q: (q.moved_at, q.original_name))
        return found

    @staticmethod
    def _read_note(entry: os.DirEntry[str]) -> QuarantinedFile:
        try:
            with open(entry.path + REASON_SUFFIX, encoding="utf-8") as fh:
                original, moved_at, reason = (fh.read().split("\n", 2) + ["", ""])[:3]
            return QuarantinedFile(entry.path, original or entry.name, reason.strip() or "reason unknown",
                                   moved_at)
        except (OSError, UnicodeDecodeError):
            with contextlib.suppress(OSError):
                mtime = datetime.fromtimestamp(entry.stat().st_mtime, UTC)
                return QuarantinedFile(entry.path, entry.name, "reason unknown (no note)",
                                       mtime.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
            return QuarantinedFile(entry.path, entry.name, "reason unknown (no note)", "")

    def usage_bytes(self) -> int:
        total = 0
        for folder in (self.root, self.quarantine_dir):
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        with contextlib.suppress(OSError):
                            if entry.is_file(follow_symlinks=False):
                                total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
        return total
