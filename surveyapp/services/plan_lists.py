"""The reviewer's view of plans: by status, unit and component; overdue actions; flags
without a plan; evaluated plans with their verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Plan, PlanAction, Unit, User
from surveyapp.services import permissions, rating_cells, scores
from surveyapp.services.overview import province_overview
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import province_scope
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import own_figures, unit_ids

FLAG_STATUSES = ("significantly_below",)  # the province report's flags
OWN_FLAG_STATUSES = ("below", "significantly_below")  # on a supervisor's own units


@dataclass(frozen=True)
class PlanFilter:
    status: str | None = None
    unit_id: int | None = None
    component: str | None = None


@dataclass(frozen=True)
class Flag:
    unit_id: int
    unit_name: str
    component: str
    figure: Figure


def plans(user: User, chosen: PlanFilter = PlanFilter()) -> list[Plan]:
    """Plans of the units this user may see, newest first."""
    query = permissions.restrict(sa.select(Plan), user, Plan.unit_id)
    if chosen.status:
        query = query.where(Plan.status == chosen.status)
    if chosen.unit_id:
        query = query.where(Plan.unit_id == chosen.unit_id)
    if chosen.component:
        query = query.where(Plan.component == chosen.component)
    return list(db.session.scalars(query.order_by(Plan.id.desc())))


def overdue_actions(user: User, today: date) -> list[PlanAction]:
    """Actions not done whose due date has passed, of plans not yet evaluated."""
    query = (
        sa.select(PlanAction)
        .join(Plan, Plan.id == PlanAction.plan_id)
        .where(PlanAction.status != "done", PlanAction.due_on < today, Plan.status != "evaluated")
    )
    query = permissions.restrict(query, user, Plan.unit_id)
    return list(db.session.scalars(query.order_by(PlanAction.due_on, PlanAction.id)))


def _has_plan(period: Period) -> sa.ColumnElement[bool]:
    """A unit x component has a plan for ``period`` while a plan of it is not yet evaluated,
    and for good once a plan was opened from that period."""
    return sa.or_(Plan.status != "evaluated", Plan.flagged_period == period.code)


def _planned(period: Period) -> set[tuple[int, str]]:
    """(unit id, component) of every plan that stands for ``period``."""
    query = sa.select(Plan.unit_id, Plan.component).where(_has_plan(period))
    return {tuple(row) for row in db.session.execute(query)}


def existing_plans(unit_id: int, period: Period) -> dict[str, Plan]:
    """component -> the unit's plan that stands for ``period`` (the newest): the pages link to
    it instead of offering to open another."""
    query = sa.select(Plan).where(Plan.unit_id == unit_id, _has_plan(period))
    return {plan.component: plan for plan in db.session.scalars(query.order_by(Plan.id))}


def province_flags(province: Unit, period: Period) -> list[Flag]:
    """Unit x component cells of the province report significantly below the target, with no
    plan for the period on that reporting unit (or a unit reporting under it)."""
    scope = province_scope(province)
    planned = {(scope.reporting_of.get(unit), code) for unit, code in _planned(period)}
    overview = province_overview(province, period, None)
    return [
        Flag(row.unit.id, row.unit.name, code, figure)
        for row in overview.units
        for code, figure in row.components.items()
        if figure.status in FLAG_STATUSES and (row.unit.id, code) not in planned
    ]


def own_flags(user: User, period: Period) -> list[Flag]:
    """A supervisor's own units' components below the target, without a plan for the period."""
    rating_cells.fold_pending()
    planned = _planned(period)
    flags = []
    for unit in user.units:
        if not permissions.can(user, "plan_edit", unit):
            continue
        cells = scores.load_cells(unit_ids(unit), period)
        figures, _ = own_figures(unit, period, cells)
        flags += [
            Flag(unit.id, unit.name, code, figure)
            for (level, code), figure in figures.items()
            if level == "component"
            and figure.status in OWN_FLAG_STATUSES
            and (unit.id, code) not in planned
        ]
    return flags


def province_verdicts(province: Unit) -> list[Plan]:
    """Evaluated plans of the province's units, for the line on the province overview."""
    ids = province_scope(province).unit_ids
    query = sa.select(Plan).where(Plan.status == "evaluated", Plan.unit_id.in_(ids))
    return list(db.session.scalars(query.order_by(Plan.id)))
