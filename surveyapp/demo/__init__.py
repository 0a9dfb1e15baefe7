"""The demo province: the new Thái Nguyên (with the former Bắc Kạn) and 18 months of responses
from June 2025 to November 2026, so that the reform of 1 July 2025 is inside the data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from surveyapp.demo.history import insert_history
from surveyapp.demo.organisation import create_demo_users, create_organisation, reorganise
from surveyapp.demo.quick import use_quick_form
from surveyapp.extensions import db
from surveyapp.models import Desk, Unit
from surveyapp.services.audit import Actor
from surveyapp.services.builtins import install_builtins
from surveyapp.services.desk_codes import ensure_codes
from surveyapp.services.instruments import latest_instrument


@dataclass(frozen=True)
class DemoSummary:
    units: int  # open units (the former ones closed on 1 July 2025 are not counted)
    desks: int  # active desks
    responses: int
    accounts: list[tuple[str, str, str]]  # username, role, what they see


def is_seeded() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) > 0


def seed_demo(seed: int = 2026) -> DemoSummary:
    """Create the demo province, its reorganisation, staff and 18 months of responses.

    The organisation services commit one use case at a time (each with its audit record, by
    the command ``seed-demo``); the responses go in afterwards in one transaction.
    """
    actor = Actor.command("seed-demo")
    install_builtins()
    instrument = latest_instrument("sipas-desk")
    created = create_organisation()
    reorganise(actor, created)
    accounts = create_demo_users(actor, created)
    use_quick_form(actor, created)
    total = insert_history(np.random.default_rng(seed), created, instrument)
    db.session.commit()
    desks = list(db.session.scalars(sa.select(Desk).where(Desk.active.is_(True))))
    ensure_codes(desks)
    if db.engine.dialect.name == "postgresql":
        reset_sequences()
    open_units = sum(unit.closed_on is None for unit in created.values())
    return DemoSummary(open_units, len(desks), total, accounts)


def reset_sequences() -> None:
    """The bulk insert sets ids itself; move PostgreSQL's sequences past them."""
    for table in ("responses",):
        db.session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        )
    db.session.commit()
