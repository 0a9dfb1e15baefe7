"""Operations: /healthz, the SQLite backup command and a restore drill, PROXY_COUNT."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.extensions import db
from tests import factories
from tests.conftest import BASE_CONFIG, make_app


def _migrated_app(path, **config):
    """An app on a SQLite file brought up as in production: ``flask init-db``."""
    app = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"} | config)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_healthz_is_ok_on_a_migrated_database(tmp_path):
    app = _migrated_app(tmp_path / "ok.sqlite3")
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    _dispose(app)


def test_healthz_is_503_when_the_schema_is_behind(tmp_path):
    app = _migrated_app(tmp_path / "behind.sqlite3")
    with app.app_context():
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'b7dde0c5afd0'"))
        db.session.commit()
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (503, {"status": "unavailable"})
    _dispose(app)


def test_healthz_is_503_without_details_when_the_database_is_missing(tmp_path):
    app = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/none.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    _dispose(app)


def _stored(app) -> tuple[int, int, str]:
    with app.app_context():
        return factories.response_count(), factories.answer_count(), factories.database_text()


def test_backup_and_restore_drill(tmp_path):
    """Back up while a writer holds an open transaction, restore into a new instance, use it."""
    app = _migrated_app(tmp_path / "live.sqlite3")
    with app.app_context():
        path = factories.desk_path(factories.desk_with_code())
    client = app.test_client()
    for rating in ("3", "5"):
        page = client.get(path).get_data(as_text=True)
        key = page.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
        data = {"OVERALL": rating, "submission_key": key, "comment": "Nhanh gọn"}
        assert client.post(path, data=data).status_code == 303
    before = _stored(app)
    writer = sqlite3.connect(tmp_path / "live.sqlite3")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM answers")  # not committed: must not be in the backup
    try:
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "b.db")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    assert "b.db" in result.output
    _dispose(app)

    restored_path = tmp_path / "restored" / "surveyapp.sqlite3"
    restored_path.parent.mkdir()
    shutil.copy(tmp_path / "b.db", restored_path)
    restored = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored_path}"})
    assert _stored(restored) == before == (2, 2, before[2])
    assert restored.test_client().get("/healthz").status_code == 200
    page = restored.test_client().get(path)
    assert page.status_code == 200  # the desk's QR link works on the restored copy
    _dispose(restored)


def test_backup_refuses_a_database_server_and_names_pg_dump(app, monkeypatch):
    from surveyapp.operations import backups

    def not_sqlite():
        raise backups.NotSQLite("postgresql")

    monkeypatch.setattr(backups, "sqlite_path", not_sqlite)
    result = app.test_cli_runner().invoke(args=["backup", "--out", "x.db"])
    assert result.exit_code != 0 and "pg_dump" in result.output


@pytest.mark.parametrize(
    ("proxy_count", "separate"),
    [(1, True), (0, False)],
)
def test_proxy_count_decides_whose_address_is_limited(proxy_count, separate):
    """Behind one trusted proxy each citizen's address counts on its own; without one, the
    X-Forwarded-For header is the client's own claim and is ignored."""
    app = make_app(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="2 per minute", PROXY_COUNT=proxy_count)
    client = app.test_client()

    def visit(address: str) -> int:
        return client.get("/", headers={"X-Forwarded-For": address}).status_code

    assert [visit("203.0.113.1"), visit("203.0.113.1"), visit("203.0.113.1")] == [200, 200, 429]
    assert visit("203.0.113.2") == (200 if separate else 429)
    # A spoofed first hop does not help: the trusted proxy's own hop (the last) counts.
    assert visit("198.51.100.7, 203.0.113.1") == 429
    _dispose(app)
