"""Commands and schema: init-db from empty via migrations, seed-demo, exports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.models import Instrument
from tests import factories
from tests.conftest import BASE_CONFIG, make_app


@pytest.fixture
def file_app(tmp_path):
    """An app on an empty SQLite file, as a newcomer's instance/ would be."""
    uri = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = create_app(BASE_CONFIG | {"SQLALCHEMY_DATABASE_URI": uri})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_init_db_migrates_an_empty_database_to_the_models(file_app):
    result = file_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "sipas-desk version 1" in result.output
    with file_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
        assert context.get_current_revision() is not None


def test_init_db_twice_changes_nothing(file_app):
    runner = file_app.test_cli_runner()
    runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0 and "Installed" not in second.output
    with file_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Instrument)) == 2


def test_seed_demo_command_prints_logins_and_a_form_link(tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    runner = app.test_cli_runner()
    with app.app_context():
        desk = factories.desk_with_code()  # any unit means "already seeded": nothing added
        result = runner.invoke(args=["seed-demo"])
        assert "already has units" in result.output
        assert f"/q/{factories.token(desk)}" in result.output
        assert factories.response_count() == 0


def test_export_writes_bom_vietnamese_and_not_applicable(app, client, desk_path, tmp_path):
    from tests.conftest import form_fields

    fields = form_fields(client.get(desk_path).get_data(as_text=True))
    data = {k: v for k, v in fields.items() if k != "website"}
    client.post(
        desk_path,
        data=data
        | {
            "SVC.5.1": "na",
            "OVERALL": "5",
            "comment": "Rất tốt",
            "priorities": ["time", "attitude"],
        },
    )
    out = tmp_path / "out.csv"
    result = app.test_cli_runner().invoke(args=["export-responses", "--out", str(out)])
    assert result.exit_code == 0 and "1 responses" in result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    row = rows[0]
    assert (row["SVC.5.1"], row["SVC.1.1"], row["OVERALL"]) == ("NA", "", "5")
    assert row["comment"] == "Rất tốt" and row["priorities"] == "attitude;time"
    assert row["submitted_at"].endswith("+07:00")
    assert row["unit_name"].startswith("Trung tâm Phục vụ hành chính công")


def test_create_user_command_hashes_the_password(app, runner):
    unit = factories.unit()
    result = runner.invoke(
        args=[
            "create-user",
            "motcua1",
            "--role",
            "supervisor",
            "--unit",
            unit.code,
            "--password",
            "s3cret-pass",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "s3cret-pass" not in factories.database_text()


def test_migrations_folder_is_the_schema_authority():
    versions = Path(__file__).parents[1] / "surveyapp" / "migrations" / "versions"
    assert list(versions.glob("*.py"))


def test_migrations_build_the_schema_on_the_test_database(app):
    """On SQLite by default, on PostgreSQL when SURVEYAPP_TEST_DATABASE_URL says so."""
    from flask_migrate import upgrade

    db.drop_all()
    db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
