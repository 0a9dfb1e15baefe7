"""Follow-up cases of low ratings: the unit's supervisors list them, read the citizen's
contact, note what was done and move each case from open to contacted to resolved.

Administrators and reviewers see the number of cases by unit and status only, never a case,
a note or a contact (services/permissions.py).
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Optional

from surveyapp.admin.flow import submit
from surveyapp.admin.forms import at_most, required
from surveyapp.extensions import db
from surveyapp.models import FollowUpCase
from surveyapp.plans import bp
from surveyapp.services import follow_ups, permissions
from surveyapp.services.follow_ups import NOTE_MAX_LENGTH, FollowUpError

STATUS_LABELS = {
    "open": _l("Open"),
    "contacted": _l("Contacted"),
    "resolved": _l("Resolved"),
}
STEP_LABELS = {"contact": _l("Mark contacted"), "resolve": _l("Mark resolved")}
HISTORY_LABELS = {
    "follow_up.open": _l("Call-back asked for by the citizen"),
    "follow_up.note": _l("Note added"),
    "follow_up.contact": _l("Marked contacted"),
    "follow_up.resolve": _l("Marked resolved"),
    "follow_up.erase_contact": _l("Contact erased"),
}
MESSAGES = {
    "not_allowed": _l("Only the supervisors of this unit may work this case."),
    "note_required": _l("Write the note."),
    "wrong_status": _l("The case is not in the state this step needs."),
    "unknown_step": _l("Unknown step."),
}


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note"), validators=[required(), at_most(NOTE_MAX_LENGTH)])


class StepForm(FlaskForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), at_most(NOTE_MAX_LENGTH)])


def _reasons(error: Exception) -> list[str]:
    reason = getattr(error, "reason", "")
    return [str(MESSAGES.get(reason, reason))]


def _case(case_id: int, action: str = "follow_up_view") -> FollowUpCase:
    case = db.get_or_404(FollowUpCase, case_id)
    permissions.require(current_user, action, case.unit_id)
    return case


def _labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "step_labels": STEP_LABELS,
        "history_labels": HISTORY_LABELS,
    }


@bp.get("/follow-ups/")
@login_required
def follow_ups_index():
    if permissions.can(current_user, "follow_up_counts"):
        return render_template(
            "plans/follow_up_counts.html", counts=follow_ups.counts_by_unit(), **_labels()
        )
    if permissions.follow_up_units_select(current_user) is None or not current_user.units:
        abort(403)
    page = follow_ups.cases(current_user, request.args.get("page", 1, type=int))
    return render_template("plans/follow_ups.html", page=page, **_labels())


def _page(case: FollowUpCase, problems: list[str] = (), **bound) -> str:
    forms = {"note": NoteForm(None), "step": StepForm(None)} | bound
    return render_template(
        "plans/follow_up.html", case=case, problems=problems, forms=forms,
        steps=follow_ups.allowed_steps(current_user, case), history=follow_ups.history(case),
        can_edit=permissions.can(current_user, "follow_up_edit", case.unit_id), **_labels(),
    )  # fmt: skip


@bp.get("/follow-ups/<int:case_id>")
@login_required
def follow_up(case_id: int):
    return _page(_case(case_id))


@bp.post("/follow-ups/<int:case_id>/notes")
@login_required
def add_follow_up_note(case_id: int):
    case = _case(case_id, "follow_up_edit")
    form = NoteForm()

    def change() -> tuple[str, str]:
        follow_ups.add_note(current_user, case, form.text.data)
        return _("Note added."), url_for(".follow_up", case_id=case.id)

    return submit(form, change, lambda p: _page(case, p, note=form), (FollowUpError,), _reasons)


@bp.post("/follow-ups/<int:case_id>/<any(contact, resolve):step>")
@login_required
def move_follow_up(case_id: int, step: str):
    case = _case(case_id, "follow_up_edit")
    form = StepForm()

    def change() -> tuple[str, str]:
        follow_ups.move(current_user, case, step, form.note.data or "")
        return _("Case updated."), url_for(".follow_up", case_id=case.id)

    return submit(form, change, lambda p: _page(case, p, step=form), (FollowUpError,), _reasons)
