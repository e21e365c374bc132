"""Arithmetic on the engine's ISO-8601 UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime


def parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def seconds_between(start: str | None, end: str | None) -> float | None:
    """Seconds from ``start`` to ``end`` (now when ``end`` is None); None without a start."""
    begin = parse(start)
    if begin is None:
        return None
    finish = parse(end) or datetime.now(UTC)
    return max(0.0, (finish - begin).total_seconds())
