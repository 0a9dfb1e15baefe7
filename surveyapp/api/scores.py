"""GET /api/v1/scores: the indices of the units a token's account may see, for a period,
with the n, interval, p, q and status the console pages show."""

from __future__ import annotations

import math
from datetime import datetime
from typing import NoReturn
from zoneinfo import ZoneInfo

from flask import abort, current_app, jsonify, request

from surveyapp.api.bearer import token_user
from surveyapp.api.routes import bp
from surveyapp.errors import MESSAGES
from surveyapp.models import Unit, User
from surveyapp.problems import Problem
from surveyapp.rate_limits import limited
from surveyapp.services import periods, permissions, scores
from surveyapp.services.index_export import IndexRow
from surveyapp.services.periods import Period
from surveyapp.services.score_rows import API_LEVELS, score_rows
from surveyapp.services.units import OrgError, unit_by_code

# Given only with enough answers (status other than "insufficient"): never a bare percentage.
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "pvalue", "qvalue")


def _bad_request(problems: list[Problem]) -> NoReturn:
    body = {"error": "invalid", "message": str(MESSAGES[400])}
    response = jsonify(body | {"problems": [problem.as_dict() for problem in problems]})
    response.status_code = 400
    abort(response)


def _period() -> Period | Problem:
    """``?period=`` as on the console; without one the last complete quarter."""
    text = request.args.get("period")
    if text is None:
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        return periods.last_complete_quarter(datetime.now(zone).date())
    try:
        if text != text.strip():  # exactly the document's pattern: no spaces around
            raise ValueError(text)
        return periods.parse(text)
    except ValueError:
        return Problem("period", "bad_period")


def _levels() -> tuple[str, ...] | Problem:
    level = request.args.get("level")
    if level is None:
        return API_LEVELS
    return (level,) if level in API_LEVELS else Problem("level", "bad_level")


def _unit(user: User) -> Unit | None:
    """``?unit=`` (a unit code): 404 when it is unknown or out of the account's sight."""
    code = request.args.get("unit")
    if code is None:
        return None
    try:
        unit = unit_by_code(code)
    except OrgError:
        abort(404)
    permissions.require(user, "view", unit)
    return unit


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _row(row: IndexRow) -> dict:
    figure = row.figure
    numbers = {name: _number(getattr(figure, name)) if figure.enough else None for name in NUMBERS}
    return {
        "unit_code": row.unit_code,
        "unit_name": row.unit_name,
        "period": row.period.code,
        "level": str(figure.level),
        "code": str(figure.code),
        "n": int(figure.n),
        **numbers,
        "status": str(figure.status),
        "bh_family": row.family,
    }


@bp.get("/scores")
@limited("API_RATE_LIMIT")
def list_scores():
    """Indices by unit, period and level, scoped exactly like the token's account."""
    user = token_user()
    period, levels = _period(), _levels()
    problems = [choice for choice in (period, levels) if isinstance(choice, Problem)]
    if problems:
        _bad_request(problems)
    rows = score_rows(user, _unit(user), period, levels)
    return jsonify(period=period.code, method=scores.settings(), rows=[_row(r) for r in rows])
