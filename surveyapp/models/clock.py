"""Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current time in UTC without tzinfo (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)
