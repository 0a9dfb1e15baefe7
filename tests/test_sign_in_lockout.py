"""Per-account sign-in lockout: counted in the database, with back-off, and saying nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.models.clock import utcnow
from surveyapp.services import sign_in
from surveyapp.services.accounts import create_user

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(app):
    create_user("admin", PASSWORD, "admin", "Quản trị")
    db.session.commit()


def _login(client, username="admin", password=PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def _message(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index('class="e"') :].split("</p>", 1)[0]


def _clock(monkeypatch, minutes: float) -> None:
    now = utcnow() + timedelta(minutes=minutes)
    monkeypatch.setattr(sign_in, "utcnow", lambda: now)


def test_after_five_wrong_passwords_even_the_right_one_waits(app, admin):
    client = app.test_client()
    for _ in range(5):
        assert _login(client, password="wrong").status_code == 400
    assert _login(client).status_code == 400  # paused: the right password is not checked
    assert app.test_client().get("/admin/desks").status_code == 302


def test_the_pause_ends_and_doubles_with_each_further_failure(app, admin, monkeypatch):
    client = app.test_client()
    for _ in range(5):
        _login(client, password="wrong")
    _clock(monkeypatch, 1.5)  # the first pause (60 s) is over: one more try
    assert _login(client, password="wrong").status_code == 400
    _clock(monkeypatch, 2.5)  # the second pause is 120 s from 1.5 min: still paused
    assert _login(client).status_code == 400
    _clock(monkeypatch, 3.6)
    assert _login(client).status_code == 302
    user = db.session.scalar(sa.select(User))
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_a_success_resets_the_count(app, admin):
    client = app.test_client()
    for _ in range(4):
        _login(client, password="wrong")
    assert _login(client).status_code == 302
    for _ in range(4):
        _login(app.test_client(), password="wrong")
    assert _login(app.test_client()).status_code == 302


def test_the_message_never_tells_whether_the_account_exists_or_is_paused(app, admin):
    client = app.test_client()
    unknown = _message(_login(client, username="nobody"))
    wrong = _message(_login(client, password="wrong"))
    for _ in range(5):
        _login(client, password="wrong")
    paused = _message(_login(client))
    assert unknown == wrong == paused
    assert "Sai tên đăng nhập hoặc mật khẩu" in unknown


def test_concurrent_attempts_from_many_connections_check_at_most_five_passwords(
    tmp_path, monkeypatch
):
    """Each attempt on its own connection (as from other workers): the count is shared."""
    from tests.conftest import make_app

    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'lockout.sqlite3'}")
    with app.app_context():
        create_user("admin", PASSWORD, "admin", "Quản trị")
        db.session.commit()
    checked = []
    real_check = User.check_password
    monkeypatch.setattr(
        User, "check_password", lambda user, pw: checked.append(1) or real_check(user, pw)
    )

    def attempt():
        _login(app.test_client(), password="wrong")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == 5
    with app.app_context():
        assert db.session.scalar(sa.select(User.failed_logins)) == 5
        db.engine.dispose()
