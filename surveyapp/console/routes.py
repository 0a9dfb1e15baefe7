"""Console pages. Each reads one service and renders; permissions come from one place."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from surveyapp.console import choices
from surveyapp.services import permissions, scores
from surveyapp.services.overview import province_overview
from surveyapp.services.report_scope import provinces

bp = Blueprint("console", __name__, url_prefix="/console")


@bp.get("/")
@login_required
def index():
    """A reviewer lands on the province overview, a supervisor on their first unit."""
    if permissions.can(current_user, "view_all"):
        return redirect(url_for("console.province"))
    return redirect(url_for("admin.desks"))


@bp.get("/province")
@login_required
def province():
    permissions.require(current_user, "view_all")
    compare = choices.comparison()
    overview = province_overview(choices.province(), choices.period(), compare)
    return render_template(
        "console/province.html",
        overview=overview,
        titles=scores.component_titles(overview.questionnaire, str(get_locale())),
        provinces=provinces(),
        compare=compare,
        settings=scores.settings(),
    )
