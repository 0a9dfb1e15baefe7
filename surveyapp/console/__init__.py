"""The staff console: indices, flags and comparisons for Home Affairs and desk supervisors."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Adding the downloads and the acknowledgement of early warnings to bp:
    from surveyapp.console import export_routes, warning_routes  # noqa: F401
    from surveyapp.console.routes import bp

    app.register_blueprint(bp)
