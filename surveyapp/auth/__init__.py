"""Staff sign-in. Citizens never sign in."""

from __future__ import annotations

from flask import Flask

from surveyapp.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from surveyapp.auth.routes import bp
    from surveyapp.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    app.register_blueprint(bp)
