"""Acknowledging a desk's early warning from the unit page (POST with CSRF, then back)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.console.routes import bp
from surveyapp.services.warning_lists import acknowledge


@bp.post("/warnings/<int:warning_id>/acknowledge")
@login_required
def acknowledge_warning(warning_id: int):
    warning = acknowledge(current_user, warning_id)
    flash(
        _("Early warning of %(desk)s acknowledged: its chart starts again.", desk=warning.desk.name)
    )
    period = request.form.get("period")
    target = url_for(
        "console.unit",
        unit_id=int(request.form.get("unit_id", warning.desk.unit_id)),
        period=period,
    )
    return redirect(target + "#desks")
