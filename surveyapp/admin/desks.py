"""Desk pages: the list by unit, a desk's page, create, move, deactivate, QR posters."""

from __future__ import annotations

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.admin import bp
from surveyapp.admin.flow import creation_page, submit, today
from surveyapp.admin.forms import (
    FORM_MODE_LABELS,
    ConfirmForm,
    DeskForm,
    FormModeForm,
    MoveDeskForm,
    SearchForm,
)
from surveyapp.extensions import db
from surveyapp.models import Desk
from surveyapp.services import desk_codes, desks, listings, permissions, qr_images
from surveyapp.services.audit import Actor


def _desk_or_404(desk_id: int, action: str = "view") -> Desk:
    """The desk, if this user may see it; a 404 otherwise (no hint that it exists)."""
    desk = db.get_or_404(Desk, desk_id)
    permissions.require(current_user, action, desk.unit_id)
    return desk


def _may_create_desks() -> bool:
    user = current_user
    return permissions.can(user, "manage_desks") or any(
        permissions.can(user, "manage_desks", unit) for unit in user.units
    )


@bp.get("/desks", endpoint="desks")
@login_required
def desks_list():
    form = SearchForm(request.args)
    page = listings.desks(current_user, form.q.data or "", request.args.get("page", 1, int))
    return render_template("admin/desks.html", form=form, page=page, can_create=_may_create_desks())


def _new_page():
    return creation_page(_("New desk"), ".desks", _("Desks and QR codes"))


@bp.route("/desks/new", methods=["GET", "POST"])
@login_required
def create_desk():
    if not _may_create_desks():
        abort(403)
    form = DeskForm(unit=request.args.get("unit", ""))
    if request.method == "GET":
        return _new_page()(form)

    def change() -> tuple[str, str]:
        desk = desks.create_desk(
            Actor.of(current_user), form.unit.data, form.code.data.strip(),
            form.name.data.strip(), today(),
        )  # fmt: skip
        return _("Desk %(desk)s was created.", desk=desk.name), url_for(".desk", desk_id=desk.id)

    return submit(form, change, lambda problems: _new_page()(form, problems))


def _desk_page(desk: Desk, problems: list[str] = (), form=None) -> str:
    return render_template(
        "admin/desk.html", desk=desk, problems=problems, confirm=ConfirmForm(None),
        move=form if isinstance(form, MoveDeskForm) else MoveDeskForm(None),
        mode=form if isinstance(form, FormModeForm) else FormModeForm(None, obj=desk),
        mode_label=FORM_MODE_LABELS.get(desk.form_mode, desk.form_mode),
        can_manage=permissions.can(current_user, "manage_desks", desk.unit_id),
    )  # fmt: skip


@bp.get("/desks/<int:desk_id>")
@login_required
def desk(desk_id: int):
    return _desk_page(_desk_or_404(desk_id))


def _desk_change(desk_id: int, form, change):
    """POST a change to one desk; ``change(desk, form)`` returns the message to flash."""
    desk = _desk_or_404(desk_id, "manage_desks")
    return submit(
        form,
        lambda: (change(desk, form), url_for(".desk", desk_id=desk.id)),
        lambda problems: _desk_page(desk, problems, form),
    )


@bp.post("/desks/<int:desk_id>/move")
@login_required
def move_desk(desk_id: int):
    def change(desk: Desk, form: MoveDeskForm) -> str:
        desks.move_desk(Actor.of(current_user), desk, form.unit.data, today())
        return _("Desk %(desk)s now belongs to %(unit)s.", desk=desk.name, unit=desk.unit.name)

    return _desk_change(desk_id, MoveDeskForm(), change)


@bp.post("/desks/<int:desk_id>/form-mode")
@login_required
def set_form_mode(desk_id: int):
    def change(desk: Desk, form: FormModeForm) -> str:
        desks.set_form_mode(Actor.of(current_user), desk, form.form_mode.data)
        return _("Desk %(desk)s now shows: %(mode)s.", desk=desk.name, mode=FORM_MODE_LABELS[
            desk.form_mode
        ])  # fmt: skip

    return _desk_change(desk_id, FormModeForm(), change)


@bp.post("/desks/<int:desk_id>/deactivate")
@login_required
def deactivate_desk(desk_id: int):
    def change(desk: Desk, form: ConfirmForm) -> str:
        desks.deactivate_desk(Actor.of(current_user), desk)
        return _("Desk %(desk)s was deactivated; its links no longer work.", desk=desk.name)

    return _desk_change(desk_id, ConfirmForm(), change)


@bp.post("/desks/<int:desk_id>/reactivate")
@login_required
def reactivate_desk(desk_id: int):
    def change(desk: Desk, form: ConfirmForm) -> str:
        desks.reactivate_desk(Actor.of(current_user), desk, today())
        return _("Desk %(desk)s is active again.", desk=desk.name)

    return _desk_change(desk_id, ConfirmForm(), change)


@bp.post("/desks/<int:desk_id>/reissue")
@login_required
def reissue(desk_id: int):
    def change(desk: Desk, form: ConfirmForm) -> str:
        desks.reissue_code(Actor.of(current_user), desk)
        return _(
            "A new QR code was issued for %(desk)s. The old code no longer works.", desk=desk.name
        )

    return _desk_change(desk_id, ConfirmForm(), change)


def _desk_url(desk: Desk) -> str:
    try:
        return desk_codes.desk_url(desk)
    except LookupError:
        abort(404, "this desk has no QR code yet")


@bp.get("/desks/<int:desk_id>/poster")
@login_required
def poster(desk_id: int):
    desk = _desk_or_404(desk_id)
    url = _desk_url(desk)
    svg = qr_images.svg_bytes(url).decode("utf-8").split("?>", 1)[-1]
    return render_template("admin/poster.html", desk=desk, url=url, svg=svg)


@bp.get("/desks/<int:desk_id>/qr.<any(png, svg):kind>")
@login_required
def qr_image(desk_id: int, kind: str):
    desk = _desk_or_404(desk_id)
    url = _desk_url(desk)
    if kind == "png":
        return Response(qr_images.png_bytes(url), mimetype="image/png")
    return Response(qr_images.svg_bytes(url), mimetype="image/svg+xml")
