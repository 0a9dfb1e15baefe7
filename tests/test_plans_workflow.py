"""The plan workflow: every transition, who may make it, its audit record; refusals change
nothing; nobody approves their own plan; overdue actions."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Plan
from surveyapp.services import plans
from surveyapp.services.plans import PlanError
from tests import plan_data
from tests.plan_data import BASELINE, EVALUATION, Counts

TODAY = date(2026, 12, 1)
# The state each step starts from, and the steps that lead there from a fresh draft.
BEFORE_STEP = {
    "submit": (),
    "approve": ("submit",),
    "return": ("submit",),
    "start": ("submit", "approve"),
    "complete": ("submit", "approve", "start"),
    "evaluate": ("submit", "approve", "start", "complete"),
}
REVIEW_STEPS = {"approve", "return", "evaluate"}
ROLES = ("sup_a", "sup_b", "reviewer", "admin")
# Who may make each step: the unit's supervisor and administrators write, reviewers review.
MAY = {step: ({"reviewer"} if step in REVIEW_STEPS else {"sup_a", "admin"}) for step in BEFORE_STEP}


@pytest.fixture
def province(app):
    return plan_data.build(Counts((24, 40), (34, 40)), Counts((30, 40), (30, 40)))


def _draft(province, author: str = "sup_a") -> Plan:
    plan = plans.open_plan(
        plan_data.user(author), province["units"]["A"], "SVC.3", BASELINE, "SVC.3 ≥ 80%",
        BASELINE, EVALUATION,
    )  # fmt: skip
    plans.add_action(plan_data.user(author), plan, "Tập huấn", "Chủ tịch xã", date(2026, 5, 1))
    return plan


def _advance(plan: Plan, steps) -> None:
    for step in steps:
        who = "reviewer" if step in REVIEW_STEPS else "sup_a"
        plans.move(plan_data.user(who), plan, step, TODAY, "Bổ sung" if step == "return" else "")


def _records(plan: Plan) -> list[AuditRecord]:
    return plans.history(plan)


@pytest.mark.parametrize("step", sorted(BEFORE_STEP))
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_and_who_may_make_it(province, step, role):
    plan = _draft(province)
    _advance(plan, BEFORE_STEP[step])
    status, records = plan.status, len(_records(plan))
    actor = plan_data.user(role)
    if role in MAY[step]:
        plans.move(actor, plan, step, TODAY, "Cần bổ sung" if step == "return" else "")
        db.session.expire_all()
        assert plan.status == plans.TRANSITIONS[step].target
        last = _records(plan)[-1]
        assert (last.action, last.actor, last.actor_id) == (f"plan.{step}", role, actor.id)
        assert last.before == {"status": status}
        assert last.after["status"] == plan.status
    else:
        with pytest.raises(PlanError) as refused:
            plans.move(actor, plan, step, TODAY, "Cần bổ sung")
        assert refused.value.reason == "not_allowed"
        db.session.rollback()
        assert (plan.status, len(_records(plan))) == (status, records)


def test_full_cycle_leaves_one_audit_record_per_change(province):
    plan = _draft(province)
    _advance(plan, ("submit", "return"))
    assert plan.review_comment == "Bổ sung"
    plans.update_plan(plan_data.user("sup_a"), plan, "SVC.3 ≥ 85%", BASELINE, EVALUATION)
    _advance(plan, ("submit", "approve", "start"))
    plans.set_action_status(plan_data.user("sup_a"), plan.actions[0], "done")
    _advance(plan, ("complete", "evaluate"))
    actions = [record.action for record in _records(plan)]
    assert actions == [
        "plan.open", "plan.action_add", "plan.submit", "plan.return", "plan.edit", "plan.submit",
        "plan.approve", "plan.start", "plan.action_status", "plan.complete", "plan.evaluate",
    ]  # fmt: skip
    assert plan.status == "evaluated" and plan.evaluation["verdict"] == "improved"
    assert _records(plan)[-1].after == {"status": "evaluated", "verdict": "improved"}


def test_nobody_approves_their_own_plan(province):
    """An author who has since become a reviewer still may not approve or return it."""
    plan = _draft(province)
    _advance(plan, ("submit",))
    author = plan_data.user("sup_a")
    author.role = "reviewer"
    db.session.commit()
    for step in ("approve", "return"):
        with pytest.raises(PlanError) as refused:
            plans.move(author, plan, step, TODAY, "Tự duyệt")
        assert refused.value.reason == "own_plan"
        db.session.rollback()
    assert plan.status == "submitted"
    assert "approve" not in plans.allowed_transitions(author, plan)
    assert "approve" in plans.allowed_transitions(plan_data.user("reviewer2"), plan)


def test_an_administrator_writes_plans_but_does_not_review_them(province):
    plan = _draft(province, "admin")
    _advance(plan, ("submit",))
    with pytest.raises(PlanError):
        plans.move(plan_data.user("admin"), plan, "approve", TODAY)


@pytest.mark.parametrize(
    ("step", "comment", "reason"),
    [("return", "", "comment_required"), ("approve", "", None)],
)
def test_returning_needs_a_comment(province, step, comment, reason):
    plan = _draft(province)
    _advance(plan, ("submit",))
    if reason:
        with pytest.raises(PlanError) as refused:
            plans.move(plan_data.user("reviewer"), plan, step, TODAY, comment)
        assert refused.value.reason == reason
        db.session.rollback()
        assert plan.status == "submitted"
    else:
        plans.move(plan_data.user("reviewer"), plan, step, TODAY, comment)
        assert plan.status == "approved"


def test_refusals_change_nothing(province):
    supervisor = plan_data.user("sup_a")
    unit = province["units"]["A"]
    with pytest.raises(PlanError, match="evaluation_before_baseline"):
        plans.open_plan(supervisor, unit, "SVC.3", BASELINE, "x", EVALUATION, BASELINE)
    with pytest.raises(PlanError, match="not_below"):  # A meets the target in Q3
        plans.open_plan(supervisor, unit, "SVC.3", EVALUATION, "x", "2026-Q3", "2026-Q4")
    with pytest.raises(PlanError, match="not_allowed"):  # B is not this supervisor's unit
        plans.open_plan(supervisor, province["units"]["B"], "SVC.3", BASELINE, "x", BASELINE,
                        EVALUATION)  # fmt: skip
    db.session.rollback()
    plan = plans.open_plan(supervisor, unit, "SVC.3", BASELINE, "x", BASELINE, EVALUATION)
    with pytest.raises(PlanError, match="no_actions"):
        plans.move(supervisor, plan, "submit", TODAY)
    with pytest.raises(PlanError, match="wrong_status"):
        plans.move(supervisor, plan, "start", TODAY)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 1
    assert [r.action for r in _records(plan)] == ["plan.open"]
    assert plan.status == "draft"


def test_evaluation_waits_for_the_end_of_the_evaluation_period(province):
    plan = _draft(province)
    _advance(plan, ("submit", "approve", "start", "complete"))
    with pytest.raises(PlanError, match="no_evaluation_data"):
        plans.move(plan_data.user("reviewer"), plan, "evaluate", date(2026, 9, 20))
    db.session.rollback()
    assert plan.status == "completed" and plan.evaluation is None


def test_overdue_actions_are_marked(province):
    plan = _draft(province)
    late, on_time = (
        plan.actions[0],
        plans.add_action(plan_data.user("sup_a"), plan, "Niêm yết", "Văn phòng", date(2027, 1, 1)),
    )
    assert late.overdue(TODAY) and not on_time.overdue(TODAY)
    plans.set_action_status(plan_data.user("sup_a"), late, "done")
    assert not late.overdue(TODAY)
    assert not late.overdue(date(2026, 4, 30))


def test_plan_evidence_is_the_flagged_cell(province):
    plan = _draft(province)
    index = plan.evidence["index"]
    assert (index["code"], index["n"], index["status"]) == ("SVC.3", 40, "significantly_below")
    assert index["estimate"] == pytest.approx(24 / 40)
    assert [f["estimate"] for f in plan.evidence["weakest"]] == pytest.approx([0.6] * 3)
    assert {d["code"] for d in plan.evidence["drivers"]} == {f"SVC.3.{i}" for i in range(1, 6)}
