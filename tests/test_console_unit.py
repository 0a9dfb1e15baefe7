"""A unit's page: figures from the export, the province's statuses, comments, who may see it."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import PendingSummary, Unit
from tests import factories
from tests.console_data import expected_from_export, export, login, vietnamese_percent


def _commune(name: str) -> Unit:
    return db.session.scalar(
        sa.select(Unit).where(Unit.name.like(f"{name}%"), Unit.type_code == "commune")
    )


def _component_figures(html: str) -> dict[str, tuple[str | None, int]]:
    table = html.split('class="figures"', 1)[1].split("</table>", 1)[0]
    found = {}
    for label, cell in re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table, re.S):
        code = "overall" if "SIPAS" in label else label.split()[0]
        percent = re.search(r"<strong>([\d,]+%)</strong>", cell)
        found[code] = (
            percent[1] if percent else None,
            int(re.search(r"n&nbsp;=&nbsp;([\d.]+)", cell)[1].replace(".", "")),
        )
    return found


def test_unit_figures_equal_score_on_its_exported_responses(
    client, runner, console_province, tmp_path
):
    unit = _commune("Phường Đức Xuân")
    login(client, "sup")
    html = client.get(f"/console/units/{unit.id}?period=2026-Q3&compare=none").get_data(
        as_text=True
    )
    rows = [
        r
        for r in export(runner, tmp_path)
        if r["unit_name"].startswith("Trung tâm")
        and r["desk_code"].startswith(unit.children[0].code)
    ]
    expected, count = expected_from_export(rows, ("2026-07", "2026-09"))
    assert count == 45
    shown = _component_figures(html)
    for row in expected.rows():
        if row["level"] in ("component", "overall"):
            percent, n = shown[row["code"]]
            assert n == row["n"] and percent == vietnamese_percent(row["estimate"])


def test_a_unit_shows_the_same_status_as_on_the_province_page(client, console_province):
    unit = _commune("Xã Chợ Rã")
    login(client, "reviewer")
    province = client.get("/console/province?period=2026-Q3&compare=none").get_data(as_text=True)
    page = client.get(f"/console/units/{unit.id}?period=2026-Q3&compare=none").get_data(
        as_text=True
    )
    row = province.split(f'<th scope="row">{unit.name}</th>', 1)[1].split("</tr>", 1)[0]
    province_statuses = re.findall(r'class="cell st-(\w+)"', row)
    table = page.split('class="figures"', 1)[1].split("</table>", 1)[0]
    unit_statuses = re.findall(r'class="badge st-(\w+)"', table)[1:]  # after the overall row
    assert province_statuses == unit_statuses and "significantly_below" in unit_statuses


def test_a_successor_shows_its_predecessors_history(client, console_province):
    unit = _commune("Xã Chợ Rã")
    login(client, "reviewer")
    html = client.get(f"/console/units/{unit.id}?period=2025-06&compare=none").get_data(
        as_text=True
    )
    assert "gồm: Xã Thượng Giáo" in html and "(cũ)" in html
    assert "n&nbsp;=&nbsp;12" in html and "chưa đủ dữ liệu" in html


def test_comments_newest_first_searchable_and_filtered(client, console_province):
    unit = _commune("Phường Đức Xuân")
    desk = unit.children[0].desks[0]
    for day, text, overall in (
        (1, "Cán bộ nhiệt tình", 5),
        (2, "Chờ quá lâu", 2),
        (3, "Hướng dẫn rõ ràng", 4),
    ):
        ratings = factories.full_answers() | {"OVERALL": overall}
        stored = factories.response(desk, datetime(2026, 8, day, 3), ratings, comment=text)
        db.session.add(PendingSummary(response_id=stored.id))
    db.session.commit()
    login(client, "sup")
    base = f"/console/units/{unit.id}?period=2026-Q3&compare=none"
    html = client.get(base).get_data(as_text=True)
    assert html.index("Hướng dẫn rõ ràng") < html.index("Chờ quá lâu") < html.index("Cán bộ")
    assert "Chờ quá lâu" in client.get(base + "&q=quá").get_data(as_text=True)
    assert "Cán bộ" not in client.get(base + "&q=quá").get_data(as_text=True)
    only_low = client.get(base + "&overall=2").get_data(as_text=True)
    assert "Chờ quá lâu" in only_low and "Hướng dẫn rõ ràng" not in only_low
    assert client.get(base + "&overall=9").status_code == 400


def test_supervisors_see_only_their_units(client, console_province):
    own, other = _commune("Phường Đức Xuân"), _commune("Xã Chợ Rã")
    assert client.get(f"/console/units/{own.id}").status_code == 302
    login(client, "sup")
    assert client.get(f"/console/units/{own.id}").status_code == 200
    assert client.get(f"/console/units/{own.children[0].id}").status_code == 200
    assert client.get(f"/console/units/{other.id}").status_code == 404
    assert client.get("/console/units/999999").status_code == 404


def test_each_role_lands_where_it_works(client, console_province):
    login(client, "sup")
    assert client.get("/console/").headers["Location"].startswith("/console/units/")
    client.post("/auth/logout")
    login(client, "reviewer")
    assert client.get("/console/").headers["Location"] == "/console/province"


CONSOLE_MATRIX = [
    # role, page, expected status
    (None, "province", 302), (None, "own", 302), (None, "other", 302),
    ("sup", "province", 403), ("sup", "own", 200), ("sup", "other", 404),
    ("reviewer", "province", 200), ("reviewer", "own", 200), ("reviewer", "other", 200),
    ("admin", "province", 200), ("admin", "own", 200), ("admin", "other", 200),
]  # fmt: skip


@pytest.mark.parametrize("role, page, expected", CONSOLE_MATRIX)
def test_console_pages_by_role_and_unit(client, console_province, role, page, expected):
    from surveyapp.services.accounts import create_user

    create_user("admin", "console-pass-123", "admin", "Quản trị")
    db.session.commit()
    paths = {
        "province": "/console/province",
        "own": f"/console/units/{_commune('Phường Đức Xuân').id}",
        "other": f"/console/units/{_commune('Xã Chợ Rã').id}",
    }
    if role:
        login(client, role)
    response = client.get(paths[page] + "?period=2026-Q3")
    assert response.status_code == expected
    if expected == 302:
        assert "/auth/login" in response.headers["Location"]
    if role == "sup" and expected == 200:
        assert "Xã Chợ Rã" not in response.get_data(as_text=True)
