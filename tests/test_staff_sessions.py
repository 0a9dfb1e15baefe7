"""Staff sessions end on the server: sign-out, deactivation and a new password."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.services.accounts import create_user, deactivate_user
from tests.conftest import make_app

PASSWORD = "correct horse battery"


@pytest.fixture
def app():
    """No app context held open: each request loads its user afresh, as in production."""
    app = make_app()
    with app.app_context():
        create_user("admin", PASSWORD, "admin", "Quản trị")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def _change(app, change) -> None:
    with app.app_context():
        change(db.session.scalar(db.select(User).where(User.username == "admin")))
        db.session.commit()


def _signed_in_copy(app):
    """A browser that signed in, and a second one holding a copy of its session cookie."""
    browser = app.test_client()
    browser.post("/auth/login", data={"username": "admin", "password": PASSWORD})
    assert browser.get("/admin/desks").status_code == 200
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert thief.get("/admin/desks").status_code == 200
    return browser, thief


def test_a_copied_session_cookie_stops_working_after_sign_out(app):
    browser, thief = _signed_in_copy(app)
    browser.post("/auth/logout")
    assert thief.get("/admin/desks").status_code == 302


def test_deactivating_an_account_ends_its_sessions(app):
    _, thief = _signed_in_copy(app)
    _change(app, deactivate_user)
    assert thief.get("/admin/desks").status_code == 302


def test_a_new_password_ends_the_old_sessions(app):
    _, thief = _signed_in_copy(app)
    _change(app, lambda user: user.set_password("another long password"))
    assert thief.get("/admin/desks").status_code == 302
    fresh = app.test_client()
    fresh.post("/auth/login", data={"username": "admin", "password": "another long password"})
    assert fresh.get("/admin/desks").status_code == 200
