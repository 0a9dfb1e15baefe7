"""The list of plans: for a reviewer the province (plans by status, unit and component,
overdue actions, flags without a plan, verdicts) and its XLSX; for a supervisor their units."""

from __future__ import annotations

from collections import Counter

from flask import abort, render_template, request, send_file
from flask_login import current_user, login_required

from surveyapp.admin.flow import today
from surveyapp.console import choices
from surveyapp.models.plan import PLAN_STATUSES
from surveyapp.plans import bp
from surveyapp.plans.routes import names
from surveyapp.services import permissions, plan_lists
from surveyapp.services.plan_export import ReviewerView, reviewer_xlsx
from surveyapp.services.report_scope import provinces

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter() -> plan_lists.PlanFilter:
    status = request.args.get("status") or None
    if status is not None and status not in PLAN_STATUSES:
        abort(400, f"status must be one of: {', '.join(PLAN_STATUSES)}")
    component = request.args.get("component") or None
    return plan_lists.PlanFilter(status, request.args.get("unit", type=int), component)


def _view() -> ReviewerView:
    """What the user may see: the province's flags for a reviewer, their own for others."""
    period, day = choices.period(), today()
    if permissions.can(current_user, "view_all"):
        flags = plan_lists.province_flags(choices.province(), period) if provinces() else []
    else:
        flags = plan_lists.own_flags(current_user, period)
    return ReviewerView(
        plan_lists.plans(current_user, _filter()),
        plan_lists.overdue_actions(current_user, day),
        flags,
        day,
    )


@bp.get("/")
@login_required
def index():
    if not (permissions.can(current_user, "view_all") or current_user.units):
        abort(403)
    view = _view()
    every = plan_lists.plans(current_user)
    return render_template(
        "plans/index.html", view=view, period=choices.period(), statuses=PLAN_STATUSES,
        units=sorted({(p.unit.id, p.unit.name) for p in every}, key=lambda u: u[1]),
        chosen=_filter(), evaluated=[p for p in every if p.evaluation], **names(),
        overdue_counts=Counter(action.plan_id for action in view.overdue),
        editable_units={
            f.unit_id for f in view.flags if permissions.can(current_user, "plan_edit", f.unit_id)
        },
    )  # fmt: skip


@bp.get("/export.xlsx")
@login_required
def export():
    if not (permissions.can(current_user, "view_all") or current_user.units):
        abort(403)
    name = f"plans-{choices.period().code.replace('..', '_')}.xlsx"
    return send_file(reviewer_xlsx(_view()), mimetype=XLSX, as_attachment=True, download_name=name)
