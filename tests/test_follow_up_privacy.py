"""Contacts stay where they are: never in exports, the read API, logs or the audit trail; and
after the retention period the purge leaves no copy in the database, nor in its file."""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, FollowUpCase, FollowUpContact
from surveyapp.services import api_tokens, follow_ups
from surveyapp.services.audit import Actor
from tests import factories
from tests import follow_up_data as data
from tests.conftest import make_app
from tests.plan_data import user

NOTE = "Đã gọi số 0912.345.678, hẹn gửi thư tới HOA.NGUYEN@example.vn"
SECRETS = (data.PHONE_STORED, data.EMAIL, "345.678", "345 678")


def _resolved_case(client, desks, days_ago: float) -> FollowUpCase:
    """A case with phone and e-mail, a note quoting both, resolved ``days_ago`` days ago."""
    case = data.open_case(client, desks["A"], email=data.EMAIL)
    supervisor = user("sup_a")
    follow_ups.add_note(supervisor, case, NOTE)
    follow_ups.move(supervisor, case, "resolve")
    case.resolved_at -= timedelta(days=days_ago)
    db.session.commit()
    return case


def _contacts() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(FollowUpContact))


def test_nothing_is_erased_before_the_retention_period(app, client):
    case = _resolved_case(client, data.build()["desks"], days_ago=29)
    open_one = data.open_case(client, factories.desk_with_code())
    assert follow_ups.purge_contacts(30) == 0
    assert _contacts() == 2 and case.contact.phone == data.PHONE_STORED
    # Open and contacted cases keep their contact however old they are.
    open_one.opened_at -= timedelta(days=400)
    db.session.commit()
    assert follow_ups.purge_contacts(30, now=case.resolved_at + timedelta(days=31)) == 1
    assert _contacts() == 1 and db.session.get(FollowUpCase, open_one.id).contact is not None


def test_the_purge_command_leaves_no_copy_in_any_table(app, client, runner):
    case = _resolved_case(client, data.build()["desks"], days_ago=31)
    assert data.PHONE_STORED in factories.database_text()  # there before: the check can fail
    result = runner.invoke(args=["purge-contacts"])
    assert result.exit_code == 0 and "Erased the contacts of 1 cases" in result.output
    text = factories.database_text()
    for secret in SECRETS:
        assert secret.lower() not in text.lower()
    db.session.expire_all()
    assert db.session.get(FollowUpCase, case.id).notes[0].text == (
        "Đã gọi số [đã xóa], hẹn gửi thư tới [đã xóa]"
    )
    erased = db.session.scalars(
        sa.select(AuditRecord).where(AuditRecord.action == "follow_up.erase_contact")
    ).one()
    assert (erased.actor, erased.target_id) == ("command:purge-contacts", str(case.id))
    again = runner.invoke(args=["purge-contacts"])  # from cron, again: nothing more to do
    assert again.exit_code == 0 and "Erased the contacts of 0 cases" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditRecord).where(
        AuditRecord.action == "follow_up.erase_contact")) == 1  # fmt: skip


def test_the_retention_period_is_a_setting(app, client, runner):
    _resolved_case(client, data.build()["desks"], days_ago=8)
    app.config["FOLLOW_UP_RETENTION_DAYS"] = 10
    assert "of 0 cases" in runner.invoke(args=["purge-contacts"]).output
    app.config["FOLLOW_UP_RETENTION_DAYS"] = 7
    assert "of 1 cases resolved more than 7 days" in runner.invoke(args=["purge-contacts"]).output
    assert _contacts() == 0


@pytest.fixture
def file_app(tmp_path):
    """On a SQLite file (WAL), as in production, to read the file's bytes."""
    path = tmp_path / "purge.sqlite3"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    app.config["test.files"] = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _file_bytes(app) -> bytes:
    return b"".join(path.read_bytes() for path in app.config["test.files"] if path.exists())


def test_the_purge_leaves_no_copy_in_the_database_file(file_app):
    client = file_app.test_client()
    _resolved_case(client, data.build()["desks"], days_ago=31)
    before = _file_bytes(file_app)
    assert data.PHONE_STORED.encode() in before and data.EMAIL.encode() in before
    assert (
        "Erased the contacts of 1"
        in file_app.test_cli_runner().invoke(args=["purge-contacts"]).output
    )
    after = _file_bytes(file_app)
    for secret in (data.PHONE_STORED, data.EMAIL, "345.678", "HOA.NGUYEN"):
        assert secret.encode() not in after


def _xlsx_text(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def test_contacts_are_in_no_export_api_or_log(app, client, runner, tmp_path, caplog):
    for name in ("", "sqlalchemy", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG, logger=name or None)
    built = data.build()
    case = data.open_case(client, built["desks"]["A"], email=data.EMAIL)
    follow_ups.add_note(user("sup_a"), case, NOTE)
    commune = built["communes"]["A"]
    data.login(client, "sup_a")
    bodies = [client.get(f"/plans/follow-ups/{case.id}").get_data()]  # shows it, logs nothing
    for url in (f"/console/units/{commune.id}/responses.csv?period=2026",
                f"/console/units/{commune.id}/responses.xlsx?period=2026",
                f"/console/units/{commune.id}/indices.xlsx?period=2026"):  # fmt: skip
        response = client.get(url)
        body = response.get_data()
        response.close()  # an XLSX streams from an open file
        bodies.append(_xlsx_text(body).encode() if body[:2] == b"PK" else body)
    _, secret = api_tokens.create_token(Actor.command("test"), user("sup_a"))
    bodies.append(client.get("/api/v1/scores?period=2026",
                             headers={"Authorization": f"Bearer {secret}"}).get_data())  # fmt: skip
    out = tmp_path / "responses.csv"
    assert runner.invoke(args=["export-responses", "--out", str(out)]).exit_code == 0
    bodies.append(out.read_bytes())
    assert data.PHONE_STORED.encode() in bodies[0]  # the case page does show it
    for body in bodies[1:]:
        assert body and data.PHONE_STORED.encode() not in body and b"example.vn" not in body
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert "sqlalchemy.engine" in logged  # DEBUG really was on
    for fragment in (*SECRETS, "0912", "example.vn", "hẹn gửi thư"):
        assert fragment.lower() not in logged.lower()
