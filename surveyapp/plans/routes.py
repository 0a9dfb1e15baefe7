"""A plan's pages: open it from a flag, read it, edit it, add actions, move it on."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.admin.flow import submit, today
from surveyapp.console import choices
from surveyapp.extensions import db
from surveyapp.models import Plan, PlanAction, Unit
from surveyapp.plans import bp
from surveyapp.plans.forms import (
    ACTION_STATUS_LABELS,
    ActionForm,
    ActionStatusForm,
    NewPlanForm,
    PlanForm,
    TransitionForm,
)
from surveyapp.plans.problems import (
    HISTORY_LABELS,
    STATUS_LABELS,
    TRANSITION_LABELS,
    reasons,
)
from surveyapp.services import periods, permissions, plans, scores
from surveyapp.services.instruments import latest_version
from surveyapp.services.plan_evaluation import evaluate, evaluation_record
from surveyapp.services.plan_evidence import evidence, recent_comments


def _plan(plan_id: int, action: str = "plan_view") -> Plan:
    plan = db.get_or_404(Plan, plan_id)
    permissions.require(current_user, action, plan.unit)
    return plan


def names() -> dict:
    """Component, criterion, priority, status and verdict names in the reader's language."""
    questionnaire = latest_version(scores.INSTRUMENT).questionnaire
    language = str(get_locale())
    return {
        "titles": scores.component_titles(questionnaire, language),
        "texts": scores.criterion_texts(questionnaire, language),
        "priority_names": choices.option_names(questionnaire, "priorities", language),
        "status_labels": STATUS_LABELS,
        "step_labels": TRANSITION_LABELS,
        "history_labels": HISTORY_LABELS,
        "action_labels": ACTION_STATUS_LABELS,
        "significance_level": scores.settings()["significance_level"],
    }


def _new_page(unit: Unit, form: NewPlanForm, problems: list[str] = ()) -> str:
    try:
        period = periods.parse(form.period.data or "")
    except ValueError as error:
        abort(400, str(error))
    found = evidence(unit, form.component.data, period)
    if found is None:
        abort(404, "this component is not below the target in this period")
    return render_template(
        "plans/new.html", unit=unit, form=form, problems=problems, evidence=found,
        comments=recent_comments(unit, period), period=period, **names(),
    )  # fmt: skip


@bp.get("/new")
@login_required
def new():
    unit = db.get_or_404(Unit, request.args.get("unit_id", type=int))
    permissions.require(current_user, "plan_edit", unit)
    period = choices.period()
    component = request.args.get("component", "")
    form = NewPlanForm(
        unit_id=unit.id, component=component, period=period.code,
        baseline_period=period.code, evaluation_period=period.shifted(6).code,
        goal=_("%(component)s at 80%% or more in %(period)s", component=component,
               period=period.shifted(6).label),
    )  # fmt: skip
    return _new_page(unit, form)


@bp.post("/new")
@login_required
def create():
    form = NewPlanForm()
    unit = db.get_or_404(Unit, request.form.get("unit_id", 0, type=int))
    permissions.require(current_user, "plan_edit", unit)

    def change() -> tuple[str, str]:
        plan = plans.open_plan(
            current_user, unit, form.component.data, form.period.data, form.goal.data,
            form.baseline_period.data, form.evaluation_period.data,
        )  # fmt: skip
        return _("Plan opened as a draft. Add its actions."), url_for(".plan", plan_id=plan.id)

    page = lambda problems: _new_page(unit, form, problems)  # noqa: E731
    return submit(form, change, page, (plans.PlanError,), reasons)


def _page(plan: Plan, problems: list[str] = (), **bound) -> str:
    live = evaluate(plan, today())
    shown = plan.evaluation or (evaluation_record(live) if live else None)
    forms = {
        "edit": PlanForm(obj=plan, formdata=None),
        "action": ActionForm(None),
        "status": ActionStatusForm(None),
        "move": TransitionForm(None),
    } | bound
    return render_template(
        "plans/plan.html", plan=plan, problems=problems, forms=forms, today=today(),
        evaluation=shown, final=bool(plan.evaluation or (live and live.final)),
        comments=recent_comments(plan.unit, periods.parse(plan.flagged_period)),
        history=plans.history(plan), transitions=plans.allowed_transitions(current_user, plan),
        can_edit=permissions.can(current_user, "plan_edit", plan.unit),
        editable=plan.status in plans.EDITABLE, open_actions=plan.status in plans.WITH_OPEN_ACTIONS,
        **names(),
    )  # fmt: skip


@bp.get("/<int:plan_id>")
@login_required
def plan(plan_id: int):
    return _page(_plan(plan_id))


@bp.post("/<int:plan_id>/edit")
@login_required
def edit(plan_id: int):
    plan = _plan(plan_id, "plan_edit")
    form = PlanForm()

    def change() -> tuple[str, str]:
        plans.update_plan(
            current_user, plan, form.goal.data, form.baseline_period.data,
            form.evaluation_period.data,
        )  # fmt: skip
        return _("Plan saved."), url_for(".plan", plan_id=plan.id)

    return submit(form, change, lambda p: _page(plan, p, edit=form), (plans.PlanError,), reasons)


@bp.post("/<int:plan_id>/actions")
@login_required
def add_action(plan_id: int):
    plan = _plan(plan_id, "plan_edit")
    form = ActionForm()

    def change() -> tuple[str, str]:
        plans.add_action(
            current_user, plan, form.description.data, form.owner.data, form.due_on.data
        )
        return _("Action added."), url_for(".plan", plan_id=plan.id)

    return submit(form, change, lambda p: _page(plan, p, action=form), (plans.PlanError,), reasons)


@bp.post("/<int:plan_id>/actions/<int:action_id>")
@login_required
def set_action_status(plan_id: int, action_id: int):
    plan = _plan(plan_id, "plan_edit")
    action = db.get_or_404(PlanAction, action_id)
    if action.plan_id != plan.id:
        abort(404)
    form = ActionStatusForm()

    def change() -> tuple[str, str]:
        plans.set_action_status(current_user, action, form.status.data)
        return _("Action updated."), url_for(".plan", plan_id=plan.id)

    return submit(form, change, lambda p: _page(plan, p), (plans.PlanError,), reasons)


@bp.post("/<int:plan_id>/<any(submit, approve, return, start, complete, evaluate):step>")
@login_required
def move(plan_id: int, step: str):
    plan = _plan(plan_id, plans.TRANSITIONS[step].permission)
    form = TransitionForm()

    def change() -> tuple[str, str]:
        plans.move(current_user, plan, step, today(), form.comment.data or "")
        return _("Plan updated."), url_for(".plan", plan_id=plan.id)

    return submit(form, change, lambda p: _page(plan, p, move=form), (plans.PlanError,), reasons)
