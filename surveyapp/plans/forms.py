"""Forms of the plan pages. Each POST form carries its CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from surveyapp.admin.fields import DayField
from surveyapp.admin.forms import at_most, required
from surveyapp.services import periods

ACTION_STATUS_LABELS = {
    "todo": _l("Not started"),
    "in_progress": _l("Under way"),
    "done": _l("Done"),
}


def _period(form, field) -> None:
    try:
        periods.parse(field.data or "")
    except ValueError:
        raise ValidationError(
            _l("Write a period as 2026-07, 2026-Q3, 2026 or 2026-01..2026-06.")
        ) from None


class PlanForm(FlaskForm):
    goal = StringField(_l("Goal"), validators=[required(), at_most(300)])
    baseline_period = StringField(_l("Baseline period"), validators=[required(), _period])
    evaluation_period = StringField(_l("Evaluation period"), validators=[required(), _period])


class NewPlanForm(PlanForm):
    unit_id = HiddenField()
    component = HiddenField()
    period = HiddenField()


class ActionForm(FlaskForm):
    description = TextAreaField(_l("Action to take"), validators=[required(), at_most(500)])
    owner = StringField(_l("Owner"), validators=[required(), at_most(200)])
    due_on = DayField(_l("Due date (dd/mm/yyyy)"), validators=[required()])


class ActionStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(key, label) for key, label in ACTION_STATUS_LABELS.items()],
    )


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), at_most(2000)])
