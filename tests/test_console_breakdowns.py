"""Breakdowns by procedure and demographic group: counts from the fold, small cells hidden."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import BreakdownCount, Choice, PendingSummary, Response
from surveyapp.services import rating_cells
from surveyapp.services.accounts import create_user
from tests import factories

PASSWORD = "breakdown-pass-1"
# sex, respondents, overall rating of each
GROUPS = [("female", 40, 5), ("male", 33, 2), ("", 10, 4)]


def _responses(desk):
    procedure = desk.unit.procedures[0]
    for sex, count, overall in GROUPS:
        for number in range(count):
            ratings = factories.full_answers() | {"OVERALL": overall}
            stored = factories.response(desk, datetime(2026, 8, 1 + number % 20, 3), ratings)
            stored.procedure_id = procedure.id if number % 2 else None
            if sex:
                db.session.add(Choice(response_id=stored.id, question="sex", option=sex))
            if sex == "female":  # 3, 17 and 20 respondents in three age bands
                band = "18-24" if number < 3 else "25-34" if number < 20 else "35-49"
                db.session.add(Choice(response_id=stored.id, question="age_band", option=band))
            db.session.add(PendingSummary(response_id=stored.id))
    db.session.commit()


def test_counts_equal_the_responses_and_a_rebuild(app):
    desk = factories.desk_with_code()
    _responses(desk)
    rating_cells.fold_pending(batch=17)
    stored = {
        (r.dimension, r.value): (r.respondents, r.overall_valid, r.overall_satisfied)
        for r in db.session.scalars(sa.select(BreakdownCount))
    }
    assert stored[("all", "")] == (83, 83, 50)
    assert stored[("sex", "female")] == (40, 40, 40) and stored[("sex", "male")] == (33, 33, 0)
    with_procedure = db.session.scalar(
        sa.select(sa.func.count()).where(Response.procedure_id.is_not(None))
    )
    assert stored[("procedure", desk.unit.procedures[0].code)][0] == with_procedure
    rating_cells.rebuild()
    again = {
        (r.dimension, r.value): (r.respondents, r.overall_valid, r.overall_satisfied)
        for r in db.session.scalars(sa.select(BreakdownCount))
    }
    assert again == stored


def test_small_groups_are_hidden_with_a_complementary_one(client):
    desk = factories.desk_with_code()
    _responses(desk)
    create_user("sup", PASSWORD, "supervisor", "Giám sát", [desk.unit])
    db.session.commit()
    client.post("/auth/login", data={"username": "sup", "password": PASSWORD})
    html = client.get(f"/console/units/{desk.unit_id}?period=2026-Q3&compare=none").get_data(
        as_text=True
    )
    ages = html.split("<caption>Độ tuổi</caption>", 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(.*?)</td>', ages, re.S))
    hidden = {label for label, cell in rows.items() if "ẩn: quá ít người trả lời" in cell}
    assert hidden == {"18–24", "25–34"}  # the small one and a complementary one
    assert "n&nbsp;=&nbsp;20" in rows["35–49"] and "n&nbsp;=&nbsp;3)" not in ages
    female = html.split(">Nữ</th>", 1)[1].split("</tr>", 1)[0]
    assert "<strong>100,0%</strong>" in female and "n&nbsp;=&nbsp;40" in female
