"""What every administration view does: find the object the user may touch, run one
service call in POST/redirect/GET with its refusal shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from surveyapp.admin.problems import SERVICE_ERRORS, explain
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.services import permissions


def submit(
    form: FlaskForm,
    change: Callable[[], tuple[str, str]],
    page: Callable[[list[str]], str],
    errors: tuple[type[Exception], ...] = SERVICE_ERRORS,
    reasons: Callable[[Exception], list[str]] = explain,
):
    """Validate ``form``, run ``change`` (one service call; it returns the message to flash
    and where to go next) and redirect. Otherwise render ``page(problems)`` with the form
    kept, status 400. ``errors`` are the refusals to show, worded by ``reasons``.

    A refused change is rolled back before the page is drawn, so that it shows what is
    stored, not the half-made change.
    """
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            message, next_url = change()
        except errors as error:
            db.session.rollback()
            problems = reasons(error)
        else:
            flash(message)
            return redirect(next_url, code=303)
    return page(problems), 400


def today() -> date:
    """Today in the service's time zone (Vietnam), for the services' "is it open" checks."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def unit_or_404(unit_id: int, action: str = "view") -> Unit:
    """The unit, if this user may do ``action`` on it: 404 if out of sight, else 403."""
    unit = db.get_or_404(Unit, unit_id)
    permissions.require(current_user, action, unit)
    return unit


def creation_page(title: str, back_endpoint: str, back_label: str, **extra):
    """The page of a "new ..." form: ``page(form)`` draws it, ``page(form, problems)`` with
    the service's refusal."""

    def page(form: FlaskForm, problems: list[str] = ()) -> str:
        return render_template(
            "admin/form_page.html", form=form, problems=problems, title=title,
            back_url=url_for(back_endpoint), back_label=back_label, **extra,
        )  # fmt: skip

    return page
