"""The citizen form, built from the questionnaire version the desk uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from surveyapp.instruments import Questionnaire
from surveyapp.problems import Problem
from surveyapp.services.desk_views import DeskView
from surveyapp.services.submissions import RawSubmission

NOT_APPLICABLE = "na"
# Only these are ratings: str.isdigit() and int() also read "³", "٣" or "３" as digits.
RATINGS = {str(value): value for value in range(1, 6)}


@dataclass
class QuestionState:
    """What the citizen picked for one question, and what is wrong with it."""

    name: str
    data: str | list[str] | None
    errors: list[str] = field(default_factory=list)


class FeedbackForm:
    """The form's fixed fields as posted (None on GET), and the desk's procedures to choose from.

    Plain :class:`QuestionState`s rather than WTForms fields, like the ratings: the form is
    drawn from the questionnaire in the template, and binding WTForms fields on every request
    cost more than the rest of the submit. The CSRF check is still Flask-WTF's.
    """

    def __init__(self, desk: DeskView) -> None:
        self._desk = desk
        posted = request.form
        self.submission_key = QuestionState("submission_key", posted.get("submission_key"))
        self.instrument = QuestionState("instrument", posted.get("instrument"))
        self.website = QuestionState("website", posted.get("website"))  # honeypot for bots
        self.comment = QuestionState("comment", posted.get("comment"))
        self.procedure = QuestionState("procedure", posted.get("procedure"))
        self.draw = QuestionState("draw", posted.get("draw"))  # a quick form's signed draw

    @property
    def procedure_choices(self) -> list[tuple[str, str]]:
        """Only needed when the form is drawn, so not built for a successful submit."""
        return [("", "")] + [(p.code, p.name) for p in self._desk.procedures]

    @property
    def fields(self) -> dict[str, QuestionState]:
        states = (self.submission_key, self.instrument, self.website, self.comment, self.procedure)
        return {state.name: state for state in states + (self.draw,)}


def csrf_problem() -> Problem | None:
    """A problem if the form's CSRF token is missing, forged or expired (when CSRF is on)."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return None
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return Problem("", "session_expired")
    return None


def question_states(questionnaire: Questionnaire) -> dict[str, QuestionState]:
    """Each rated item and choice question with the value posted for it (None on GET)."""
    posted = request.form
    states = {code: QuestionState(code, posted.get(code)) for code in questionnaire.rating_codes}
    for question in questionnaire.choice_questions:
        data = posted.getlist(question.code) if question.multiple else posted.get(question.code)
        states[question.code] = QuestionState(question.code, data)
    return states


def _rating(value: str) -> int | str | None:
    """1-5 as a number, "na" as None; anything else stays text, which validation refuses."""
    if value == NOT_APPLICABLE:
        return None
    return RATINGS.get(value, value)


def raw_submission(
    form: FeedbackForm, questionnaire: Questionnaire, language: str
) -> RawSubmission:
    """What the citizen sent, in the shape the shared validation expects."""
    posted = request.form
    answers: dict[str, object] = {
        code: _rating(value) for code in questionnaire.rating_codes if (value := posted.get(code))
    }
    # Anything posted that is not a field of this form is reported, not silently dropped.
    known = form.fields.keys() | set(questionnaire.rating_codes) | {"csrf_token"}
    known |= {question.code for question in questionnaire.choice_questions}
    answers |= {key: posted[key] for key in posted if key not in known}
    choices = {}
    for question in questionnaire.choice_questions:
        if question.multiple:
            choices[question.code] = posted.getlist(question.code)
        else:
            choices[question.code] = [posted[question.code]] if posted.get(question.code) else []
    return RawSubmission(
        answers=answers,
        choices=choices,
        comment=form.comment.data,
        procedure=form.procedure.data or None,
        submission_key=form.submission_key.data or "",
        language=language,
        draw=form.draw.data,
    )


@dataclass(frozen=True)
class Item:
    """A rated item as the template shows it."""

    field: object
    text: str


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]


def sections(
    states: dict[str, QuestionState],
    questionnaire: Questionnaire,
    language: str,
    shown: tuple[str, ...] | None = None,
) -> list[Section]:
    """Components with their criteria (only the ``shown`` ones, if given), in the citizen's
    language."""
    by_component: dict[str, Section] = {}
    for domain in questionnaire.definition["domains"]:
        for component in domain["components"]:
            by_component[component["code"]] = Section(component["title"][language], [])
    for criterion in questionnaire.criteria:
        if shown is None or criterion.code in shown:
            by_component[criterion.component].items.append(
                Item(states[criterion.code], criterion.text[language])
            )
    return [section for section in by_component.values() if section.items]


def attach_problems(
    form: FeedbackForm, states: dict[str, QuestionState], problems
) -> list[tuple[str | None, str]]:
    """Put each problem beside its question; return (anchor, message) for the summary box."""
    fields = states | form.fields
    summary = []
    for problem in problems:
        target = fields.get(problem.field)
        if target is None:
            summary.append((None, problem.message))
        elif not target.errors:
            target.errors = [problem.message]
            summary.append((f"{problem.field}-q", problem.message))
    return summary


def scale_options(questionnaire: Questionnaire, language: str) -> list[tuple[str, str]]:
    """(value, its word) for 1-5 and "not applicable"; the template adds a face to 1-5."""
    scale = questionnaire.scale
    options = [
        (str(value), scale["labels"][str(value)][language])
        for value in range(scale["min"], scale["max"] + 1)
    ]
    return options + [(NOT_APPLICABLE, scale["not_applicable"][language])]
