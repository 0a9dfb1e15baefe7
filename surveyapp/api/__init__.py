"""JSON API for kiosks and tablets (/api/v1), described by openapi.json beside this module."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from surveyapp.api.routes import bp
    from surveyapp.extensions import csrf

    csrf.exempt(bp)  # no cookies are used: the desk token authorises a submission
    app.register_blueprint(bp)
