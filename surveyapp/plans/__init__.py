"""Improvement plans: opened from a component below the target, reviewed by Home Affairs,
followed action by action, and evaluated against the units without a plan."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("plans", __name__, url_prefix="/plans")


def _period_label(code: str) -> str:
    """A stored period code as people read it: "Quý 3/2026", "09/2026 – 11/2026"."""
    from surveyapp.services.periods import parse

    return parse(code).label


def init_app(app: Flask) -> None:
    from surveyapp.plans import follow_ups, lists, routes  # noqa: F401

    app.register_blueprint(bp)
    app.add_template_filter(_period_label, "period_label")
