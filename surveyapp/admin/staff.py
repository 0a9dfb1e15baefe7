"""Staff accounts: list, create, role and units, deactivate, reset the password."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from surveyapp.admin import bp
from surveyapp.admin.flow import creation_page, submit
from surveyapp.admin.forms import ROLE_LABELS, ConfirmForm, NewStaffForm, SearchForm, StaffForm
from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.services import listings, permissions, staff
from surveyapp.services.audit import Actor


@bp.get("/staff", endpoint="staff")
@login_required
def staff_list():
    permissions.require(current_user, "view_all")
    form = SearchForm(request.args)
    page = listings.staff(form.q.data or "", request.args.get("page", 1, int))
    can_manage = permissions.can(current_user, "manage_users")
    return render_template(
        "admin/staff.html", form=form, page=page, can_manage=can_manage, roles=ROLE_LABELS
    )


def _new_page():
    return creation_page(_("New account"), ".staff", _("Staff accounts"), secret=True)


@bp.route("/staff/new", methods=["GET", "POST"])
@login_required
def create_staff():
    permissions.require(current_user, "manage_users")
    form = NewStaffForm()
    if request.method == "GET":
        return _new_page()(form)

    def change() -> tuple[str, str]:
        user = staff.create_staff(
            Actor.of(current_user), form.username.data, form.full_name.data, form.role.data,
            form.units.data, form.password.data,
        )  # fmt: skip
        message = _("Account %(name)s was created.", name=user.username)
        return message, url_for(".staff_member", user_id=user.id)

    return submit(form, change, lambda problems: _new_page()(form, problems))


def _member_page(member: User, problems: list[str] = (), form: StaffForm | None = None) -> str:
    return render_template(
        "admin/staff_member.html", member=member, problems=problems, roles=ROLE_LABELS,
        form=form or StaffForm(None, obj=member), confirm=ConfirmForm(None),
        can_manage=permissions.can(current_user, "manage_users"),
    )  # fmt: skip


def _member_or_404(user_id: int, action: str = "view_all") -> User:
    permissions.require(current_user, action)
    return db.get_or_404(User, user_id)


@bp.get("/staff/<int:user_id>")
@login_required
def staff_member(user_id: int):
    return _member_page(_member_or_404(user_id))


@bp.post("/staff/<int:user_id>/edit")
@login_required
def edit_staff(user_id: int):
    member = _member_or_404(user_id, "manage_users")
    form = StaffForm()

    def change() -> tuple[str, str]:
        staff.update_staff(
            Actor.of(current_user), member, full_name=form.full_name.data,
            role=form.role.data, units=form.units.data,
        )  # fmt: skip
        message = _("Account %(name)s was saved.", name=member.username)
        return message, url_for(".staff_member", user_id=member.id)

    return submit(form, change, lambda problems: _member_page(member, problems, form))


@bp.post("/staff/<int:user_id>/<any(activate, deactivate):what>")
@login_required
def set_staff_active(user_id: int, what: str):
    member = _member_or_404(user_id, "manage_users")
    active = what == "activate"

    def change() -> tuple[str, str]:
        staff.set_active(Actor.of(current_user), member, active)
        message = (
            _("Account %(name)s is active.", name=member.username)
            if active
            else _("Account %(name)s was deactivated.", name=member.username)
        )
        return message, url_for(".staff_member", user_id=member.id)

    return submit(ConfirmForm(), change, lambda problems: _member_page(member, problems))


@bp.post("/staff/<int:user_id>/password")
@login_required
def reset_password(user_id: int):
    """Shown once, on this response itself (never in a cookie or a redirect), not cached."""
    member = _member_or_404(user_id, "manage_users")
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _member_page(member, [_("Nothing was changed. Please try again.")]), 400
    password = staff.reset_password(Actor.of(current_user), member)
    html = render_template("admin/staff_password.html", member=member, password=password)
    return html, 200, {"Cache-Control": "no-store"}
