"""Forms of the administration pages. Each POST form carries its CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from surveyapp.admin.fields import DayField, UnitCodeField, UnitCodesField
from surveyapp.models.user import ROLES
from surveyapp.services import permissions

MAX_UPLOAD = 2 * 1024 * 1024


def required() -> InputRequired:
    return InputRequired(message=_l("Please fill this in."))


def at_most(characters: int) -> Length:
    return Length(max=characters, message=_l("At most %(max)d characters."))


ROLE_LABELS = {
    "admin": _l("Administrator"),
    "reviewer": _l("Reviewer (Home Affairs)"),
    "supervisor": _l("Supervisor"),
}


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class SearchForm(FlaskForm):
    """GET filters: read only, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), at_most(100)])


class UnitForm(FlaskForm):
    """A new unit; :class:`EditUnitForm` without the fields that never change."""

    code = StringField(_l("Code (our key)"), validators=[required(), at_most(32)])
    name = StringField(_l("Name (Vietnamese)"), validators=[required(), at_most(200)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), at_most(200)])
    official_code = StringField(
        _l("Official code (QĐ 19/2025)"), validators=[Optional(), at_most(16)]
    )
    type_code = SelectField(_l("Type"), validators=[required()])
    parent = UnitCodeField(_l("Parent unit (code)"), validators=[Optional()])
    valid_from = DayField(_l("Valid from (dd/mm/yyyy)"), validators=[Optional()])


class EditUnitForm(UnitForm):
    code = None  # our key never changes
    valid_from = None  # set by the reorganisations


class CloseForm(FlaskForm):
    on = DayField(_l("First day it no longer exists (dd/mm/yyyy)"), validators=[required()])


class MergeForm(FlaskForm):
    units = UnitCodesField(_l("Codes of the units merged in"), validators=[required()])
    on = DayField(_l("Effective date (dd/mm/yyyy)"), validators=[required()])
    basis = StringField(_l("Legal basis"), validators=[required(), at_most(300)])


class SplitForm(MergeForm):
    units = UnitCodesField(_l("Codes of the new units"), validators=[required()])


class InstrumentForm(FlaskForm):
    instrument_code = SelectField(_l("Questionnaire"), validators=[required()])


class PublicPageForm(FlaskForm):
    """Turn the unit's public page on or off: the state wanted, so a second click changes
    nothing."""

    enabled = HiddenField(validators=[AnyOf(("on", "off"))])


def _desks_managed_here(form: FlaskForm, field: UnitCodeField) -> None:
    """A unit whose desks this user may not manage reads as unknown: no hint that it exists."""
    if field.data is not None and not permissions.can(current_user, "manage_desks", field.data):
        raise ValidationError(_l("No unit with code: %(codes)s", codes=field.raw))


class DeskForm(FlaskForm):
    unit = UnitCodeField(_l("Unit (code)"), validators=[required(), _desks_managed_here])
    code = StringField(_l("Desk code"), validators=[required(), at_most(40)])
    name = StringField(_l("Desk name"), validators=[required(), at_most(200)])


FORM_MODE_LABELS = {
    "quick": _l("Quick: the overall rating and one criterion of each component, drawn at random"),
    "full": _l("Full: every criterion"),
}


class FormModeForm(FlaskForm):
    form_mode = SelectField(
        _l("Form citizens see"),
        choices=[SelectChoice(mode, label) for mode, label in FORM_MODE_LABELS.items()],
        validators=[required()],
    )


class MoveDeskForm(FlaskForm):
    unit = UnitCodeField(_l("Move to unit (code)"), validators=[required(), _desks_managed_here])


class ProcedureForm(FlaskForm):
    code = StringField(_l("Procedure code"), validators=[required(), at_most(40)])
    name = StringField(_l("Procedure name"), validators=[required(), at_most(300)])


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file (UTF-8): unit_code, code, name"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileSize(MAX_UPLOAD, message=_l("The file is larger than 2 MB.")),
        ],
    )


def _roles() -> list[tuple[str, str]]:
    return [(role, ROLE_LABELS[role]) for role in ROLES]


class StaffForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[required(), at_most(200)])
    role = SelectField(_l("Role"), choices=_roles, validators=[required()])
    units = UnitCodesField(_l("Unit codes (for a supervisor)"), validators=[Optional()])


class NewStaffForm(StaffForm):
    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    password = PasswordField(_l("Password (at least 10 characters)"), validators=[required()])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()], validate_choice=False)
    actor = StringField(_l("Who"), validators=[Optional(), at_most(100)])
    target = StringField(_l("Target"), validators=[Optional(), at_most(100)])
    since = DayField(_l("From (dd/mm/yyyy)"), validators=[Optional()])
    until = DayField(_l("To (dd/mm/yyyy)"), validators=[Optional()])
    page = HiddenField()
