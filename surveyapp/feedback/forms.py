"""The citizen form, built from the questionnaire version the desk uses."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from surveyapp.instruments import Questionnaire
from surveyapp.models import Procedure
from surveyapp.services.submissions import RawSubmission

NOT_APPLICABLE = "na"
RATING_CHOICES = [SelectChoice(str(value), str(value)) for value in range(1, 6)] + [
    SelectChoice(NOT_APPLICABLE, "")
]


class FeedbackForm(FlaskForm):
    """Fixed fields; the rated items and choice questions are added per questionnaire."""

    submission_key = HiddenField()  # set when the form is shown; a retry sends it back
    instrument = IntegerField(validators=[Optional()])
    website = StringField()  # honeypot: hidden from people, filled in by bots
    comment = TextAreaField()
    procedure = SelectField(choices=[], validate_choice=False)


_form_classes: dict[str, type[FeedbackForm]] = {}


def build_form(questionnaire: Questionnaire, procedures: list[Procedure]) -> FeedbackForm:
    """The questionnaire's form (its class is built once per questionnaire version)."""
    if questionnaire.checksum not in _form_classes:
        _form_classes[questionnaire.checksum] = _form_class(questionnaire)
    form = _form_classes[questionnaire.checksum]()
    form.procedure.choices = [SelectChoice("", "")] + [
        SelectChoice(p.code, p.name) for p in procedures
    ]
    return form


def _form_class(questionnaire: Questionnaire) -> type[FeedbackForm]:
    """A form class with one field per rated item and per choice question."""
    fields: dict[str, object] = {
        code: RadioField(choices=RATING_CHOICES, validate_choice=False)
        for code in questionnaire.rating_codes
    }
    for question in questionnaire.choice_questions:
        field_class = SelectMultipleField if question.multiple else RadioField
        fields[question.code] = field_class(
            choices=[SelectChoice(option, option) for option in question.options],
            validate_choice=False,
        )
    return type("QuestionnaireForm", (FeedbackForm,), fields)


def _rating(value: str) -> int | str | None:
    if value == NOT_APPLICABLE:
        return None
    return int(value) if value.isdigit() and len(value) == 1 else value


def raw_submission(
    form: FeedbackForm, questionnaire: Questionnaire, language: str
) -> RawSubmission:
    """What the citizen sent, in the shape the shared validation expects."""
    answers: dict[str, object] = {
        code: _rating(form[code].data) for code in questionnaire.rating_codes if form[code].data
    }
    # Anything posted that is not a field of this form is reported, not silently dropped.
    answers |= {key: request.form[key] for key in request.form if key not in form._fields}
    choices = {}
    for question in questionnaire.choice_questions:
        data = form[question.code].data
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


def sections(form: FeedbackForm, questionnaire: Questionnaire, language: str) -> list[Section]:
    """Components with their criteria, in the citizen's language."""
    by_component: dict[str, Section] = {}
    for domain in questionnaire.definition["domains"]:
        for component in domain["components"]:
            by_component[component["code"]] = Section(component["title"][language], [])
    for criterion in questionnaire.criteria:
        by_component[criterion.component].items.append(
            Item(form[criterion.code], criterion.text[language])
        )
    return list(by_component.values())


def error_summary(form: FeedbackForm, problems) -> list[tuple[str | None, str]]:
    """(anchor, message) for the box at the top: form-wide problems, then each field's."""
    summary = [(None, p.message) for p in problems if p.field not in form._fields]
    summary += [
        (f"{name}-q", field.errors[0])
        for name, field in form._fields.items()
        if field.errors and name != "csrf_token"
    ]
    return summary


def scale_options(questionnaire: Questionnaire, language: str) -> list[tuple[str, str, str | None]]:
    """(value, what is shown, what a screen reader adds) for 1-5 and "not applicable"."""
    scale = questionnaire.scale
    options = [
        (str(value), str(value), scale["labels"][str(value)][language])
        for value in range(scale["min"], scale["max"] + 1)
    ]
    return options + [(NOT_APPLICABLE, scale["not_applicable"][language], None)]
