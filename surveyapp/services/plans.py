"""Improvement plans: open one from a flag, edit it, move it through its workflow.

draft -> submitted -> approved, or returned with a comment (then submitted again) ->
in_progress -> completed -> evaluated. Each public function checks who may do it
(services/permissions.py), writes its audit record and commits once; a refusal raises
:class:`PlanError` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Plan, PlanAction, Unit, User
from surveyapp.models.plan import ACTION_STATUSES
from surveyapp.services import audit, periods
from surveyapp.services.permissions import can
from surveyapp.services.plan_evaluation import evaluate, evaluation_record
from surveyapp.services.plan_evidence import evidence

EDITABLE = ("draft", "returned")
WITH_OPEN_ACTIONS = ("draft", "returned", "submitted", "approved", "in_progress")
FIELDS = ("status", "goal", "baseline_period", "evaluation_period")


class PlanError(ValueError):
    """A refused change; ``reason`` is a key the pages translate (plans/problems.py)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    permission: str


TRANSITIONS = {
    "submit": Transition(EDITABLE, "submitted", "plan_edit"),
    "approve": Transition(("submitted",), "approved", "plan_review"),
    "return": Transition(("submitted",), "returned", "plan_review"),
    "start": Transition(("approved",), "in_progress", "plan_edit"),
    "complete": Transition(("in_progress",), "completed", "plan_edit"),
    "evaluate": Transition(("completed",), "evaluated", "plan_review"),
}


def _check(user: User, permission: str, unit: Unit) -> None:
    allowed = can(user, permission) if permission == "plan_review" else can(user, permission, unit)
    if not allowed:
        raise PlanError("not_allowed", permission)


def _period(text: str) -> periods.Period:
    try:
        return periods.parse(text or "")
    except ValueError as error:
        raise PlanError("bad_period", str(error)) from None


def _periods(baseline: str, evaluation: str) -> tuple[str, str]:
    """Both period codes, checked: the evaluation period starts after the baseline ends."""
    before, after = _period(baseline), _period(evaluation)
    if after.first <= before.last:
        raise PlanError("evaluation_before_baseline")
    return before.code, after.code


def _goal(goal: str) -> str:
    goal = (goal or "").strip()
    if not goal:
        raise PlanError("goal_required")
    return goal[:300]


def open_plan(
    user: User, unit: Unit, component: str, period: str, goal: str, baseline: str, evaluation: str
) -> Plan:
    """A draft plan for a unit x component that is below the target in ``period``."""
    _check(user, "plan_edit", unit)
    found = evidence(unit, component, _period(period))
    if found is None:
        raise PlanError("not_below", component)
    baseline, evaluation = _periods(baseline, evaluation)
    plan = Plan(
        unit=unit, component=component, flagged_period=found["period"], goal=_goal(goal),
        baseline_period=baseline, evaluation_period=evaluation, status="draft",
        created_by_id=user.id, evidence=found,
    )  # fmt: skip
    db.session.add(plan)
    audit.record(audit.Actor.of(user), "plan.open", plan, None, audit.snapshot(plan, *FIELDS))
    db.session.commit()
    return plan


def update_plan(user: User, plan: Plan, goal: str, baseline: str, evaluation: str) -> None:
    _check(user, "plan_edit", plan.unit)
    if plan.status not in EDITABLE:
        raise PlanError("not_editable", plan.status)
    before = audit.snapshot(plan, *FIELDS)
    plan.goal = _goal(goal)
    plan.baseline_period, plan.evaluation_period = _periods(baseline, evaluation)
    audit.record(audit.Actor.of(user), "plan.edit", plan, before, audit.snapshot(plan, *FIELDS))
    db.session.commit()


def _reviewable(user: User, plan: Plan, name: str, comment: str) -> None:
    if user.id in (plan.created_by_id, plan.submitted_by_id):
        raise PlanError("own_plan")
    if name == "return" and not comment:
        raise PlanError("comment_required")
    plan.reviewed_by_id = user.id
    plan.review_comment = comment or None


def _prepare(user: User, plan: Plan, name: str, comment: str, today: date) -> dict | None:
    """Checks and side effects of one transition; returns extra values for the audit record."""
    if name == "submit":
        if not plan.actions:
            raise PlanError("no_actions")
        plan.submitted_by_id = user.id
    elif name in ("approve", "return"):
        _reviewable(user, plan, name, comment)
    elif name == "evaluate":
        result = evaluate(plan, today)
        if result is None or not result.final:
            raise PlanError("no_evaluation_data")
        plan.evaluation = evaluation_record(result)
        return {"verdict": plan.evaluation["verdict"]}
    return {"comment": comment} if comment else None


def move(user: User, plan: Plan, name: str, today: date, comment: str = "") -> None:
    """Make the transition ``name`` (a key of TRANSITIONS)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise PlanError("unknown_transition", name)
    _check(user, transition.permission, plan.unit)
    if plan.status not in transition.sources:
        raise PlanError("wrong_status", plan.status)
    comment = (comment or "").strip()[:2000]
    before = {"status": plan.status}
    extra = _prepare(user, plan, name, comment, today)
    plan.status = transition.target
    after = {"status": plan.status} | (extra or {})
    audit.record(audit.Actor.of(user), f"plan.{name}", plan, before, after)
    db.session.commit()


def add_action(user: User, plan: Plan, description: str, owner: str, due_on: date) -> PlanAction:
    _check(user, "plan_edit", plan.unit)
    if plan.status not in WITH_OPEN_ACTIONS:
        raise PlanError("not_editable", plan.status)
    description, owner = (description or "").strip(), (owner or "").strip()
    if not description or not owner or due_on is None:
        raise PlanError("action_incomplete")
    action = PlanAction(description=description[:500], owner=owner[:200], due_on=due_on)
    plan.actions.append(action)
    db.session.flush()
    after = {"action": action.id} | audit.snapshot(action, "description", "owner", "due_on")
    audit.record(audit.Actor.of(user), "plan.action_add", plan, None, after)
    db.session.commit()
    return action


def set_action_status(user: User, action: PlanAction, status: str) -> None:
    plan = action.plan
    _check(user, "plan_edit", plan.unit)
    if status not in ACTION_STATUSES:
        raise PlanError("bad_action_status", status)
    if plan.status not in WITH_OPEN_ACTIONS:
        raise PlanError("not_editable", plan.status)
    before = {"action": action.id, "status": action.status}
    action.status = status
    audit.record(
        audit.Actor.of(user), "plan.action_status", plan, before, before | {"status": status}
    )
    db.session.commit()


def history(plan: Plan) -> list[AuditRecord]:
    """The plan's audit trail, oldest first."""
    query = sa.select(AuditRecord).where(
        AuditRecord.target_type == Plan.__tablename__, AuditRecord.target_id == str(plan.id)
    )
    return list(db.session.scalars(query.order_by(AuditRecord.id)))


def allowed_transitions(user: User, plan: Plan) -> list[str]:
    """The transitions this user may try now (the page shows a button for each)."""
    names = []
    for name, transition in TRANSITIONS.items():
        if plan.status not in transition.sources:
            continue
        try:
            _check(user, transition.permission, plan.unit)
        except PlanError:
            continue
        reviewing = transition.permission == "plan_review" and name != "evaluate"
        if reviewing and user.id in (plan.created_by_id, plan.submitted_by_id):
            continue
        names.append(name)
    return names
