"""One JSON file per task: ``<root>/<task_id>.json``, written atomically, bad files quarantined."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.base import QuarantinedFile, TaskStore

QUARANTINE = "quarantine"
REASON_SUFFIX = ".reason.txt"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _check_id(task_id: Any) -> str:
    """Only canonical UUID strings name files (no path tricks)."""
    if not isinstance(task_id, str):
        raise ValueError(f"task_id must be a string, not {type(task_id).__name__}")
    try:
        canonical = str(uuid.UUID(task_id))
    except ValueError:
        raise ValueError(f"task_id is not a UUID: {task_id!r}") from None
    if canonical != task_id:
        raise ValueError(f"task_id is not in canonical form: {task_id!r}")
    return task_id


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JsonTaskStore(TaskStore):
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.quarantine_dir = self.root / QUARANTINE
        self.root.mkdir(parents=True, exist_ok=True)
        self._unmoved: list[QuarantinedFile] = []

    # ---------------------------------------------------------------- writing
    def _path(self, task_id: str) -> Path:
        return self.root / f"{_check_id(task_id)}.json"

    def save(self, task: dict[str, Any]) -> None:
        self._write(task)
        _fsync_dir(self.root)

    def save_many(self, tasks: list[dict[str, Any]]) -> None:
        for task in tasks:
            self._write(task)
        if tasks:
            _fsync_dir(self.root)

    def _write(self, task: dict[str, Any]) -> None:
        final = self._path(task.get("task_id"))
        data = json.dumps(task, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        tmp = self.root / f".{final.stem}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def delete(self, task_id: str) -> None:
        try:
            self._path(task_id).unlink()
        except FileNotFoundError:
            return
        _fsync_dir(self.root)

    # ---------------------------------------------------------------- reading
    def load_all(self) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        self._unmoved = []
        with os.scandir(self.root) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".tmp") and name.startswith("."):
                    with contextlib.suppress(OSError):  # a writer died before its rename
                        os.unlink(entry.path)
                    continue
                if not name.endswith(".json") or not entry.is_file(follow_symlinks=False):
                    continue
                doc, reason = self._read(entry.path, name[:-5])
                if doc is not None:
                    tasks.append(doc)
                else:
                    self._quarantine(Path(entry.path), reason)
        return tasks

    @staticmethod
    def _read(path: str, stem: str) -> tuple[dict[str, Any] | None, str]:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            return None, f"unreadable: {exc.strerror}"
        if not raw:
            return None, "empty file"
        try:
            doc = json.loads(raw)
        except UnicodeDecodeError as exc:
            return None, f"not UTF-8: {exc.reason}"
        except ValueError as exc:
            return None, f"invalid JSON: {exc}"
        if not isinstance(doc, dict):
            return None, f"not a JSON object but {type(doc).__name__}"
        if doc.get("task_id") != stem:
            return None, f"task_id {doc.get('task_id')!r} does not match the file name"
        return doc, ""

    def _quarantine(self, path: Path, reason: str) -> None:
        moved_at = _now()
        try:
            self.quarantine_dir.mkdir(exist_ok=True)
            target = self.quarantine_dir / path.name
            n = 1
            while target.exists() or target.with_name(target.name + REASON_SUFFIX).exists():
                target = self.quarantine_dir / f"{path.stem}.{n}{path.suffix}"
                n += 1
            os.replace(path, target)
            target.with_name(target.name + REASON_SUFFIX).write_text(
                f"{path.name}\n{moved_at}\n{reason}\n", encoding="utf-8")
        except OSError as exc:
            self._unmoved.append(QuarantinedFile(str(path), path.name, f"{reason} (could not move: {exc})",
                                                 moved_at))

    def quarantined(self) -> list[QuarantinedFile]:
        found = list(self._unmoved)
        if self.quarantine_dir.is_dir():
            for note in sorted(self.quarantine_dir.glob("*" + REASON_SUFFIX)):
                try:
                    original, moved_at, reason = (note.read_text(encoding="utf-8").split("\n", 2) + ["", ""])[:3]
                except OSError:
                    continue
                path = note.with_name(note.name[: -len(REASON_SUFFIX)])
                found.append(QuarantinedFile(str(path), original, reason.strip(), moved_at))
        return found

    def usage_bytes(self) -> int:
        total = 0
        for folder in (self.root, self.quarantine_dir):
            if folder.is_dir():
                with os.scandir(folder) as entries:
                    total += sum(e.stat().st_size for e in entries if e.is_file(follow_symlinks=False))
        return total
