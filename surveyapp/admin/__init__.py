"""Staff pages for units and desks: QR codes, posters, re-issue."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from surveyapp.admin.routes import bp

    app.register_blueprint(bp)
