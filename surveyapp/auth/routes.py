"""Sign in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from surveyapp.admin.header import landing_url
from surveyapp.auth.forms import LoginForm
from surveyapp.rate_limits import limited
from surveyapp.services.sign_in import authenticate, sign_out

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another host.

    Browsers read "//host", "/\\host" and "/<tab>/host" as another host, and Werkzeug turns a
    path of many leading slashes into "//host": so one leading slash and no backslash or tab.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and target.isprintable()
        and "\\" not in target
        and not urlsplit(target).netloc
    ):
        return target
    return landing_url(current_user)


@bp.route("/login", methods=["GET", "POST"])
@limited("LOGIN_RATE_LIMIT", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        # One message for every refusal: it never tells whether the account exists or is paused.
        form.password.errors.append(
            _(
                "Wrong username or password. After several wrong attempts, signing in to "
                "the account is paused for a few minutes."
            )
        )
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    sign_out(current_user)
    logout_user()
    return redirect(url_for("feedback.index"))
