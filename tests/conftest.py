"""Fixtures: an app on a fresh database per test, clients, a desk with a QR code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp import create_app, driver_sql
from surveyapp.extensions import db
from surveyapp.services.builtins import install_builtins
from tests import factories

pytest_plugins = [
    "tests.admin_fixtures",  # org, for the administration page tests
    "tests.api_fixtures",  # api, openapi: exchanges checked against the OpenAPI document
]

TRANSLATIONS = Path(__file__).parents[1] / "surveyapp" / "translations"

# Set SURVEYAPP_TEST_DATABASE_URL=postgresql://... to run the suite on PostgreSQL.
TEST_DATABASE_URL = os.environ.get("SURVEYAPP_TEST_DATABASE_URL", "sqlite://")
BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "PUBLIC_BASE_URL": "http://survey.test",
}


def pytest_configure(config):
    """Compile missing or stale catalogs, so that a bare ``pytest`` works like ``make test``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file, mo_path.open("wb") as mo_file:
                write_mo(mo_file, read_po(po_file))


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql (stopping the server, PostgreSQL's locks) run in the PostgreSQL
    pass only: elsewhere they are reported as deselected, never as passed."""
    if TEST_DATABASE_URL.startswith("postgresql"):
        return
    only_postgresql = [item for item in items if item.get_closest_marker("postgresql")]
    if only_postgresql:
        config.hook.pytest_deselected(items=only_postgresql)
        items[:] = [item for item in items if item not in only_postgresql]


def _empty_schema() -> None:
    """Every table empty. On PostgreSQL, where DDL is slow, a schema that is already complete
    is emptied with one TRUNCATE instead of being dropped and made again for each test."""
    if db.engine.dialect.name == "postgresql":
        present = set(sa.inspect(db.engine).get_table_names())
        if present >= set(db.metadata.tables):
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()
            return
    db.drop_all()
    db.create_all()


def make_app(**overrides):
    app = create_app(BASE_CONFIG | overrides)
    with app.app_context():
        _empty_schema()
        install_builtins()
    return app


@pytest.fixture
def app():
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()
        driver_sql.close()
        if db.engine.dialect.name != "postgresql":  # there the next test empties the tables
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def csrf_app():
    """CSRF on, as in production. No app context is held open, so that every request gets its
    own (Flask-WTF keeps the CSRF token in ``g``); use ``with app.app_context()`` for the DB."""
    app = make_app(WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def limited_app():
    """Rate limits on, with the production defaults."""
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():  # a new app counts from zero
        yield app
        db.session.remove()
        driver_sql.close()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def desk(app):
    """A commune desk with an active QR code and two procedures."""
    return factories.desk_with_code()


@pytest.fixture
def desk_path(desk):
    """The path part of the desk's QR link, e.g. /q/ABC..."""
    return factories.desk_path(desk)


def form_fields(html: str) -> dict[str, str]:
    """Hidden inputs of a rendered form (CSRF token, submission key, instrument)."""
    pattern = r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"'
    fields = dict(re.findall(pattern, html))
    fields |= dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return fields


@pytest.fixture
def console_province(app):
    """A small province with responses, a reviewer and a supervisor (tests/console_data.py)."""
    from tests.console_data import build_province

    return build_province()
