"""A citizen's submission, from the form or the API: one set of rules, one way to store it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask import current_app

from surveyapp.instruments import Questionnaire
from surveyapp.problems import Problem
from surveyapp.services import draws
from surveyapp.services.desk_views import DeskView
from surveyapp.services.feedback_targets import FeedbackTarget
from surveyapp.services.responses import Recorded, Rejected, record_response
from surveyapp.text import clean_text

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")


@dataclass(frozen=True)
class RawSubmission:
    """What a client sent, before validation. A rating of None means "not applicable"."""

    answers: Mapping[str, object]
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    comment: object = None
    procedure: str | None = None
    submission_key: str = ""
    language: str = "vi"
    draw: str | None = None  # the signed draw of a quick form (services/draws.py); None: full


@dataclass(frozen=True)
class CleanSubmission:
    answers: dict[str, int | None]
    choices: dict[str, tuple[str, ...]]
    comment: str | None
    procedure_id: int | None
    submission_key: str
    language: str
    shown_criteria: str | None = None  # ";"-joined drawn criteria; None: every criterion shown


def _is_rating(value: object) -> bool:
    return type(value) is int and 1 <= value <= 5


def answer_problems(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    shown: tuple[str, ...] | None = None,
) -> list[Problem]:
    """Problems with the ratings; with a drawn ``shown`` set, a criterion outside it is one."""
    known = set(questionnaire.rating_codes)
    problems = [Problem(code, "unknown_criterion") for code in answers if code not in known]
    if shown is not None:
        hidden = {c.code for c in questionnaire.criteria} - set(shown)
        problems += [Problem(code, "not_shown") for code in answers if code in hidden]
    problems += [
        Problem(code, "out_of_range")
        for code, value in answers.items()
        if code in known and value is not None and not _is_rating(value)
    ]
    overall = questionnaire.overall
    if overall and overall.get("required") and not _is_rating(answers.get(overall["code"])):
        problems.append(Problem(overall["code"], "required"))
    if not any(_is_rating(value) for value in answers.values()):
        problems.append(Problem("", "no_rating"))
    return problems


def choice_problems(
    questionnaire: Questionnaire, choices: Mapping[str, Sequence[str]]
) -> list[Problem]:
    problems = []
    for code, picked in choices.items():
        question = questionnaire.choice_question(code)
        if question is None:
            problems.append(Problem(code, "unknown_question"))
        elif any(option not in question.options for option in picked):
            problems.append(Problem(code, "unknown_option"))
        elif len(picked) > 1 and not question.multiple:
            problems.append(Problem(code, "single_option"))
    return problems


def _procedure_id(desk: DeskView, code: str | None) -> tuple[int | None, list[Problem]]:
    if not code:
        return None, []
    procedure_id = desk.procedure_id(code)
    problems = [] if procedure_id is not None else [Problem("procedure", "unknown_procedure")]
    return procedure_id, problems


def validate(
    questionnaire: Questionnaire,
    desk: DeskView,
    raw: RawSubmission,
    shown: tuple[str, ...] | None = None,
) -> tuple[CleanSubmission | None, list[Problem]]:
    """Check a raw submission against the desk's questionnaire and, for a quick form, the
    criteria it showed. Nothing is written."""
    problems = answer_problems(questionnaire, raw.answers, shown)
    problems += choice_problems(questionnaire, raw.choices)
    procedure_id, procedure_problems = _procedure_id(desk, raw.procedure)
    problems += procedure_problems
    if not SUBMISSION_KEY.match(raw.submission_key or ""):
        problems.append(Problem("submission_key", "bad_submission_key"))
    if raw.comment is not None and not isinstance(raw.comment, str):
        problems.append(Problem("comment", "not_text"))
    if problems:
        return None, problems
    comment = clean_text(raw.comment, current_app.config["COMMENT_MAX_LENGTH"])
    clean = CleanSubmission(
        answers=dict(raw.answers),  # type: ignore[arg-type]
        choices={
            code: tuple(dict.fromkeys(picked)) for code, picked in raw.choices.items() if picked
        },
        comment=comment,
        procedure_id=procedure_id,
        submission_key=raw.submission_key,
        language=raw.language,
        shown_criteria=None if shown is None else draws.SEPARATOR.join(shown),
    )
    return clean, []


def submit(target: FeedbackTarget, raw: RawSubmission, *, source: str) -> Recorded:
    """Validate ``raw`` against the version the citizen saw and store it once: the one entry
    for the form and the API.

    ``target`` is read afresh for this request (``feedback_targets.for_token``/``for_receipt``).
    Raises :class:`~surveyapp.services.responses.Rejected` (nothing stored),
    ``KeyReused``, ``DossierAlreadyRated``, or one of ``database.UNAVAILABLE``. A quick form's
    draw that was altered, is foreign or expired is a ``draw`` problem (nothing stored).
    """
    shown = None
    if raw.draw is not None:
        try:
            shown = draws.shown(target, raw.draw)
        except draws.DrawRefused as refused:
            raise Rejected([Problem("draw", refused.code)]) from None
    clean, problems = validate(target.questionnaire, target.desk, raw, shown)
    if problems:
        raise Rejected(problems)
    return record_response(
        target.desk, target.instrument, clean, source=source, dossier=target.dossier
    )
