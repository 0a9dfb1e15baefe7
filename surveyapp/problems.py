"""Why a submission was refused: a field, a machine-readable code, a translated message."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

MESSAGES = {
    # Content of a submission (form and API)
    "unknown_criterion": _l("This question is not part of the form."),
    "out_of_range": _l("Choose a rating from 1 to 5, or “Not applicable”."),
    "required": _l("Please give your overall rating."),
    "no_rating": _l("Please rate at least one question before sending."),
    "unknown_question": _l("This question is not part of the form."),
    "unknown_option": _l("This option is not on the list."),
    "single_option": _l("Choose only one option."),
    "unknown_procedure": _l("This procedure is not handled here."),
    "bad_submission_key": _l("The form is damaged; please reload it."),
    "not_text": _l("Must be text."),
    "not_shown": _l("This question was not on your form."),
    "bad_draw": _l(
        "This form was changed or belongs to another desk; nothing was saved. "
        "Please answer the questions below and send again."
    ),
    "draw_expired": _l(
        "This page was open too long. Your answers are kept: please press Send again."
    ),
    "form_already_sent": _l(
        "This form was sent already, with other answers; nothing new was saved. "
        "To give a new rating, scan the code again."
    ),
    "try_again": _l(
        "The service is busy right now and nothing was saved. Your answers are kept: "
        "please press Send again in a moment."
    ),
    "session_expired": _l(
        "This page was open too long. Your answers are kept: please press Send again."
    ),
    # API body shape and references
    "malformed_json": _l("The body is not valid JSON."),
    "not_object": _l("Must be a JSON object."),
    "unknown_field": _l("Unknown field."),
    "missing": _l("Required."),
    "not_string": _l("Must be a string."),
    "not_integer": _l("Must be an integer."),
    "bad_idempotency_key": _l("Must be 16 to 64 letters, digits, '-' or '_'."),
    "idempotency_key_reused": _l(
        "This key was used before for a different response; nothing new was stored."
    ),
    "bad_choice": _l("Must be an option code or a list of option codes."),
    "unknown_token": _l("This desk code is not valid."),
    "revoked_token": _l("This desk code has been replaced by a new one."),
    "invalid_dossier": _l("This dossier reference is not valid for this desk."),
    "dossier_already_rated": _l("This dossier has already been rated."),
    # Read API query parameters
    "bad_period": _l(
        "Must be a month (2026-07), a quarter (2026-Q3), a year (2026) or a range of months "
        "(2026-01..2026-06) that does not end before it starts."
    ),
    "bad_level": _l("Must be criterion, component or overall."),
}


@dataclass(frozen=True)
class Problem:
    """One reason a submission was refused. ``field`` is '' for the form as a whole."""

    field: str
    code: str

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}
