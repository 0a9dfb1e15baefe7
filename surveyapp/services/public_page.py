"""A unit's public results page, "Người dân góp ý – chúng tôi đã làm": off by default.

What it shows is the unit's own overall and component indices for its recent periods, exactly
as its console page shows them (the same figures, statuses and small-number rule:
``unit_report.own_figures``), and the actions of its plans once Home Affairs approved them,
with the plan's verdict once evaluated. Nothing below the unit's own level (no desk, no
criterion), no comment, no name: action owners and review comments are left out, since they
may name staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Plan, Unit
from surveyapp.services import audit, rating_cells, scores
from surveyapp.services.audit import Actor
from surveyapp.services.instruments import latest_version
from surveyapp.services.periods import Period, last_complete_quarter
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import own_figures, unit_ids
from surveyapp.services.units import OrgError

SHOWN_PERIODS = 4
# Plans Home Affairs has approved, and the states that follow; drafts, plans waiting for
# review and returned plans are not public.
PUBLISHED_STATUSES = ("approved", "in_progress", "completed", "evaluated")


@dataclass(frozen=True)
class PublicAction:
    description: str
    due_on: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class PublicPlan:
    component: str
    goal: str
    status: str
    evaluation_period: str
    evaluation: dict | None  # the stored verdict and its figures, once evaluated
    actions: list[PublicAction]


@dataclass(frozen=True)
class PublicPage:
    unit: Unit
    periods: list[Period]  # oldest first
    components: list[str]
    questionnaire: Questionnaire
    figures: dict[tuple[str, str, str], Figure]  # (period code, level, code) -> figure
    plans: list[PublicPlan]


def set_public_page(actor: Actor, unit: Unit, enabled: bool) -> Unit:
    """Turn the unit's public page on or off, with its audit record. A closed unit's page may
    be turned off, not on."""
    if enabled and not unit.public_page and unit.closed_on is not None:
        raise OrgError(f"unit {unit.code} is closed")
    before = audit.snapshot(unit, "public_page")
    unit.public_page = enabled
    if before["public_page"] != enabled:
        after = audit.snapshot(unit, "public_page")
        audit.record(actor, "unit.public_page", unit, before, after)
    db.session.commit()
    return unit


def published_unit(code: str) -> Unit | None:
    """The unit with this code if its public page is on."""
    query = sa.select(Unit).where(Unit.code == code, Unit.public_page.is_(True))
    return db.session.scalar(query)


def latest_period(unit: Unit, today: date) -> Period:
    """The default last period shown: the last complete quarter, before the unit closed."""
    closed = unit.closed_on
    return last_complete_quarter(min(today, closed) if closed else today)


def recent_periods(last: Period, count: int = SHOWN_PERIODS) -> list[Period]:
    """``count`` consecutive periods of the same length, ending with ``last``, oldest first."""
    length = len(last.months)
    return [last.shifted(-length * step) for step in range(count - 1, -1, -1)]


def _figures(unit: Unit, shown: list[Period]) -> dict[tuple[str, str, str], Figure]:
    """Overall and component figures only: criteria and desks stay on the console."""
    rating_cells.fold_pending()
    ids = unit_ids(unit)
    found = {}
    for period in shown:
        cells = scores.load_cells(ids, period, drivers=False)
        figures, _ = own_figures(unit, period, cells)
        found |= {
            (period.code, level, code): figure
            for (level, code), figure in figures.items()
            if level in ("overall", "component")
        }
    return found


def _plans(unit: Unit, today: date) -> list[PublicPlan]:
    query = sa.select(Plan).where(Plan.unit_id == unit.id, Plan.status.in_(PUBLISHED_STATUSES))
    return [
        PublicPlan(
            plan.component,
            plan.goal,
            plan.status,
            plan.evaluation_period,
            plan.evaluation if plan.status == "evaluated" else None,
            [
                PublicAction(a.description, a.due_on, a.status, a.overdue(today))
                for a in plan.actions
            ],
        )  # fmt: skip
        for plan in db.session.scalars(query.order_by(Plan.id.desc()))
    ]


def public_page(unit: Unit, last: Period, today: date) -> PublicPage:
    """What the public page of ``unit`` shows for the periods ending with ``last``."""
    shown = recent_periods(last)
    questionnaire = latest_version(scores.INSTRUMENT).questionnaire
    return PublicPage(
        unit=unit,
        periods=shown,
        components=list(dict.fromkeys(c.component for c in questionnaire.criteria)),
        questionnaire=questionnaire,
        figures=_figures(unit, shown),
        plans=_plans(unit, today),
    )
