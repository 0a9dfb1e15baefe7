"""A small province for console tests: two communes (one with a merged former commune),
desks, and responses with known ratings; a reviewer and a supervisor."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime

import numpy as np

import analysis
from surveyapp.extensions import db
from surveyapp.models import PendingSummary
from surveyapp.services import units
from surveyapp.services.accounts import create_user
from surveyapp.services.audit import Actor
from surveyapp.services.instruments import latest_version
from surveyapp.services.rating_cells import layout_of
from tests import factories

PASSWORD = "console-pass-123"
MONTHS = [datetime(2026, 7, 10), datetime(2026, 8, 3), datetime(2026, 9, 20)]


def _ratings(rng, good: float) -> dict:
    codes = layout_of(latest_version("sipas-desk").questionnaire)["criteria"]
    ratings = {}
    for code in codes:
        draw = rng.random()
        if draw < 0.08:
            ratings[code] = None
        elif draw < 0.95:
            ratings[code] = int(rng.choice([5, 4]) if rng.random() < good else rng.integers(1, 4))
    return ratings | {"OVERALL": int(rng.integers(1, 6))}


def build_province():
    """A province with two communes (one merged from a former one), desks and responses."""
    rng = np.random.default_rng(2026)
    root = factories.unit("province", name="Tỉnh Thái Nguyên")
    desks = []
    for name, good, count in (("Phường Đức Xuân", 0.9, 45), ("Xã Chợ Rã", 0.6, 40)):
        commune = factories.unit("commune", root, name)
        desk = factories.desk_with_code(factories.unit("commune_centre", commune))
        desks.append(desk)
        for _ in range(count):
            response = factories.response(desk, MONTHS[int(rng.integers(3))], _ratings(rng, good))
            db.session.add(PendingSummary(response_id=response.id))
    former = factories.unit("commune", root, "Xã Thượng Giáo")
    former_desk = factories.desk_with_code(former)
    for _ in range(12):
        response = factories.response(former_desk, datetime(2025, 6, 5), _ratings(rng, 0.5))
        db.session.add(PendingSummary(response_id=response.id))
    db.session.commit()
    units.merge_units(
        Actor.command("test"), desks[1].unit.parent, [former], date(2025, 7, 1), "Nghị quyết demo"
    )
    create_user("reviewer", PASSWORD, "reviewer", "Sở Nội vụ")
    create_user("sup", PASSWORD, "supervisor", "Giám sát", [desks[0].unit.parent])
    db.session.commit()
    return root


def login(client, username):
    client.post("/auth/login", data={"username": username, "password": PASSWORD})


def export(runner, tmp_path) -> list[dict]:
    out = tmp_path / "responses.csv"
    assert runner.invoke(args=["export-responses", "--out", str(out)]).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def expected_from_export(rows: list[dict], months: tuple[str, str]):
    layout = layout_of(latest_version("sipas-desk").questionnaire)
    chosen = [r for r in rows if months[0] <= r["submitted_at"][:7] <= months[1]]
    matrix = np.array(
        [
            [float(r[c]) if r[c] not in ("", "NA") else np.nan for c in layout["criteria"]]
            for r in chosen
        ]
    )
    return analysis.score(matrix, layout["components"], criteria=layout["criteria"]), len(chosen)


def page_figures(html: str) -> dict[str, tuple[str, int]]:
    """Index code -> (percentage as shown, n) from the province table."""
    table = html.split('class="figures"', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr[^>]*><th scope=\"row\">(.*?)</th><td>(.*?)</td>", table, re.S):
        label, cell = row
        code = "overall" if "SIPAS" in label else label.split()[0]
        percent = re.search(r"<strong>([\d,]+%)</strong>", cell)
        n = re.search(r"n&nbsp;=&nbsp;([\d.]+)", cell)
        found[code] = (percent[1] if percent else None, int(n[1].replace(".", "")))
    return found


def vietnamese_percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".", ",")
