"""UTC timestamps in one format."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Current time as ISO-8601 UTC with milliseconds, e.g. ``2026-11-23T19:40:01.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
