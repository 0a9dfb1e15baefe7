"""The province overview: its figures recomputed from the CSV export, and who may see it."""

from __future__ import annotations

import re

import pytest

from tests.console_data import (
    expected_from_export,
    export,
    login,
    page_figures,
    vietnamese_percent,
)


def test_province_figures_equal_score_on_the_exported_responses(
    client, runner, console_province, tmp_path
):
    login(client, "reviewer")
    response = client.get("/console/province?period=2026-Q3&compare=none")
    assert response.status_code == 200
    shown = page_figures(response.get_data(as_text=True))
    expected, count = expected_from_export(export(runner, tmp_path), ("2026-07", "2026-09"))
    assert count == 85
    for row in expected.rows():
        if row["level"] not in ("component", "overall"):
            continue
        percent, n = shown[row["code"] if row["level"] == "component" else "overall"]
        assert n == row["n"]
        assert percent == (vietnamese_percent(row["estimate"]) if row["n"] >= 30 else None)


def test_predecessor_history_counts_for_its_successor(client, console_province):
    login(client, "reviewer")
    html = client.get("/console/province?period=2025-06&compare=none").get_data(as_text=True)
    assert "Xã Chợ Rã" in html and "Xã Thượng Giáo" not in html
    assert "n&nbsp;=&nbsp;12" in html


def test_a_small_period_shows_not_enough_data_with_its_n(client, console_province):
    login(client, "reviewer")
    html = client.get("/console/province?period=2025-06&compare=none").get_data(as_text=True)
    assert "chưa đủ dữ liệu" in html
    assert not re.search(r"<strong>[\d,]+%</strong> <small>\(n&nbsp;=&nbsp;12;", html)


@pytest.mark.parametrize("path", ["/console/province", "/console/province?period=2026-Q3"])
def test_supervisors_and_anonymous_visitors_cannot_see_the_province(client, console_province, path):
    response = client.get(path)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login(client, "sup")
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("period", ["2026-13", "last year", "2026-Q9"])
def test_a_bad_period_is_a_clear_400(client, console_province, period):
    login(client, "reviewer")
    response = client.get(f"/console/province?period={period}")
    assert response.status_code == 400
