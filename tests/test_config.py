"""Configuration order: defaults, then instance/config.py, then SURVEYAPP_* variables."""

from __future__ import annotations

import os

import pytest

from surveyapp import create_app
from surveyapp.database import normalise_url


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SURVEYAPP_DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/surveyapp.sqlite3"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "vi"
    assert app.config["SATISFACTION_TARGET"] == 0.80


def test_instance_config_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'PUBLIC_BASE_URL = "https://dichvucong.example.gov.vn"\nSATISFACTION_TARGET = 0.85\n'
    )
    monkeypatch.setenv("SURVEYAPP_SATISFACTION_TARGET", "0.9")
    monkeypatch.setenv("SURVEYAPP_DATABASE_URL", "postgresql://survey:pw@db.local/sipas")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["PUBLIC_BASE_URL"] == "https://dichvucong.example.gov.vn"
    assert app.config["SATISFACTION_TARGET"] == 0.9
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://survey:")


def test_test_config_ignores_instance_and_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('PUBLIC_BASE_URL = "https://x.example"\n')
    monkeypatch.setenv("SURVEYAPP_PUBLIC_BASE_URL", "https://y.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_postgres_urls_use_psycopg3(url, expected):
    assert normalise_url(url) == expected


def test_sqlite_busy_timeout_follows_the_setting(tmp_path):
    from surveyapp.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "SQLITE_BUSY_TIMEOUT_MS": 2500,
        }
    )
    with app.app_context(), db.engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == 2500


@pytest.mark.parametrize(
    ("url", "pings"),
    [("postgresql://survey@db.local/sipas", True), ("sqlite:///instance/x.sqlite3", False)],
)
def test_only_server_connections_are_checked_before_use(url, pings):
    from surveyapp.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        assert db.engine.pool._pre_ping is pings


def test_a_forked_process_opens_its_own_connections(tmp_path):
    """gunicorn's preload_app forks workers from a master that may have used the database."""
    from surveyapp.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fork.sqlite3'}"})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.session.remove()
        assert db.engine.pool.checkedin() == 1  # the master's connection, kept in the pool
        pid = os.fork()
        if pid == 0:
            fresh = db.engine.pool.checkedin() == 0
            works = db.session.execute(db.text("SELECT 1")).scalar() == 1
            os._exit(0 if fresh and works else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert db.session.execute(db.text("SELECT 1")).scalar() == 1
