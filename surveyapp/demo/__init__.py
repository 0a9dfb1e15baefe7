"""A believable demo province with a year of responses, for trying the service out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import sqlalchemy as sa

from surveyapp.demo.dates import month_starts
from surveyapp.demo.organisation import UNITS, create_demo_users, create_organisation
from surveyapp.demo.responses import insert_unit_responses
from surveyapp.extensions import db
from surveyapp.models import Desk, Unit
from surveyapp.services.builtins import install_builtins
from surveyapp.services.desk_codes import ensure_codes
from surveyapp.services.instruments import latest_instrument

RESPONSES_PER_DESK_MONTH = 55


@dataclass(frozen=True)
class DemoSummary:
    units: int
    desks: int
    responses: int
    accounts: list[tuple[str, str, str]]


def is_seeded() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) > 0


def seed_demo(seed: int = 2026, today: date | None = None) -> DemoSummary:
    """Create the demo province, staff and a year of responses, in one transaction."""
    install_builtins()
    instrument = latest_instrument("sipas-desk")
    units = create_organisation()
    accounts = create_demo_users(units)
    rng = np.random.default_rng(seed)
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    today = today or datetime.now(zone).date()
    months = month_starts(today)
    total = 0
    for spec in UNITS:
        unit = units[spec.code]
        if unit.desks:
            count = int(RESPONSES_PER_DESK_MONTH * len(unit.desks) * len(months) * spec.volume)
            total += insert_unit_responses(rng, unit, spec, instrument, months, count, zone, today)
    db.session.commit()
    desks = list(db.session.scalars(sa.select(Desk)))
    ensure_codes(desks)
    if db.engine.dialect.name == "postgresql":
        _reset_sequences()
    return DemoSummary(len(units), len(desks), total, accounts)


def _reset_sequences() -> None:
    """The bulk insert sets ids itself; move PostgreSQL's sequences past them."""
    for table in ("responses",):
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )
    db.session.commit()
