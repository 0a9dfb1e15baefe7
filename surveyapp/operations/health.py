"""``/healthz`` for monitoring: the database answers and carries the latest migration.

It says only "ok" or "unavailable": no versions, names or errors for whoever asks.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, jsonify

from surveyapp.database import MIGRATIONS_DIR, UNAVAILABLE
from surveyapp.extensions import db

bp = Blueprint("health", __name__)


@cache
def _migration_heads() -> frozenset[str]:
    """The newest revisions among the shipped migrations (read once per process)."""
    return frozenset(ScriptDirectory(MIGRATIONS_DIR).get_heads())


def database_ready() -> bool:
    """The database answers, and its schema is at the newest migration."""
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            revisions = frozenset(rows.scalars())
    except (sa.exc.ProgrammingError, *UNAVAILABLE):  # no such table, locked, unreachable
        return False
    return revisions == _migration_heads()


@bp.get("/healthz")
def healthz():
    if database_ready():
        return jsonify(status="ok")
    return jsonify(status="unavailable"), 503


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
