"""HTTP details of errors and pages: Allow on 405, no-store caching, logs without paths."""

from __future__ import annotations

import logging

import pytest

from surveyapp.extensions import db
from surveyapp.services import submissions
from surveyapp.services.accounts import create_user
from tests import factories
from tests.conftest import make_app


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/api/v1/responses", {"POST", "OPTIONS"}),
        ("delete", "/auth/logout", {"POST", "OPTIONS"}),
        ("post", "/thanks", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_405_names_the_allowed_methods(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed


def test_form_and_staff_pages_are_never_stored_by_caches(client, desk_path):
    create_user("admin", "correct horse battery", "admin", "Quản trị")
    db.session.commit()
    assert client.get(desk_path).headers["Cache-Control"] == "no-store"
    assert client.get("/auth/login").headers["Cache-Control"] == "no-store"
    client.post("/auth/login", data={"username": "admin", "password": "correct horse battery"})
    assert client.get("/admin/desks").headers["Cache-Control"] == "no-store"


def test_static_files_and_the_api_document_keep_their_own_caching(client):
    with client.get("/api/v1/openapi.json") as document:
        assert document.headers["Cache-Control"] == "public, max-age=300"
    with client.get("/static/app.css") as static:
        assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"


def test_the_error_log_names_the_route_not_the_token(monkeypatch, caplog):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        path = factories.desk_path(factories.desk_with_code())
    token = path.rsplit("/", 1)[1]

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(submissions, "submit", broken)
    client = app.test_client()
    fields = {"OVERALL": "4", "submission_key": "k" * 32}
    with caplog.at_level(logging.DEBUG):
        assert client.post(path, data=fields).status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/q/<token>" in logged and "RuntimeError" in caplog.text
    assert token not in caplog.text
    with app.app_context():
        db.engine.dispose()
