"""Unit pages: the tree, a unit's page, create, edit, close, merge, split, questionnaire."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.admin import bp
from surveyapp.admin.flow import creation_page, submit, unit_or_404
from surveyapp.admin.forms import (
    CloseForm,
    ConfirmForm,
    EditUnitForm,
    InstrumentForm,
    MergeForm,
    PublicPageForm,
    SearchForm,
    SplitForm,
    UnitForm,
)
from surveyapp.models import Unit
from surveyapp.services import desks, listings, permissions, public_page, units
from surveyapp.services.audit import Actor


def _type_choices(form: UnitForm) -> UnitForm:
    form.type_code.choices = [(t.code, t.name) for t in listings.unit_types()]
    return form


@bp.get("/units", endpoint="units")
@login_required
def units_list():
    form = SearchForm(request.args)
    page = listings.unit_tree(current_user, form.q.data or "", request.args.get("page", 1, int))
    can_create = permissions.can(current_user, "manage_units")
    return render_template("admin/units.html", form=form, page=page, can_create=can_create)


def _new_page():
    return creation_page(_("New unit"), ".units", _("Units"))


@bp.route("/units/new", methods=["GET", "POST"])
@login_required
def create_unit():
    permissions.require(current_user, "manage_units")
    form = _type_choices(UnitForm())
    if request.method == "GET":
        return _new_page()(form)

    def change() -> tuple[str, str]:
        fields = {"name_en": form.name_en.data or None, "valid_from": form.valid_from.data}
        fields["official_code"] = form.official_code.data or None
        created = units.create_unit(
            Actor.of(current_user), form.code.data.strip(), form.name.data.strip(),
            form.type_code.data, form.parent.data, **fields,
        )  # fmt: skip
        message = _("Unit %(name)s was created.", name=created.name)
        return message, url_for(".unit", unit_id=created.id)

    return submit(form, change, lambda problems: _new_page()(form, problems))


def _unit_page(unit: Unit, problems: list[str] = (), **bound) -> str:
    """The unit's page; ``bound`` holds the form that was just sent, kept with its errors."""
    forms = {
        "edit": _type_choices(EditUnitForm(None, prefix="edit", obj=unit)),
        "close": CloseForm(None, prefix="close"),
        "merge": MergeForm(None, prefix="merge"),
        "split": SplitForm(None, prefix="split"),
        "instrument": InstrumentForm(None, prefix="instrument"),
        "public": PublicPageForm(None, prefix="public"),
    } | bound
    forms["instrument"].instrument_code.choices = listings.instrument_codes()
    user = current_user
    allowed = {
        "manage_units": permissions.can(user, "manage_units", unit),
        "manage_desks": permissions.can(user, "manage_desks", unit),
        "manage_procedures": permissions.can(user, "manage_procedures", unit),
        "manage_instruments": permissions.can(user, "manage_instruments", unit),
        "publish_results": permissions.can(user, "publish_results", unit),
        "view_parent": unit.parent is not None and permissions.can(user, "view", unit.parent),
    }
    history = listings.unit_history(unit)
    return render_template(
        "admin/unit.html", unit=unit, history=history, forms=forms, allowed=allowed,
        problems=problems, confirm=ConfirmForm(),
    )  # fmt: skip


@bp.get("/units/<int:unit_id>")
@login_required
def unit(unit_id: int):
    return _unit_page(unit_or_404(unit_id))


def _unit_change(unit_id: int, action: str, name: str, form_class, change):
    """POST one of the unit page's forms: ``change(unit, form)`` returns the message."""
    unit = unit_or_404(unit_id, action)
    form = form_class(prefix=name)
    if isinstance(form, UnitForm):
        _type_choices(form)
    if isinstance(form, InstrumentForm):
        form.instrument_code.choices = listings.instrument_codes()
    return submit(
        form,
        lambda: (change(unit, form), url_for(".unit", unit_id=unit.id)),
        lambda problems: _unit_page(unit, problems, **{name: form}),
    )


@bp.post("/units/<int:unit_id>/edit")
@login_required
def edit_unit(unit_id: int):
    def change(unit: Unit, form: EditUnitForm) -> str:
        units.update_unit(
            Actor.of(current_user), unit, name=form.name.data.strip(),
            name_en=form.name_en.data or None, official_code=form.official_code.data or None,
            type_code=form.type_code.data, parent=form.parent.data,
        )  # fmt: skip
        return _("Unit %(name)s was saved.", name=unit.name)

    return _unit_change(unit_id, "manage_units", "edit", EditUnitForm, change)


@bp.post("/units/<int:unit_id>/close")
@login_required
def close_unit(unit_id: int):
    def change(unit: Unit, form: CloseForm) -> str:
        units.close_unit(Actor.of(current_user), unit, form.on.data)
        return _("Unit %(name)s was closed.", name=unit.name)

    return _unit_change(unit_id, "manage_units", "close", CloseForm, change)


@bp.post("/units/<int:unit_id>/merge")
@login_required
def merge_units(unit_id: int):
    def change(unit: Unit, form: MergeForm) -> str:
        units.merge_units(
            Actor.of(current_user), unit, form.units.data, form.on.data, form.basis.data
        )
        return _("The units were merged into %(name)s.", name=unit.name)

    return _unit_change(unit_id, "manage_units", "merge", MergeForm, change)


@bp.post("/units/<int:unit_id>/split")
@login_required
def split_unit(unit_id: int):
    def change(unit: Unit, form: SplitForm) -> str:
        units.split_unit(
            Actor.of(current_user), unit, form.units.data, form.on.data, form.basis.data
        )
        return _("Unit %(name)s was split; its responses stay with it.", name=unit.name)

    return _unit_change(unit_id, "manage_units", "split", SplitForm, change)


@bp.post("/units/<int:unit_id>/instrument")
@login_required
def set_instrument(unit_id: int):
    def change(unit: Unit, form: InstrumentForm) -> str:
        count = desks.set_unit_instrument(Actor.of(current_user), unit, form.instrument_code.data)
        return _("%(count)s desk(s) now use %(code)s.", count=count, code=form.instrument_code.data)

    return _unit_change(unit_id, "manage_instruments", "instrument", InstrumentForm, change)


@bp.post("/units/<int:unit_id>/public-page")
@login_required
def set_public_page(unit_id: int):
    def change(unit: Unit, form: PublicPageForm) -> str:
        enabled = form.enabled.data == "on"
        public_page.set_public_page(Actor.of(current_user), unit, enabled)
        if enabled:
            return _("The public page of %(name)s is on.", name=unit.name)
        return _("The public page of %(name)s is off.", name=unit.name)

    return _unit_change(unit_id, "publish_results", "public", PublicPageForm, change)
