"""Improvement plans: opened from a component below the target, reviewed by Home Affairs,
followed action by action, and evaluated against the units without a plan."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("plans", __name__, url_prefix="/plans")


def init_app(app: Flask) -> None:
    from surveyapp.plans import lists, routes  # noqa: F401

    app.register_blueprint(bp)
