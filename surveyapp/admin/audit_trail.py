"""The audit trail, for administrators: read only, filtered by action, actor, target, date."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from surveyapp.admin import bp
from surveyapp.admin.forms import AuditFilterForm
from surveyapp.services import listings, permissions

TARGET_LABELS = {
    "units": _l("Unit"),
    "unit_lineage": _l("Reorganisation"),
    "desks": _l("Desk"),
    "procedures": _l("Procedure"),
    "users": _l("Account"),
}


@bp.get("/audit", endpoint="audit")
@login_required
def audit_list():
    permissions.require(current_user, "view_audit")
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "—")] + [(a, a) for a in listings.audit_actions()]
    valid = form.validate()
    page = listings.audit_trail(
        form.action.data or "", form.actor.data or "", form.target.data or "",
        form.since.data if valid else None, form.until.data if valid else None,
        request.args.get("page", 1, int), ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
    )  # fmt: skip
    html = render_template("admin/audit.html", form=form, page=page, targets=TARGET_LABELS)
    return html, 200 if valid else 400
