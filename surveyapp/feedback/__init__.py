"""Citizen blueprint: QR landing, the form, the thank-you page. Public and small."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from surveyapp.extensions import csrf
    from surveyapp.feedback import call_back  # noqa: F401  (its routes are on bp)
    from surveyapp.feedback.routes import bp

    # The form checks its own CSRF token, so that an expired one keeps the citizen's answers.
    csrf.exempt(bp)
    app.register_blueprint(bp)
