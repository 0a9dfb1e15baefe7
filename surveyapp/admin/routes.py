"""Desks a staff member may see, their QR codes and printable posters."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from surveyapp.extensions import db
from surveyapp.models import Desk
from surveyapp.services import desk_codes, permissions, qr_images
from surveyapp.services.audit import Actor
from surveyapp.services.desks import reissue_code
from surveyapp.services.org import desks_for

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _desk_or_404(desk_id: int) -> Desk:
    """The desk, if this user may see it; a 404 otherwise (no hint that it exists)."""
    desk = db.get_or_404(Desk, desk_id)
    permissions.require(current_user, "view", desk.unit_id)
    return desk


@bp.get("/desks")
@login_required
def desks():
    rows = [
        (desk, permissions.can(current_user, "manage_desks", desk.unit_id))
        for desk in desks_for(current_user)
    ]
    return render_template("admin/desks.html", rows=rows, form=FlaskForm())


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


@bp.post("/desks/<int:desk_id>/reissue")
@login_required
def reissue(desk_id: int):
    desk = _desk_or_404(desk_id)
    permissions.require(current_user, "manage_desks", desk.unit_id)
    reissue_code(Actor.of(current_user), desk)
    flash(_("A new QR code was issued for %(desk)s. The old code no longer works.", desk=desk.name))
    return redirect(url_for("admin.desks"), code=303)
