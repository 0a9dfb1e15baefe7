"""The organisation migration on a database that already holds the old schema and data."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from surveyapp.extensions import db
from surveyapp.models import Unit, User

OLD_ROWS = [
    "INSERT INTO units (id, code, name, level, parent_id) VALUES "
    "(1, 'BA', 'Tỉnh Bình An', 'province', NULL), "
    "(2, 'BA.TTPV', 'Trung tâm Phục vụ hành chính công tỉnh', 'department', 1), "
    "(3, 'BA.STP', 'Sở Tư pháp', 'department', 1), "
    "(4, 'BA.DS', 'Huyện Đông Sơn', 'district', 1), "
    "(5, 'BA.DS.DH', 'Xã Đông Hưng', 'commune', 4)",
    "INSERT INTO desks (id, unit_id, code, name, instrument_code, active) VALUES "
    "(1, 5, 'BA.DS.DH.Q1', 'Quầy 1', 'sipas-desk', true)",
    "INSERT INTO users (id, username, full_name, password_hash, role, unit_id, active) VALUES "
    "(1, 'sup', 'Giám sát', 'x', 'supervisor', 4, true), "
    "(2, 'rev', 'Sở Nội vụ', 'x', 'reviewer', NULL, true)",
    "INSERT INTO procedures (id, unit_id, code, name) VALUES (1, 5, '1.001193', 'Khai sinh')",
]


def _reset_to_the_old_schema() -> None:
    db.drop_all()
    db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
    upgrade(revision="b7dde0c5afd0")
    for statement in OLD_ROWS:
        db.session.execute(sa.text(statement))
    db.session.commit()


def test_upgrade_keeps_units_users_and_desks(app):
    _reset_to_the_old_schema()
    upgrade()
    db.session.expire_all()
    types = dict(db.session.execute(sa.select(Unit.code, Unit.type_code)).all())
    assert types == {
        "BA": "province",
        "BA.TTPV": "provincial_centre",
        "BA.STP": "agency",
        "BA.DS": "former_district",
        "BA.DS.DH": "commune",
    }
    supervisor = db.session.scalar(sa.select(User).where(User.username == "sup"))
    assert [unit.code for unit in supervisor.units] == ["BA.DS"]
    assert db.session.scalar(sa.select(User).where(User.username == "rev")).units == []
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_returns_to_the_old_schema_with_the_data(app):
    _reset_to_the_old_schema()
    upgrade()
    db.session.commit()
    downgrade(revision="b7dde0c5afd0")
    rows = db.session.execute(sa.text("SELECT code, level FROM units ORDER BY id")).all()
    assert [level for _, level in rows] == [
        "province",
        "department",
        "department",
        "district",
        "commune",
    ]
    assert db.session.execute(sa.text("SELECT unit_id FROM users ORDER BY id")).all() == [
        (4,),
        (None,),
    ]
    db.session.commit()
    upgrade()
