"""What a console request asks for: the period, the comparison, the province."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, request

from surveyapp.models import Unit
from surveyapp.services import periods
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import provinces


def today():
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def period() -> Period:
    """``?period=`` (2026-07, 2026-Q3, 2026, 2026-01..2026-06); default the last quarter."""
    text = request.args.get("period", "").strip()
    if not text:
        return periods.last_complete_quarter(today())
    try:
        return periods.parse(text)
    except ValueError as error:
        abort(400, str(error))


def comparison() -> str | None:
    chosen = request.args.get("compare", "previous")
    if chosen == "none":
        return None
    if chosen not in periods.COMPARISONS:
        abort(400, f"compare must be one of: {', '.join(periods.COMPARISONS)}, none")
    return chosen


def province() -> Unit:
    found = provinces()
    if not found:
        abort(404, "no province has been set up yet")
    code = request.args.get("province")
    chosen = next((p for p in found if p.code == code), found[0]) if code else found[0]
    if code and chosen.code != code:
        abort(404)
    return chosen
