"""A late drop at one demo desk, so that the early warning shows: from 10 November 2026 the
Bắc Kạn branch's desk 2 gets extra visitors who are mostly not satisfied. The branch has no
plan, so no plan's story changes; its supervisor (chinhanh.backan) gets the notice.

Runs after the rating cells and plans are built: the new responses are queued and folded
like any others, then the check runs as at the end of the demo's window (1 December 2026),
whenever the demo is seeded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import sqlalchemy as sa

from surveyapp.demo import reset_sequences
from surveyapp.demo.dates import ZONE
from surveyapp.demo.simulation import simulate
from surveyapp.extensions import db
from surveyapp.models import Answer, Desk, PendingSummary, Response
from surveyapp.services.early_warning import CheckResult, check_early_warnings
from surveyapp.services.instruments import latest_instrument, questionnaire_for
from surveyapp.services.rating_cells import fold_pending

DESK = "TN.TTPV.BK.Q2"
FIRST_DAY, DAYS, COUNT = date(2026, 11, 10), 18, 60
SATISFIED = 0.35  # share satisfied per component of the extra visitors
CHECKED_AT = datetime(2026, 11, 30, 17, 0)  # 1 December 2026, 00:00 in Hà Nội (UTC)


def _times(rng: np.random.Generator) -> list[datetime]:
    days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS)]
    days = [day for day in days if day.weekday() < 5]
    times = []
    for day_index, minute in zip(
        rng.integers(0, len(days), COUNT), rng.integers(8 * 60, 16 * 60, COUNT), strict=True
    ):
        local = datetime.combine(days[day_index], datetime.min.time(), ZONE)
        local += timedelta(minutes=int(minute))
        times.append(local.astimezone(UTC).replace(tzinfo=None))
    return sorted(times)


def _insert(rng: np.random.Generator, desk: Desk) -> int:
    instrument = latest_instrument("sipas-desk")
    questionnaire = questionnaire_for(instrument)
    components = {c.component for c in questionnaire.criteria}
    simulated = simulate(rng, questionnaire, np.full((COUNT, len(components)), SATISFIED))
    start = (db.session.scalar(sa.select(sa.func.max(Response.id))) or 0) + 1
    ids = list(range(start, start + COUNT))
    codes = [c.code for c in questionnaire.criteria]
    responses = [
        {"id": response_id, "desk_id": desk.id, "unit_id": desk.unit_id,
         "instrument_id": instrument.id, "submitted_at": when, "source": "form",
         "language": "vi", "submission_key": f"demo-drop-{response_id:08d}"}
        for response_id, when in zip(ids, _times(rng), strict=True)
    ]  # fmt: skip
    answers = [
        {"response_id": response_id, "criterion": code, "rating": int(value) or None}
        for response_id, row, overall in zip(
            ids, simulated.ratings.tolist(), simulated.overall.tolist(), strict=True
        )
        for code, value in [*zip(codes, row, strict=True), ("OVERALL", overall)]
    ]
    db.session.execute(Response.__table__.insert(), responses)
    db.session.execute(Answer.__table__.insert(), answers)
    db.session.execute(PendingSummary.__table__.insert(), [{"response_id": i} for i in ids])
    return COUNT


def seed_warnings(seed: int = 2027) -> CheckResult:
    """Add the drop, fold it into the dashboards and run the check; returns what it raised."""
    desk = db.session.scalar(sa.select(Desk).where(Desk.code == DESK))
    if desk is not None:
        _insert(np.random.default_rng(seed), desk)
        db.session.commit()
        fold_pending()
        if db.engine.dialect.name == "postgresql":
            reset_sequences()
    return check_early_warnings(CHECKED_AT)
