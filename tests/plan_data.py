"""A province for plan tests with ratings whose indices are known exactly: every respondent
gives all criteria the same rating (5: satisfied, 2: not), so each component's index is the
share of satisfied respondents k / n and its se is sqrt(p (1 - p) / (n - 1))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import count

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, Instrument, PendingSummary, Response, Unit, User
from surveyapp.services.accounts import create_user
from surveyapp.services.rating_cells import fold_pending
from tests import factories

PASSWORD = "plans-pass-123"
BASELINE = "2026-Q1"
EVALUATION = "2026-Q3"
BEFORE_MONTHS = (1, 2, 3)
AFTER_MONTHS = (7, 8, 9)
_keys = count(1)


@dataclass(frozen=True)
class Counts:
    """Satisfied respondents out of n, before and after, per unit."""

    before: tuple[int, int]
    after: tuple[int, int]


def _insert(unit: Unit, months: tuple[int, ...], satisfied: int, n: int) -> None:
    desk = unit.desks[0]
    instrument = db.session.scalar(sa.select(Instrument).where(Instrument.code == "sipas-desk"))
    codes = [code for code in factories.full_answers() if code != "OVERALL"]
    for index in range(n):
        rating = 5 if index < satisfied else 2
        when = datetime(2026, months[index % len(months)], 10, 3, 0)
        response = Response(
            desk_id=desk.id, unit_id=unit.id, instrument_id=instrument.id, submitted_at=when,
            source="form", language="vi", submission_key=f"plan-{next(_keys)}",
            comment="Chờ đợi quá lâu." if rating == 2 and index % 5 == 0 else None,
        )  # fmt: skip
        db.session.add(response)
        db.session.flush()
        db.session.execute(
            sa.insert(Answer),
            [{"response_id": response.id, "criterion": c, "rating": rating} for c in codes]
            + [{"response_id": response.id, "criterion": "OVERALL", "rating": rating}],
        )
        db.session.add(PendingSummary(response_id=response.id))


def _commune(province: Unit, name: str) -> Unit:
    commune = factories.unit("commune", province, name)
    factories.desk_with_code(factories.unit("commune_centre", commune))
    return commune


def build(plan_unit: Counts, others: Counts, planned: Counts | None = None) -> dict:
    """Province with communes A (the plan's), B and C (comparison), D (another plan for the
    same component when ``planned`` is given); staff of every role."""
    province = factories.unit("province", name="Tỉnh Thử")
    units = {name: _commune(province, f"Xã {name}") for name in "ABC"}
    if planned is not None:
        units["D"] = _commune(province, "Xã D")
    for name, unit in units.items():
        counts = {"A": plan_unit, "D": planned}.get(name, others)
        centre = unit.children[0]
        _insert(centre, BEFORE_MONTHS, *counts.before)
        _insert(centre, AFTER_MONTHS, *counts.after)
    db.session.commit()
    fold_pending()
    users = {
        "sup_a": create_user("sup_a", PASSWORD, "supervisor", "Giám sát A", [units["A"]]),
        "sup_b": create_user("sup_b", PASSWORD, "supervisor", "Giám sát B", [units["B"]]),
        "reviewer": create_user("reviewer", PASSWORD, "reviewer", "Sở Nội vụ"),
        "reviewer2": create_user("reviewer2", PASSWORD, "reviewer", "Sở Nội vụ 2"),
        "admin": create_user("admin", PASSWORD, "admin", "Quản trị"),
    }
    db.session.commit()
    return {"province": province, "units": units, "users": users}


def user(name: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == name)).one()


def login(client, username: str) -> None:
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
