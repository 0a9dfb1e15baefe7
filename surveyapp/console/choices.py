"""What a console request asks for: the period, the comparison, the province."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, request, url_for
from flask_babel import gettext as _

from surveyapp.instruments import Questionnaire
from surveyapp.models import Unit
from surveyapp.services import periods
from surveyapp.services.comments import CommentFilter
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


def page() -> int:
    return request.args.get("page", 1, type=int) or 1


def comment_filter() -> CommentFilter:
    """``?q=`` search text, ``?overall=`` 1-5, ``?procedure=`` a procedure id."""
    overall = request.args.get("overall", type=int)
    if overall is not None and not 1 <= overall <= 5:
        abort(400, "overall must be a rating from 1 to 5")
    search = unicodedata.normalize("NFC", request.args.get("q", "").strip())[:100]
    return CommentFilter(search, overall, request.args.get("procedure", type=int))


def option_names(questionnaire: Questionnaire, question: str, language: str) -> dict[str, str]:
    found = questionnaire.choice_question(question)
    if found is None:
        return {}
    return {code: text.get(language) or text["vi"] for code, text in found.option_text.items()}


def page_links(current: int, pages: int) -> dict[str, str | None]:
    """Links to the newer and older pages of a list, keeping the other choices."""

    def link(number: int) -> str | None:
        if not 1 <= number <= pages or number == current:
            return None
        args = request.args.to_dict() | {"page": number}
        return url_for(request.endpoint, **(request.view_args or {}), **args)

    return {"newer": link(current - 1), "older": link(current + 1)}


def breakdown_names(
    questionnaire: Questionnaire, language: str, procedures: dict[str, str]
) -> dict[str, tuple[str, dict[str, str]]]:
    """dimension -> (its title, value -> label) for the breakdown tables."""
    names = {"procedure": (_("Procedure"), procedures)}
    for block in questionnaire.definition.get("demographics", []):
        question = questionnaire.choice_question(block["code"])
        title = question.text.get(language) or question.text["vi"]
        names[block["code"]] = (title, option_names(questionnaire, block["code"], language))
    return names
