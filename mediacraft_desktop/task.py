"""The task document: one dataclass, serialised to one JSON object per task."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from mediacraft_desktop.states import TaskStatus, check_transition
from mediacraft_desktop.timeutil import utc_now

SCHEMA_VERSION = 1
MAX_LOG_ENTRIES = 500
SUMMARY_FIELDS = ("task_id", "name", "task_type", "status", "progress", "progress_message", "priority",
                  "created_at", "started_at", "completed_at", "output_path", "error_code", "error_message")


class TaskType:
    WATERMARK_REMOVAL = "watermark_removal"
    VIDEO_MERGE = "video_merge"
    TEST_STEPS = "test_steps"


@dataclass
class Task:
    task_type: str
    name: str
    task_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    schema_version: int = SCHEMA_VERSION
    status: TaskStatus = TaskStatus.CREATED
    progress: float = 0.0
    progress_message: str = ""
    created_at: str = field(default_factory=utc_now)
    started_at: str | None = None
    completed_at: str | None = None
    updated_at: str = field(default_factory=utc_now)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    output_path: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    attempts: int = 0
    max_attempts: int = 3
    notified: bool = False
    log: list[dict[str, str]] = field(default_factory=list)
    checkpoint: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)

    # -- state -----------------------------------------------------------------------------------------
    def transition(self, new: TaskStatus, message: str = "", level: str = "info") -> None:
        """Move to ``new`` (validated by the one transition table) and log it."""
        old = self.status
        check_transition(old, new)
        self.status = new
        now = utc_now()
        if new is TaskStatus.RUNNING:
            self.started_at = now
        if new.is_finished:
            self.completed_at = now
        elif new is TaskStatus.QUEUED:
            self.completed_at = None
        text = f"{old.value} -> {new.value}" + (f": {message}" if message else "")
        self.add_log(text, level)

    def add_log(self, message: str, level: str = "info") -> None:
        now = utc_now()
        self.log.append({"at": now, "level": level, "message": message})
        if len(self.log) > MAX_LOG_ENTRIES:
            # keep the first entries (creation) and the most recent ones
            del self.log[10 : len(self.log) - MAX_LOG_ENTRIES + 10]
        self.updated_at = now

    def touch(self) -> None:
        self.updated_at = utc_now()

    # -- serialisation ---------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    def summary(self) -> dict[str, Any]:
        """The stable short form (CLI ``--json`` lists, remote replies)."""
        data = self.to_dict()
        return {key: data[key] for key in SUMMARY_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        """Build from a stored document, migrating older schema versions; unknown keys go to metadata."""
        data = migrate(dict(data))
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        task = cls(**kwargs)
        task.status = TaskStatus(task.status)
        if extra:
            task.metadata.setdefault("unknown_fields", {}).update(extra)
        return task


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored document to SCHEMA_VERSION. Version 1 is the first; newer ones are refused."""
    version = int(data.get("schema_version", 1))
    if version > SCHEMA_VERSION:
        raise ValueError(f"task written by a newer version (schema {version} > {SCHEMA_VERSION})")
    data["schema_version"] = SCHEMA_VERSION
    return data
