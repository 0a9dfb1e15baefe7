"""Who may do what: the one place that answers it, for views, templates, commands and the API.

Administrators manage everything. Home Affairs reviewers read everything. A supervisor reads
the units given to them, everything below those units and the units merged into them (their
history), and manages the desks and procedures of those units.

Improvement plans: a unit's supervisors and administrators write its plans ("plan_edit");
whoever may view a unit reads its plans ("plan_view"); only Home Affairs reviewers approve or
return them ("plan_review": separation of duties, so not even an administrator; that nobody
approves their own plan is checked by services/plans.py).

Follow-up cases of low ratings hold a citizen's phone number or e-mail: only the supervisors of
the case's unit (the units given to them and those below, including a closed unit's history,
so a merger does not strand a call-back) see and work them ("follow_up_view",
"follow_up_edit"); not administrators, not reviewers. Those two read the number of cases by
unit and status ("follow_up_counts"), never a case, a note or a contact.
A unit's public results page is turned on and off by administrators only ("publish_results"):
not by the unit's supervisors, whose work it reports on, so that it is not switched off when
the figures fall.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from surveyapp.extensions import db
from surveyapp.models import Unit, User, user_units
from surveyapp.services.unit_tree import subtree_select

# Actions that concern one unit, and actions that concern the whole service.
UNIT_ACTIONS = (
    "view",
    "manage_desks",
    "manage_procedures",
    "plan_view",
    "plan_edit",
    "follow_up_view",
    "follow_up_edit",
    "publish_results",
)
GLOBAL_ACTIONS = (
    "view_all",
    "manage_units",
    "manage_users",
    "manage_instruments",
    "view_audit",
    "plan_review",
    "follow_up_counts",
)
ACTIONS = UNIT_ACTIONS + GLOBAL_ACTIONS

_READ_ALL = {"view", "view_all", "plan_view", "plan_review", "follow_up_counts"}
_FOLLOW_UP = {"follow_up_view", "follow_up_edit"}
_SUPERVISOR = {"view", "manage_desks", "manage_procedures", "plan_view", "plan_edit"} | _FOLLOW_UP
# What a supervisor may still do on a closed unit: read it, and close the loop with a citizen.
_READING = {"view", "plan_view"} | _FOLLOW_UP
_REVIEWERS_ONLY = {"plan_review"}
_SUPERVISORS_ONLY = _FOLLOW_UP


def sees_everything(user: User) -> bool:
    return user.role in ("admin", "reviewer")


def visible_units_select(user: User) -> sa.Select:
    """SELECT of the unit ids a supervisor may see: their units, everything below them and the
    units merged into them (a recursive CTE, no unit loaded)."""
    start = sa.select(user_units.c.unit_id.label("id")).where(user_units.c.user_id == user.id)
    return subtree_select(start, "visible")


def visible_unit_ids(user: User) -> set[int] | None:
    """Units a user may see: None means all (admin, reviewer)."""
    if sees_everything(user):
        return None
    return set(db.session.scalars(visible_units_select(user)))


def follow_up_units_select(user: User) -> sa.Select | None:
    """SELECT of the units whose follow-up cases (and contacts) the user may see: a
    supervisor's visible units; None for everybody else, who sees no case at all."""
    if user is None or not user.is_authenticated or not user.active:
        return None
    return visible_units_select(user) if user.role == "supervisor" else None


def restrict(query: sa.Select, user: User, unit_column: sa.ColumnElement) -> sa.Select:
    """``query`` limited to rows whose ``unit_column`` the user may see."""
    if sees_everything(user):
        return query
    return query.where(unit_column.in_(visible_units_select(user)))


def can(user: User | None, action: str, unit: Unit | int | None = None) -> bool:
    """May ``user`` do ``action`` (on ``unit``, for unit actions)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    if user is None or not user.is_authenticated or not user.active:
        return False
    if user.role == "admin":
        return action not in _REVIEWERS_ONLY | _SUPERVISORS_ONLY
    if user.role == "reviewer":
        return action in _READ_ALL
    if action not in _SUPERVISOR or unit is None:
        return False
    unit = unit if isinstance(unit, Unit) else db.session.get(Unit, unit)
    if unit is None or (action not in _READING and unit.closed_on is not None):
        return False  # a supervisor reads a closed unit's history but changes nothing there
    return unit.id in visible_unit_ids(user)


def require(user: User, action: str, unit: Unit | int | None = None) -> None:
    """Abort: 404 when the unit is out of the user's sight (no hint that it exists), else 403."""
    if can(user, action, unit):
        return
    if unit is not None and not can(user, "view", unit):
        abort(404)
    abort(403)
