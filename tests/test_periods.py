"""Reporting periods: parsing, labels, comparisons."""

from __future__ import annotations

from datetime import date

import pytest

from surveyapp.services.periods import Period, last_complete_quarter, parse


@pytest.mark.parametrize(
    "text, first, last, label",
    [
        ("2026-07", date(2026, 7, 1), date(2026, 7, 1), "Tháng 7/2026"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 1), "Quý 3/2026"),
        ("2025", date(2025, 1, 1), date(2025, 12, 1), "Năm 2025"),
        ("2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 1), "11/2025 – 02/2026"),
    ],
)
def test_parse_and_label(text, first, last, label):
    period = parse(text)
    assert (period.first, period.last, period.label) == (first, last, label)
    assert parse(period.code) == period


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26", "2026-07..2026-01", "", "x"])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError):
        parse(text)


def test_comparisons():
    quarter = parse("2026-Q1")
    assert quarter.compared_with("previous") == parse("2025-Q4")
    assert quarter.compared_with("year") == parse("2025-Q1")
    assert len(parse("2025-11..2026-02").months) == 4
    with pytest.raises(ValueError, match="previous"):
        quarter.compared_with("decade")


def test_default_is_the_last_complete_quarter():
    assert last_complete_quarter(date(2026, 12, 1)) == parse("2026-Q3")
    assert last_complete_quarter(date(2026, 1, 5)) == parse("2025-Q4")
    assert isinstance(last_complete_quarter(date(2026, 4, 1)), Period)
