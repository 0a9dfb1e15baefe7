"""Units and desks, as a given staff member may see them."""

from __future__ import annotations

from surveyapp.extensions import db
from surveyapp.models import Desk, Unit, User
from surveyapp.services.permissions import restrict


def desks_for(user: User) -> list[Desk]:
    """Active desks in the user's units, ordered by unit then desk code."""
    query = db.select(Desk).join(Unit).where(Desk.active.is_(True)).order_by(Unit.code, Desk.code)
    return list(db.session.scalars(restrict(query, user, Desk.unit_id)))
