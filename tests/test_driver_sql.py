"""The citizen path's statements on the driver's cursor: rows as the ORM writes and reads them."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from surveyapp import driver_sql
from surveyapp.extensions import db
from surveyapp.models import DeskCode, Response
from surveyapp.services import desk_views, responses
from tests import factories
from tests.conftest import form_fields, make_app

WHOLE_SECOND = datetime(2026, 3, 2, 8, 0, 0)


def _send(client, path: str) -> None:
    fields = form_fields(client.get(path).get_data(as_text=True))
    fields = {name: value for name, value in fields.items() if name != "website"}
    reply = client.post(path, data=fields | {"OVERALL": "4", "SVC.1.1": "5"})
    assert reply.status_code == 303, reply.get_data(as_text=True)


def test_a_time_on_the_second_is_stored_as_the_orm_stores_it(client, desk_path, monkeypatch):
    """On SQLite a time is text: written without its ".000000" it would sort before the same
    time bound by a query, and a report from 08:00:00 would leave this response out."""
    monkeypatch.setattr(responses, "utcnow", lambda: WHOLE_SECOND)
    _send(client, desk_path)
    from_then = sa.select(sa.func.count()).where(Response.submitted_at >= WHOLE_SECOND)
    assert db.session.scalar(from_then) == 1
    assert db.session.scalar(sa.select(Response.submitted_at)) == WHOLE_SECOND


def test_a_revoked_code_reads_back_with_its_time(app, desk):
    """What the driver returns is converted as the ORM would read it (text to datetime)."""
    code = db.session.scalar(sa.select(DeskCode).where(DeskCode.desk_id == desk.id))
    code.revoked_at = WHOLE_SECOND
    db.session.commit()
    state = desk_views.by_code_key(code.key)
    assert state.revoked_at == WHOLE_SECOND
    assert state.desk.active is True and state.desk.unit_id == desk.unit_id


def test_an_insert_must_name_every_column_with_a_default():
    """Connection.execute fills in Python-side defaults; the driver cannot, so it is refused."""
    keys = ["desk_id", "unit_id", "instrument_id", "source", "language", "submission_key"]
    statement = driver_sql.DriverStatement(sa.insert(Response))
    with pytest.raises(ValueError, match="submitted_at"):
        statement.compiled(sa.create_engine("sqlite://").dialect, keys)


def test_each_request_returns_its_connection_to_the_pool(tmp_path):
    """Without a test's app context around them, as in production: each request's connection
    goes back to the pool when the request ends, not when it is garbage."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'pool.sqlite3'}")
    with app.app_context():
        path = factories.desk_path(factories.desk_with_code())
    client = app.test_client()
    for _ in range(3):
        _send(client, path)
    with app.test_request_context(path):
        held = driver_sql.connection()  # kept alive here: only the teardown can return it
        pool = db.engine.pool
        assert pool.checkedout() == 1
    assert pool.checkedout() == 0 and held is not None
    with app.app_context():
        assert factories.response_count() == 3
        db.engine.dispose()


def test_a_refused_row_is_raised_as_sqlalchemys_integrity_error(app, desk):
    """Callers catch one vocabulary; the driver's own exception is kept as ``orig``."""
    connection = driver_sql.connection()
    row = {"response_id": 10**9}  # no such response: the foreign key refuses it
    with pytest.raises(sa.exc.IntegrityError) as raised:
        connection.run_many(responses._QUEUE_FOR_SUMMARY, [row])
        connection.commit()
    connection.rollback()
    assert isinstance(raised.value.orig, db.engine.dialect.loaded_dbapi.IntegrityError)
    assert "[parameters:" not in str(raised.value)  # SQLAlchemy never adds the values sent
