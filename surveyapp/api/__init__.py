"""JSON API (/api/v1): submissions from kiosks and tablets, and the read API for other
government systems (bearer tokens). Described by openapi.json beside this module."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from surveyapp.api import scores  # noqa: F401  (adds GET /scores to the blueprint)
    from surveyapp.api.routes import bp
    from surveyapp.extensions import csrf

    csrf.exempt(bp)  # no cookies are used: the desk token authorises a submission
    app.register_blueprint(bp)
