"""``/cong-khai/<unit code>``: "Người dân góp ý – chúng tôi đã làm", for units whose public page
is on (services/public_page.py decides what it shows); 404 otherwise."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request
from flask_babel import get_locale

from surveyapp import rate_limits
from surveyapp.admin.flow import today
from surveyapp.console import charts as console_charts
from surveyapp.plans.forms import ACTION_STATUS_LABELS
from surveyapp.plans.problems import STATUS_LABELS
from surveyapp.services import periods, scores
from surveyapp.services.public_page import latest_period, public_page, published_unit

bp = Blueprint("public", __name__, url_prefix="/cong-khai")
CACHE_SECONDS = 300  # the figures move with each response; five minutes is recent enough


@bp.before_request
def _rate_limit() -> None:
    rate_limits.check("FORM_RATE_LIMIT")


def _last_period(unit) -> periods.Period:
    """``?period=`` (a month, quarter or year: the last one shown); default the last quarter."""
    text = request.args.get("period", "").strip()
    if not text:
        return latest_period(unit, today())
    try:
        if ".." in text:
            raise ValueError("give a month, a quarter or a year, not a range")
        return periods.parse(text)
    except ValueError as error:
        abort(400, str(error))


def _cacheable(response):
    """Shared caches may keep the page (it is the same for everyone), unless this request
    switches the language, whose answer sets the language cookie."""
    scope = "private" if "lang" in request.args else "public"
    response.headers["Cache-Control"] = f"{scope}, max-age={CACHE_SECONDS}"
    response.vary.add("Cookie")  # the language cookie
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/<code>")
def unit(code: str):
    chosen = published_unit(code)
    if chosen is None:
        abort(404)
    page = public_page(chosen, _last_period(chosen), today())
    titles = scores.component_titles(page.questionnaire, str(get_locale()))
    last = page.periods[-1].code
    latest = {(lvl, c): f for (p, lvl, c), f in page.figures.items() if p == last}
    target = scores.settings()["target"]
    html = render_template(
        "public/unit.html", page=page, titles=titles, settings=scores.settings(),
        chart=console_charts.component_bars(page.components, latest, titles, target),
        status_labels=STATUS_LABELS, action_labels=ACTION_STATUS_LABELS, today=today(),
    )  # fmt: skip
    return _cacheable(make_response(html))
