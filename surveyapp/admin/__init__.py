"""Administration pages: units, desks and their QR posters, procedures, staff, audit trail."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint, Flask
from flask_babel import format_date

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _day(value: date | None) -> str:
    """A date as Vietnamese forms write it: 01/07/2025."""
    return format_date(value, "dd/MM/yyyy") if value else ""


def _plain_json(value: Any) -> str:
    """An audit record's before/after values, Vietnamese letters as they are."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def init_app(app: Flask) -> None:
    from surveyapp.admin import audit_trail, desks, header, procedures, staff, units  # noqa: F401

    header.init_app(app)
    app.register_blueprint(bp)
    app.add_template_filter(_day, "day")
    app.add_template_filter(_plain_json, "plain_json")
