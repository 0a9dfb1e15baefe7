"""HTTP details of errors and pages: Allow on 405, no-store caching, logs without paths."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.services.accounts import create_user


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
    create_user("admin", "correct horse battery", "admin", "Quản trị", None)
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

