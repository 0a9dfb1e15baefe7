"""Data for the early-warning tests: desks in two communes, supervisors, and responses whose
overall ratings follow a given 0/1 pattern ("not satisfied" = 1), inserted in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, Desk, Instrument, PendingSummary, Response
from surveyapp.services.accounts import create_user
from tests import factories

PASSWORD = "warning-pass-123"
# A check on 20 November 2026 (UTC): the chart counts from 1 October (local), the baseline
# is July to September.
NOW = datetime(2026, 11, 20, 5, 0)
BASELINE_START = datetime(2026, 7, 2)
CHART_START = datetime(2026, 10, 2)
_keys = count(1)


@dataclass(frozen=True)
class Place:
    desk: Desk
    other_desk: Desk  # in another commune, with its own supervisor


def build() -> Place:
    province = factories.unit("province", name="Tỉnh Thái Nguyên")
    communes = [factories.unit("commune", province, name) for name in ("Xã Ba Bể", "Xã Chợ Rã")]
    desks = [
        factories.desk_with_code(factories.unit("commune_centre", commune)) for commune in communes
    ]
    create_user("sup", PASSWORD, "supervisor", "Giám sát Ba Bể", [communes[0]])
    create_user("sup.centre", PASSWORD, "supervisor", "Tổ một cửa", [desks[0].unit])
    create_user("other", PASSWORD, "supervisor", "Giám sát Chợ Rã", [communes[1]])
    create_user("reviewer", PASSWORD, "reviewer", "Sở Nội vụ")
    create_user("admin", PASSWORD, "admin", "Quản trị")
    db.session.commit()
    return Place(desks[0], desks[1])


def add_responses(desk: Desk, start: datetime, pattern: list[int], step: timedelta) -> list:
    """One response per entry, ``step`` apart from ``start``: 1 -> overall 2, 0 -> overall 5.
    Returns their times."""
    instrument_id = db.session.scalar(
        sa.select(Instrument.id).where(Instrument.code == "sipas-desk")
    )
    first = (db.session.scalar(sa.select(sa.func.max(Response.id))) or 0) + 1
    times = [start + i * step for i in range(len(pattern))]
    responses = [
        {
            "id": first + i,
            "desk_id": desk.id,
            "unit_id": desk.unit_id,
            "instrument_id": instrument_id,
            "submitted_at": when,
            "source": "form",
            "language": "vi",
            "submission_key": f"warning-{next(_keys)}",
        }
        for i, when in enumerate(times)
    ]
    answers = [
        {"response_id": first + i, "criterion": "OVERALL", "rating": 2 if bad else 5}
        for i, bad in enumerate(pattern)
    ]
    db.session.execute(Response.__table__.insert(), responses)
    db.session.execute(Answer.__table__.insert(), answers)
    queued = [{"response_id": row["id"]} for row in responses]  # for the dashboards' cells
    db.session.execute(PendingSummary.__table__.insert(), queued)
    db.session.commit()
    return times


def baseline(desk: Desk, responses: int = 300, every: int = 5) -> None:
    """In-control baseline months: one dissatisfied citizen in ``every`` (p0 = 1/every)."""
    pattern = [1 if i % every == 0 else 0 for i in range(responses)]
    add_responses(desk, BASELINE_START, pattern, timedelta(hours=6))


def login(client, username: str) -> None:
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
