"""The public results page of a unit that publishes them: anonymous, cacheable, no JavaScript."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from surveyapp.public.routes import bp

    app.register_blueprint(bp)
