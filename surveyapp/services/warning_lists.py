"""Early warnings as the dashboards show them, and their acknowledgement.

Reads only the stored charts and warnings (``check-early-warnings`` computes them), so a
dashboard pays one indexed query. A warning is acknowledged by whoever manages the desk
(its unit's supervisors, administrators): it closes, and the desk's chart restarts from then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import abort

from surveyapp.extensions import db
from surveyapp.models import Desk, DeskChart, EarlyWarning, User
from surveyapp.models.clock import utcnow
from surveyapp.services import audit, permissions


@dataclass(frozen=True)
class DeskFlag:
    """A desk's early-warning state: "warning" (open), "watching" or "insufficient"."""

    state: str
    warning: EarlyWarning | None
    chart: DeskChart | None
    can_acknowledge: bool = False


def desk_flags(desk_ids: list[int], user: User) -> dict[int, DeskFlag]:
    """Desk id -> its state, for desks that were checked at least once."""
    charts = {
        c.desk_id: c
        for c in db.session.scalars(sa.select(DeskChart).where(DeskChart.desk_id.in_(desk_ids)))
    }
    warnings = {
        w.desk_id: w
        for w in db.session.scalars(
            sa.select(EarlyWarning).where(EarlyWarning.open_desk_id.in_(desk_ids))
        )
    }
    flags = {}
    for desk_id in set(charts) | set(warnings):
        warning, chart = warnings.get(desk_id), charts.get(desk_id)
        if warning is not None:
            allowed = permissions.can(user, "manage_desks", warning.desk.unit)
            flags[desk_id] = DeskFlag("warning", warning, chart, allowed)
        elif chart.p0 is None:
            flags[desk_id] = DeskFlag("insufficient", None, chart)
        else:
            flags[desk_id] = DeskFlag("watching", None, chart)
    return flags


def open_warnings(user: User, unit_ids: list[int]) -> list[EarlyWarning]:
    """Open warnings of active desks in these units that the user may see, oldest first."""
    query = (
        sa.select(EarlyWarning)
        .join(Desk, Desk.id == EarlyWarning.open_desk_id)
        .where(Desk.active.is_(True), Desk.unit_id.in_(unit_ids))
        .order_by(EarlyWarning.raised_at, EarlyWarning.id)
    )
    return list(db.session.scalars(permissions.restrict(query, user, Desk.unit_id)))


def acknowledge(user: User, warning_id: int, now: datetime | None = None) -> EarlyWarning:
    """Close an open warning: 404 if out of sight, 403 if not the user's to close, 409 if closed."""
    warning = db.get_or_404(EarlyWarning, warning_id)
    permissions.require(user, "manage_desks", warning.desk.unit)
    if warning.open_desk_id is None:
        abort(409, "this warning was already acknowledged")
    warning.open_desk_id = None
    warning.acknowledged_at = now or utcnow()
    warning.acknowledged_by_id = user.id
    audit.record(audit.Actor.of(user), "acknowledge_warning", warning, after={"open": False})
    db.session.commit()
    return warning
