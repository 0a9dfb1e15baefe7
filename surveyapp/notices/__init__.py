"""Staff notices: the list, and marking them read (POST with CSRF)."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, render_template, url_for
from flask_login import current_user, login_required

from surveyapp.services import notices

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.get("/")
@login_required
def index():
    latest = notices.notices_of(current_user)
    texts = {notice.id: notices.notice_text(notice) for notice in latest}
    return render_template("notices/index.html", notices=latest, texts=texts)


@bp.post("/<int:notice_id>/read")
@login_required
def read(notice_id: int):
    notices.mark_read(current_user, notice_id)
    return redirect(url_for("notices.index"))


@bp.post("/read")
@login_required
def read_all():
    notices.mark_read(current_user)
    return redirect(url_for("notices.index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
