"""Dates for the demo: a fixed 18-month window around the reform, working-hour timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

# The provinces and communes of 1 July 2025 started work on this day (Nghị quyết 202/2025/QH15).
REFORM_DAY = date(2025, 7, 1)
FIRST_MONTH = date(2025, 6, 1)
MONTHS = 18  # June 2025 to November 2026: the merger is always inside the data.
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def month_starts(first: date = FIRST_MONTH, months: int = MONTHS) -> list[date]:
    """First days of ``months`` consecutive months from ``first``."""
    starts, year, month = [], first.year, first.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return starts


def _last_day(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def business_times(
    rng: np.random.Generator, month: date, count: int, zone: ZoneInfo = ZONE
) -> list[datetime]:
    """Working-hour times (07:30-17:00 local, Monday to Friday) in a month, as naive UTC."""
    days = [month + timedelta(days=d) for d in range((_last_day(month) - month).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    picked = rng.integers(0, len(days), count)
    minutes = rng.integers(7 * 60 + 30, 17 * 60, count)
    times = []
    for day_index, minute in zip(picked, minutes, strict=True):
        local = datetime.combine(days[day_index], datetime.min.time(), zone)
        times.append((local + timedelta(minutes=int(minute))).astimezone(UTC).replace(tzinfo=None))
    return times
