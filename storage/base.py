"""The store interface every backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QuarantinedFile:
    """A stored record that could not be read and was set aside (or could not even be moved)."""

    path: str  # where it lives now (inside the quarantine folder), or where it stayed if moving failed
    original_name: str  # its file name in the store
    reason: str  # e.g. "invalid JSON: Expecting value: line 1 column 1 (char 0)", "task_id mismatch: ..."
    moved_at: str  # ISO-8601 UTC with milliseconds, e.g. "2026-11-23T20:04:44.123Z"


class TaskStore(ABC):
    """Durable task documents keyed by ``task_id``."""

    @abstractmethod
    def load_all(self) -> list[dict[str, Any]]:
        """Every valid task document; a bad record is set aside and reported, never raised."""

    @abstractmethod
    def save(self, task: dict[str, Any]) -> None:
        """Insert or replace ``task`` (identified by ``task["task_id"]``); durable on return."""

    def save_many(self, tasks: list[dict[str, Any]]) -> None:
        """Save several tasks; a backend may batch the work (durable on return, like ``save``)."""
        for task in tasks:
            self.save(task)

    @abstractmethod
    def delete(self, task_id: str) -> None:
        """Remove a task; no error if it does not exist."""

    @abstractmethod
    def quarantined(self) -> list[QuarantinedFile]:
        """Records set aside as unreadable (this load and earlier ones)."""

    @abstractmethod
    def usage_bytes(self) -> int:
        """Bytes the store occupies."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""
