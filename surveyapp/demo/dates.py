"""Dates for the demo: the last twelve months and working-hour timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

MONTHS = 12


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """First days of the last ``months`` months, the current one last."""
    starts, year, month = [], today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def business_times(
    rng: np.random.Generator, month: date, count: int, zone: ZoneInfo, today: date
) -> list[datetime]:
    """Working-hour times (07:30-17:00 local, Monday to Friday) in a month, as naive UTC."""
    last = min(
        today, (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    )
    days = [month + timedelta(days=d) for d in range((last - month).days + 1)]
    days = [d for d in days if d.weekday() < 5] or [month]
    picked = rng.integers(0, len(days), count)
    minutes = rng.integers(7 * 60 + 30, 17 * 60, count)
    times = []
    for day_index, minute in zip(picked, minutes, strict=True):
        local = datetime.combine(days[day_index], datetime.min.time(), zone)
        times.append((local + timedelta(minutes=int(minute))).astimezone(UTC).replace(tzinfo=None))
    return times
