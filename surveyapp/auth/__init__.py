"""Staff sign-in. Citizens never sign in."""

from __future__ import annotations

from flask import Flask

from surveyapp.extensions import login_manager


def init_app(app: Flask) -> None:
    from surveyapp.auth.routes import bp
    from surveyapp.services.sign_in import user_for_session

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    login_manager.user_loader(user_for_session)
    app.register_blueprint(bp)
