"""A unit's administrative procedures (TTHC): list, add or rename, CSV import."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.admin import bp
from surveyapp.admin.flow import submit, unit_or_404
from surveyapp.admin.forms import ImportForm, ProcedureForm
from surveyapp.models import Unit
from surveyapp.services import imports, permissions, procedures
from surveyapp.services.audit import Actor


def _page(unit: Unit, problems: list[str] = (), **bound) -> str:
    forms = {"save": ProcedureForm(None, prefix="save"), "upload": ImportForm(None)} | bound
    can_manage = permissions.can(current_user, "manage_procedures", unit)
    return render_template(
        "admin/procedures.html", unit=unit, forms=forms, problems=problems, can_manage=can_manage
    )


@bp.get("/units/<int:unit_id>/procedures", endpoint="procedures")
@login_required
def procedures_list(unit_id: int):
    return _page(unit_or_404(unit_id))


@bp.post("/units/<int:unit_id>/procedures")
@login_required
def save_procedure(unit_id: int):
    unit = unit_or_404(unit_id, "manage_procedures")
    form = ProcedureForm(prefix="save")

    def change() -> tuple[str, str]:
        changed = procedures.save_procedure(
            Actor.of(current_user), unit, form.code.data, form.name.data
        )
        message = _("Procedure saved.") if changed else _("Nothing to change.")
        return message, url_for(".procedures", unit_id=unit.id)

    return submit(form, change, lambda problems: _page(unit, problems, save=form))


@bp.post("/units/<int:unit_id>/procedures/import")
@login_required
def import_procedures(unit_id: int):
    unit = unit_or_404(unit_id, "manage_procedures")
    form = ImportForm()

    def change() -> tuple[str, str]:
        data = form.file.data.read()
        result = imports.import_procedures(Actor.of(current_user), data, only_unit=unit)
        message = _(
            "%(rows)s line(s) read, %(changed)s procedure(s) added or renamed.",
            rows=result.rows, changed=result.changed,
        )  # fmt: skip
        return message, url_for(".procedures", unit_id=unit.id)

    return submit(form, change, lambda problems: _page(unit, problems, upload=form))
