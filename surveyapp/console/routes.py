"""Console pages. Each reads one service and renders; permissions come from one place."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from surveyapp.console import charts as console_charts
from surveyapp.console import choices
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.plans.problems import STATUS_LABELS as PLAN_STATUS_LABELS
from surveyapp.services import permissions, scores
from surveyapp.services.breakdowns import SUPPRESS_BELOW, procedure_names
from surveyapp.services.comments import comments
from surveyapp.services.overview import province_overview
from surveyapp.services.plan_lists import existing_plans, province_verdicts
from surveyapp.services.report_scope import provinces
from surveyapp.services.unit_report import unit_ids, unit_report
from surveyapp.services.warning_lists import desk_flags, open_warnings

bp = Blueprint("console", __name__, url_prefix="/console")


@bp.get("/")
@login_required
def index():
    """A reviewer lands on the province overview, a supervisor on their first unit."""
    if permissions.can(current_user, "view_all"):
        return redirect(url_for("console.province"))
    if current_user.units:
        first = min(current_user.units, key=lambda u: (u.closed_on is not None, u.code))
        return redirect(url_for("console.unit", unit_id=first.id))
    return redirect(url_for("admin.desks"))


@bp.get("/province")
@login_required
def province():
    permissions.require(current_user, "view_all")
    compare = choices.comparison()
    overview = province_overview(choices.province(), choices.period(), compare)
    titles = scores.component_titles(overview.questionnaire, str(get_locale()))
    target = scores.settings()["target"]
    drawn = {
        "funnel": console_charts.funnel(overview, target),
        "heat": console_charts.heat(overview, titles),
        "trend": console_charts.trend(overview.trend, overview.breaks, target),
    }
    return render_template(
        "console/province.html",
        overview=overview,
        drawn=drawn,
        titles=titles,
        provinces=provinces(),
        compare=compare,
        settings=scores.settings(),
        plan_verdicts=province_verdicts(overview.province),
        early_warnings=open_warnings(current_user, unit_ids(overview.province)),
        warning_arl=current_app.config["EARLY_WARNING_ARL"],
    )


@bp.get("/units/<int:unit_id>")
@login_required
def unit(unit_id: int):
    chosen = db.get_or_404(Unit, unit_id)
    permissions.require(current_user, "view", chosen)
    compare = choices.comparison()
    report = unit_report(chosen, choices.period(), compare)
    language = str(get_locale())
    titles = scores.component_titles(report.questionnaire, language)
    texts = scores.criterion_texts(report.questionnaire, language)
    target = scores.settings()["target"]
    drawn = {
        "components": console_charts.components(report, titles, target),
        "drivers": console_charts.drivers(report, texts, target),
        "trend": console_charts.trend(report.trend, report.breaks, target),
    }
    ids = unit_ids(chosen)  # the recursive query once, for comments and procedure names
    page = comments(ids, report.period, choices.comment_filter(), choices.page())
    return render_template(
        "console/unit.html",
        report=report,
        drawn=drawn,
        titles=titles,
        texts=texts,
        priority_names=choices.option_names(report.questionnaire, "priorities", language),
        group_names=choices.breakdown_names(report.questionnaire, language, procedure_names(ids)),
        page=page,
        pages=choices.page_links(page.page, page.pages),
        procedures=chosen.procedures,
        compare=compare,
        settings=scores.settings(),
        can_view_all=permissions.can(current_user, "view_all"),
        my_units=[u for u in current_user.units if u.id != chosen.id],
        can_plan=permissions.can(current_user, "plan_edit", chosen),
        plans_here=existing_plans(chosen.id, report.period),
        plan_status_labels=PLAN_STATUS_LABELS,
        suppress_below=SUPPRESS_BELOW,
        flags=desk_flags([row.desk.id for row in report.desks], current_user),
    )
