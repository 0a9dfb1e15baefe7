"""Reporting periods: a month, a quarter, a year or a range of months, in local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
COMPARISONS = ("previous", "year")


def local_month(moment: datetime, zone: ZoneInfo) -> date:
    """The first day of the local month of a stored (naive UTC) time."""
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    return date(local.year, local.month, 1)


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _month(text: str) -> date:
    match = _MONTH.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM)")
    return date(int(match[1]), int(match[2]), 1)


@dataclass(frozen=True)
class Period:
    """First and last month (each the first day of its month), both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("a period cannot end before it starts")

    @property
    def months(self) -> list[date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month
        return [_add_months(self.first, step) for step in range(count + 1)]

    @property
    def code(self) -> str:
        """The form :func:`parse` reads back: 2026-07, 2026-Q3, 2026 or 2026-01..2026-06."""
        length = len(self.months)
        if length == 1:
            return f"{self.first:%Y-%m}"
        if length == 3 and self.first.month % 3 == 1:
            return f"{self.first.year}-Q{(self.first.month + 2) // 3}"
        if length == 12 and self.first.month == 1:
            return str(self.first.year)
        return f"{self.first:%Y-%m}..{self.last:%Y-%m}"

    @property
    def label(self) -> str:
        """Vietnamese label: "Tháng 7/2026", "Quý 3/2026", "Năm 2026", "01/2026 – 06/2026"."""
        code = self.code
        if _MONTH.match(code):
            return f"Tháng {self.first.month}/{self.first.year}"
        if _QUARTER.match(code):
            return f"Quý {code[-1]}/{self.first.year}"
        if _YEAR.match(code):
            return f"Năm {code}"
        return f"{self.first:%m/%Y} – {self.last:%m/%Y}"

    def shifted(self, months: int) -> Period:
        return Period(_add_months(self.first, months), _add_months(self.last, months))

    def compared_with(self, comparison: str) -> Period:
        """The previous period of the same length, or the same months a year before."""
        if comparison not in COMPARISONS:
            raise ValueError(f"comparison must be one of {', '.join(COMPARISONS)}")
        return self.shifted(-12 if comparison == "year" else -len(self.months))


def parse(text: str) -> Period:
    """A period from ``2026-07``, ``2026-Q3``, ``2026`` or ``2026-01..2026-06``."""
    text = text.strip()
    if match := _QUARTER.match(text):
        first = date(int(match[1]), 3 * int(match[2]) - 2, 1)
        return Period(first, _add_months(first, 2))
    if match := _YEAR.match(text):
        return Period(date(int(text), 1, 1), date(int(text), 12, 1))
    if match := _RANGE.match(text):
        return Period(_month(match[1]), _month(match[2]))
    month = _month(text)
    return Period(month, month)


def last_complete_quarter(today: date) -> Period:
    """The default period of a report: the last quarter that has ended."""
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    first = _add_months(this_quarter, -3)
    return Period(first, _add_months(first, 2))
