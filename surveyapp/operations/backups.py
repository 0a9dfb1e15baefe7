"""Backups of a SQLite database while the service runs: SQLite's online backup API.

The copy is one consistent snapshot (what was committed when the copy finished), taken
without stopping the service; writers wait only for the few milliseconds each step holds the
lock. On PostgreSQL the tool is ``pg_dump``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from surveyapp.extensions import db

PAGES_PER_STEP = 1024  # then let writers in, so that a large copy never holds them up for long


class NotSQLite(Exception):
    """The database is a server (PostgreSQL): back it up with pg_dump."""


def sqlite_path() -> Path:
    """The file of the app's SQLite database. Raises NotSQLite for a database server."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise NotSQLite(url.get_backend_name())
    return Path(url.database)


def backup_sqlite(out: Path) -> int:
    """Copy the database to ``out`` (replaced only once the copy is complete and checked).

    Returns the number of pages copied.
    """
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(sqlite_path())
    target = sqlite3.connect(partial)
    try:
        source.backup(target, pages=PAGES_PER_STEP)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
        if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the copy fails SQLite's integrity check")
        pages = target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
        source.close()
    with partial.open("rb") as copied:
        os.fsync(copied.fileno())
    os.replace(partial, out)
    return pages
