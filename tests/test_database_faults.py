"""The database locked or failing: 503, answers kept on the page, nothing half-written."""

from __future__ import annotations

import errno
import re
import sqlite3

import pytest

from surveyapp import database
from surveyapp.extensions import db
from tests import factories
from tests.conftest import form_fields, make_app


@pytest.fixture
def file_app(tmp_path):
    """A SQLite file whose writers give up on a held lock after 50 ms."""
    path = tmp_path / "faults.sqlite3"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=50)
    with app.app_context():
        desk = factories.desk_with_code()
        app.config["test.desk_path"] = factories.desk_path(desk)
        app.config["test.token"] = factories.token(desk)
    app.config["test.file"] = str(path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _form_data(client, path) -> dict[str, str]:
    fields = form_fields(client.get(path).get_data(as_text=True))
    fields = {name: value for name, value in fields.items() if name != "website"}
    return fields | {"OVERALL": "2", "SVC.1.1": "5", "comment": "Chờ lâu quá"}


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return factories.response_count(), factories.answer_count()


def _assert_form_kept(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert "vui lòng bấm Gửi" in html  # Vietnamese: please press Send again
    assert re.search(r'<input[^>]*name="OVERALL"[^>]*value="2"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="SVC.1.1"[^>]*value="5"[^>]*checked', html)
    assert "Chờ lâu quá" in html


def _api_body(app) -> dict:
    return {"token": app.config["test.token"], "answers": {"OVERALL": 3}}


def test_a_locked_database_gives_503_and_keeps_the_answers(file_app):
    client = file_app.test_client()
    path = file_app.config["test.desk_path"]
    data = _form_data(client, path)
    holder = sqlite3.connect(file_app.config["test.file"])
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
    try:
        _assert_form_kept(client.post(path, data=data))
        api = client.post(
            "/api/v1/responses",
            json=_api_body(file_app),
            headers={"Idempotency-Key": "kiosk-1-000000000001"},
        )
        assert api.status_code == 503 and api.get_json()["error"] == "service_unavailable"
        assert int(api.headers["Retry-After"]) > 0
    finally:
        holder.rollback()
        holder.close()
    assert _counts(file_app) == (0, 0)
    assert client.post(path, data=data).status_code == 303  # sent again: stored once
    retry = client.post(
        "/api/v1/responses",
        json=_api_body(file_app),
        headers={"Idempotency-Key": "kiosk-1-000000000001"},
    )
    assert retry.status_code == 201
    assert _counts(file_app) == (2, 3)


class _FailingAnswers(sqlite3.Cursor):
    """The driver's cursor failing as a full or broken disk would, when the answers are written."""

    def executemany(self, sql, parameters):
        if sql.startswith("INSERT INTO answers"):
            raise sqlite3.OperationalError("disk I/O error")
        return super().executemany(sql, parameters)


def test_a_disk_error_between_the_rows_leaves_nothing_half_written(file_app, monkeypatch):
    """The response row is written, then writing its answers fails: neither is kept."""

    def cursor(connection, factory=sqlite3.Cursor):
        return sqlite3.Connection.cursor(connection, _FailingAnswers)

    client = file_app.test_client()
    path = file_app.config["test.desk_path"]
    data = _form_data(client, path)
    monkeypatch.setattr(database.DurableConnection, "cursor", cursor)
    _assert_form_kept(client.post(path, data=data))
    monkeypatch.undo()
    assert _counts(file_app) == (0, 0)
    assert client.post(path, data=data).status_code == 303
    assert _counts(file_app) == (1, 2)


def test_a_failed_sync_is_not_acknowledged_and_the_retry_is_stored_once(file_app, monkeypatch):
    """fsync of the log fails (EIO): the citizen is told to send again, which stores one."""
    calls = []

    def failing_sync(path):
        calls.append(path)
        raise OSError(errno.EIO, "Input/output error")

    client = file_app.test_client()
    path = file_app.config["test.desk_path"]
    data = _form_data(client, path)
    monkeypatch.setattr(database, "sync_file", failing_sync)
    _assert_form_kept(client.post(path, data=data))
    assert calls
    monkeypatch.undo()
    assert client.post(path, data=data).status_code == 303
    assert _counts(file_app) == (1, 2)
