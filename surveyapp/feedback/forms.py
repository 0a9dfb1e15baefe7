"""The citizen form, built from the questionnaire version the desk uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from surveyapp.instruments import Questionnaire
from surveyapp.models import Procedure
from surveyapp.services.submissions import RawSubmission

NOT_APPLICABLE = "na"


class FeedbackForm(FlaskForm):
    """The fixed fields. Ratings and choice questions are read into :class:`QuestionState`s:
    building ~30 WTForms fields per request only to hold values cost more than the rest."""

    submission_key = HiddenField()  # set when the form is shown; a retry sends it back
    instrument = IntegerField(validators=[Optional()])
    website = StringField()  # honeypot: hidden from people, filled in by bots
    comment = TextAreaField()
    procedure = SelectField(choices=[], validate_choice=False)


@dataclass
class QuestionState:
    """What the citizen picked for one question, and what is wrong with it."""

    name: str
    data: str | list[str] | None
    errors: list[str] = field(default_factory=list)


def build_form(procedures: list[Procedure]) -> FeedbackForm:
    form = FeedbackForm()
    form.procedure.choices = [SelectChoice("", "")] + [
        SelectChoice(p.code, p.name) for p in procedures
    ]
    return form


def question_states(questionnaire: Questionnaire) -> dict[str, QuestionState]:
    """Each rated item and choice question with the value posted for it (None on GET)."""
    posted = request.form
    states = {code: QuestionState(code, posted.get(code)) for code in questionnaire.rating_codes}
    for question in questionnaire.choice_questions:
        data = posted.getlist(question.code) if question.multiple else posted.get(question.code)
        states[question.code] = QuestionState(question.code, data)
    return states


def _rating(value: str) -> int | str | None:
    if value == NOT_APPLICABLE:
        return None
    return int(value) if value.isdigit() and len(value) == 1 else value


def raw_submission(
    form: FeedbackForm,
    states: dict[str, QuestionState],
    questionnaire: Questionnaire,
    language: str,
) -> RawSubmission:
    """What the citizen sent, in the shape the shared validation expects."""
    answers: dict[str, object] = {
        code: _rating(states[code].data) for code in questionnaire.rating_codes if states[code].data
    }
    # Anything posted that is not a field of this form is reported, not silently dropped.
    known = form._fields.keys() | states.keys()
    answers |= {key: request.form[key] for key in request.form if key not in known}
    choices = {}
    for question in questionnaire.choice_questions:
        data = states[question.code].data
        choices[question.code] = list(data or []) if question.multiple else ([data] if data else [])
    return RawSubmission(
        answers=answers,
        choices=choices,
        comment=form.comment.data,
        procedure=form.procedure.data or None,
        submission_key=form.submission_key.data or "",
        language=language,
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
    states: dict[str, QuestionState], questionnaire: Questionnaire, language: str
) -> list[Section]:
    """Components with their criteria, in the citizen's language."""
    by_component: dict[str, Section] = {}
    for domain in questionnaire.definition["domains"]:
        for component in domain["components"]:
            by_component[component["code"]] = Section(component["title"][language], [])
    for criterion in questionnaire.criteria:
        by_component[criterion.component].items.append(
            Item(states[criterion.code], criterion.text[language])
        )
    return list(by_component.values())


def attach_problems(
    form: FeedbackForm, states: dict[str, QuestionState], problems
) -> list[tuple[str | None, str]]:
    """Put each problem beside its question; return (anchor, message) for the summary box."""
    fields = states | {name: field for name, field in form._fields.items() if name != "csrf_token"}
    summary = []
    for problem in problems:
        target = fields.get(problem.field)
        if target is None:
            summary.append((None, problem.message))
        elif not target.errors:
            target.errors = [problem.message]
            summary.append((f"{problem.field}-q", problem.message))
    return summary


def scale_options(questionnaire: Questionnaire, language: str) -> list[tuple[str, str, str | None]]:
    """(value, what is shown, what a screen reader adds) for 1-5 and "not applicable"."""
    scale = questionnaire.scale
    options = [
        (str(value), str(value), scale["labels"][str(value)][language])
        for value in range(scale["min"], scale["max"] + 1)
    ]
    return options + [(NOT_APPLICABLE, scale["not_applicable"][language], None)]
