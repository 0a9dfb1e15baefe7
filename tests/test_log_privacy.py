"""Nothing personal in the logs: a representative run, logged at DEBUG, names no desk token,
no dossier code and no comment text."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from surveyapp.extensions import db
from surveyapp.services import desk_codes, submissions
from surveyapp.services.audit import Actor
from surveyapp.services.desks import reissue_code
from tests import factories
from tests.conftest import form_fields, make_app

COMMENTS = (
    "Chị Nguyễn Thị Hoa ở quầy 3 rất nhiệt tình, số điện thoại 0912 345 678",
    "Receipt comment: Ông Trần Văn Bình, CCCD 001203004567",
    "API comment: email binh.tran@example.vn",
)
DOSSIER = "H56.22-241121-0042"


@pytest.fixture
def app(tmp_path):
    """CSRF on, exceptions handled as in production, on a SQLite file (so it can be locked)."""
    uri = f"sqlite:///{tmp_path / 'logs.sqlite3'}"
    app = make_app(
        SQLALCHEMY_DATABASE_URI=uri,
        WTF_CSRF_ENABLED=True,
        PROPAGATE_EXCEPTIONS=False,
        SQLITE_BUSY_TIMEOUT_MS=50,
    )
    app.config["test.file"] = str(tmp_path / "logs.sqlite3")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _form(client, url: str, **answers) -> dict[str, str]:
    fields = form_fields(client.get(url).get_data(as_text=True))
    return {k: v for k, v in fields.items() if k != "website"} | answers


def _send(client, url: str, **answers) -> int:
    """Load the form at ``url`` and send it with ``answers``; the status."""
    return client.post(url, data=_form(client, url, **answers)).status_code


def _citizen_pages(app, client, path: str, receipt: str) -> None:
    """Form and receipt submissions with comments, and the ways they go wrong."""
    assert _send(client, path, OVERALL="5", comment=COMMENTS[0]) == 303
    assert _send(client, receipt, OVERALL="2", comment=COMMENTS[1]) == 303
    assert client.get(receipt).status_code == 409  # rated already
    assert _send(client, path, OVERALL="9", comment=COMMENTS[0]) == 400
    assert _send(client, path, OVERALL="4", comment=COMMENTS[0], csrf_token="x") == 400
    assert client.get(receipt.replace(DOSSIER, DOSSIER + "9")).status_code == 404  # forged
    holder = sqlite3.connect(app.config["test.file"])
    holder.execute("BEGIN IMMEDIATE")  # the database locked past the busy timeout
    try:
        assert _send(client, path, OVERALL="3", comment=COMMENTS[0]) == 503
    finally:
        holder.rollback()
        holder.close()


def _api_calls(client, token: str, reference: str) -> None:
    url = "/api/v1/responses"
    body = {"token": token, "answers": {"OVERALL": 4}, "comment": COMMENTS[2]}
    key = {"Idempotency-Key": "privacy-test-key-0001"}
    assert client.post(url, json=body, headers=key).status_code == 201
    assert client.post(url, json=body | {"answers": {"OVERALL": 1}}, headers=key).status_code == 409
    assert client.post(url, json=body | {"dossier": reference}).status_code == 409
    forged = token[:-1] + ("B" if token.endswith("A") else "A")  # one character changed
    assert client.post(url, json=body | {"token": forged}).status_code == 422
    assert client.post(url, data=b"{", content_type="application/json").status_code == 400
    assert client.get(f"/api/v1/forms/{token}").status_code == 200
    assert client.put(url, json=body).status_code == 405


def test_a_representative_run_logs_no_token_dossier_or_comment(app, caplog, monkeypatch):
    with app.app_context():
        desk = factories.desk_with_code()
        path, token = factories.desk_path(desk), factories.token(desk)
        reference = desk_codes.dossier_reference(desk, DOSSIER)
        receipt = desk_codes.receipt_url(desk, DOSSIER).removeprefix("http://survey.test")
    client = app.test_client()
    # Everything at DEBUG, SQLAlchemy's SQL log too (it keeps itself at WARNING otherwise).
    for name in ("", "sqlalchemy", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG, logger=name or None)
    _citizen_pages(app, client, path, receipt)
    _api_calls(client, token, reference)
    with app.app_context():
        reissue_code(Actor.command("test"), db.session.get(type(desk), desk.id))
    assert client.get(path).status_code == 410  # the old code: revoked
    monkeypatch.setattr(submissions, "submit", _broken)
    with app.app_context():
        fresh = factories.desk_path(db.session.get(type(desk), desk.id))
    assert _send(app.test_client(), fresh, OVERALL="4", comment=COMMENTS[0]) == 500
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "database unavailable" in logged and "Exception on /q/<token>" in logged
    assert "sqlalchemy.engine" in logged  # DEBUG really was on, SQL and all
    for private in (token, fresh.rsplit("/", 1)[1], DOSSIER, reference, *COMMENTS):
        assert private not in logged
    # The phone number with its spaces: SQLAlchemy's SQL log times its statements ("[cached
    # since 0.09123s ago]"), so four digits alone turn up there by chance.
    for fragment in ("Nguyễn", "0912 345", "CCCD", "example.vn"):
        assert fragment not in logged


def _broken(*args, **kwargs):
    raise RuntimeError("an unexpected failure")
