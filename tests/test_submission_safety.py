"""CSRF, rate limits, concurrency and privacy of the citizen submission path."""

from __future__ import annotations

import os
import threading

from surveyapp.extensions import db
from surveyapp.services import desk_codes, feedback_targets, submissions
from surveyapp.services.responses import Recorded
from surveyapp.services.submissions import RawSubmission
from tests import factories
from tests.conftest import form_fields, make_app


def _fields(client, path):
    fields = form_fields(client.get(path).get_data(as_text=True))
    return {k: v for k, v in fields.items() if k != "website"}


def _desk_path(app) -> str:
    with app.app_context():
        return factories.desk_path(factories.desk_with_code())


def _stored(app) -> int:
    with app.app_context():
        return factories.response_count()


def test_missing_csrf_token_is_refused_and_answers_kept(csrf_app):
    client = csrf_app.test_client()
    path = _desk_path(csrf_app)
    data = _fields(client, path) | {"OVERALL": "3", "comment": "Ổn"}
    del data["csrf_token"]
    response = client.post(path, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Trang đã mở quá lâu" in html and "Ổn" in html
    assert _stored(csrf_app) == 0
    resent = form_fields(html) | {"OVERALL": "3"}
    assert client.post(path, data=resent).status_code == 303
    assert _stored(csrf_app) == 1


def test_csrf_token_from_another_session_is_refused(csrf_app):
    path = _desk_path(csrf_app)
    stolen = _fields(csrf_app.test_client(), path)
    response = csrf_app.test_client().post(path, data=stolen | {"OVERALL": "4"})
    assert response.status_code == 400
    assert _stored(csrf_app) == 0


def test_staff_forms_need_csrf(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/auth/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Trang đã mở quá lâu hoặc không hợp lệ" in response.get_data(as_text=True)


def test_burst_from_one_address_is_throttled(limited_app):
    client = limited_app.test_client()
    path = factories.desk_path(factories.desk_with_code())
    per_minute = int(limited_app.config["SUBMIT_RATE_LIMIT"].split()[0])
    statuses = [
        client.post(path, data=_fields(client, path) | {"OVERALL": "4"}).status_code
        for _ in range(per_minute + 1)
    ]
    assert statuses[:per_minute] == [303] * per_minute
    assert statuses[-1] == 429
    assert factories.response_count() == per_minute
    last = client.post(path, data={"OVERALL": "4"})
    assert "đợi một phút" in last.get_data(as_text=True)


def test_loading_and_sending_are_counted_separately(limited_app):
    client = limited_app.test_client()
    path = factories.desk_path(factories.desk_with_code())
    per_minute = int(limited_app.config["FORM_RATE_LIMIT"].split()[0])
    data = _fields(client, path) | {"OVERALL": "4"}
    statuses = [client.get(path).status_code for _ in range(per_minute)]
    assert statuses[: per_minute - 1] == [200] * (per_minute - 1) and statuses[-1] == 429
    assert client.post(path, data=data).status_code == 303


def test_other_addresses_are_not_throttled_by_a_busy_one(limited_app):
    path = factories.desk_path(factories.desk_with_code())
    per_minute = int(limited_app.config["SUBMIT_RATE_LIMIT"].split()[0])
    busy = limited_app.test_client()
    for _ in range(per_minute + 1):
        busy.post(path, data={"OVERALL": "4"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    other = limited_app.test_client()
    data = _fields(other, path) | {"OVERALL": "4"}
    response = other.post(path, data=data, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 303


def test_no_ip_address_is_stored(client, desk_path):
    data = _fields(client, desk_path) | {"OVERALL": "4"}
    client.post(
        desk_path,
        data=data,
        environ_base={"REMOTE_ADDR": "203.0.113.77"},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )
    assert factories.response_count() == 1
    stored = factories.database_text()
    assert "203.0.113.77" not in stored and "198.51.100.9" not in stored


def test_concurrent_retries_are_stored_once(tmp_path):
    """Eight threads race to store the same submission against a file database."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'race.sqlite3'}")
    with app.app_context():
        desk_code = factories.desk_with_code().code
    results: list[Recorded] = []

    def attempt():
        with app.app_context():
            target = feedback_targets.for_desk(desk_codes.desk_by_code(desk_code))
            raw = RawSubmission(answers={"OVERALL": 5}, submission_key="r" * 32)
            results.append(submissions.submit(target, raw, source="api"))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert factories.response_count() == 1
    assert len({r.response_id for r in results}) == 1
    assert sum(r.created for r in results) == 1


def test_cached_form_pages_carry_each_citizens_own_tokens(csrf_app):
    path = _desk_path(csrf_app)
    first, second = csrf_app.test_client(), csrf_app.test_client()
    pages = [_fields(client, path) for client in (first, second)]  # the second from the cache
    assert pages[0]["csrf_token"] != pages[1]["csrf_token"]
    assert pages[0]["submission_key"] != pages[1]["submission_key"]
    for client, fields in zip((first, second), pages, strict=True):
        assert client.post(path, data=fields | {"OVERALL": "4"}).status_code == 303
    assert _stored(csrf_app) == 2


def test_a_response_is_on_disk_before_it_is_acknowledged(tmp_path, monkeypatch):
    """SQLite commits without waiting for the disk (synchronous=NORMAL) and the connection
    then fsyncs the write-ahead log itself: the 303 must come after that fsync."""
    from surveyapp import database

    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'durable.sqlite3'}")
    with app.app_context():
        path = factories.desk_path(factories.desk_with_code())
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    synced = []
    real_fsync = os.fsync

    def recording_fsync(descriptor):
        real_fsync(descriptor)
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))

    monkeypatch.setattr(database.os, "fsync", recording_fsync)
    client = app.test_client()
    fields = _fields(client, path)
    assert synced == []  # showing the form writes nothing
    assert client.post(path, data=fields | {"OVERALL": "4"}).status_code == 303
    assert synced == [str(tmp_path / "durable.sqlite3-wal")]
