"""Errors the core raises to its callers (UI, CLI); words are the caller's job."""

from __future__ import annotations

from typing import Any


class SubmitError(Exception):
    """A submission that can be refused at once (unknown type, no inputs, bad config)."""

    def __init__(self, code: str, detail: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.details = dict(details or {})


class UnknownTask(KeyError):
    """No task with that id."""
