"""Database wiring: the URL from settings, and SQLite set up for safe concurrent, durable writes."""

from __future__ import annotations

import logging
import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from surveyapp.extensions import db, migrate

MIGRATIONS_DIR = __file__.rsplit("/", 1)[0] + "/migrations"
# The database cannot serve now (locked past the busy timeout, disk error, server down, pool
# exhausted): the request may succeed if sent again, so it is a 503, never a 500.
UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class DurableConnection(sqlite3.Connection):
    """A SQLite connection whose ``commit()`` returns only once the commit is on disk.

    The database runs in WAL mode with ``synchronous=NORMAL``: a commit appends its pages to
    the write-ahead log and releases the write lock without waiting for the disk. This
    ``commit()`` then fsyncs the log itself before returning, so a response is acknowledged
    only when it would survive a power cut, exactly as with ``synchronous=FULL``. The
    difference is that the fsync runs after the lock is released: the next worker can write
    while this one waits for the disk, and fsyncs of several workers are merged by the
    kernel. (Under load, commits held the lock about twice as long with FULL.)
    """

    wal_path: str | None = None

    def commit(self) -> None:
        wrote = self.in_transaction
        super().commit()
        if wrote and self.wal_path:
            try:
                sync_file(self.wal_path)
            except OSError as error:  # not known to be on disk: so not acknowledged
                raise sqlite3.OperationalError(
                    f"disk I/O error syncing the log: {error}"
                ) from error


def sync_file(path: str) -> None:
    """fsync ``path``. If the log is gone, SQLite checkpointed it into the synced database."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL lets readers run beside the writer; see DurableConnection for durable commits."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    path = cursor.execute("PRAGMA database_list").fetchone()[2]
    if path:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode=WAL")
        if isinstance(dbapi_connection, DurableConnection):
            cursor.execute("PRAGMA synchronous=NORMAL")
            dbapi_connection.wal_path = path + "-wal"
        else:  # a connection made elsewhere: let SQLite sync every commit itself
            cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


@contextmanager
def erasing_deleted_rows() -> Iterator[None]:
    """Around a transaction that deletes personal data: no copy left in the database file.

    On SQLite a deleted row stays in its page (or on the free list) until the space is
    reused, and the write-ahead log keeps the pages as they were written. So the session's
    connection overwrites what it deletes with zeros (``PRAGMA secure_delete``) while inside,
    and after the commit the log is copied into the database and truncated
    (``wal_checkpoint(TRUNCATE)``; if a reader holds the log, its next checkpoint does it).
    PostgreSQL needs neither: its deleted rows go at the next (auto)vacuum, see the README.
    """
    if db.session.get_bind().dialect.name != "sqlite":
        yield
        return
    db.session.execute(sa.text("PRAGMA secure_delete=ON"))
    try:
        yield
    finally:
        db.session.rollback()  # nothing, after the commit; frees the connection's transaction
        db.session.execute(sa.text("PRAGMA secure_delete=OFF"))
        db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.commit()


class _NoResultRows(logging.Filter):
    """SQLAlchemy's SQL log at DEBUG prints result rows, which hold comments: drop those lines.

    (hide_parameters=True, set in init_app, keeps the values sent out of the SQL log and out of
    error messages; rows read back have no such switch.)
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Row %r"


def _forget_inherited_connections(engines: list[weakref.ref]) -> None:
    """In a forked process (gunicorn's ``preload_app``): never reuse the parent's connections."""
    for reference in engines:
        engine = reference()
        if engine is not None:
            engine.dispose(close=False)


def init_app(app: Flask) -> None:
    """Point Flask-SQLAlchemy at ``DATABASE_URL`` (unless a test gave a URI) and bind Migrate."""
    if "SQLALCHEMY_DATABASE_URI" not in app.config:
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_url(app.config["DATABASE_URL"])
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_url(app.config["SQLALCHEMY_DATABASE_URI"])
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    # Bound values (comments, keys, digests) never appear in logs or exception messages.
    options.setdefault("hide_parameters", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # How long a writer waits for the lock (sqlite3's timeout sets SQLite's busy timeout).
        connect_args = dict(options.get("connect_args", {}))
        connect_args.setdefault("timeout", app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
        connect_args.setdefault("factory", DurableConnection)
        options["connect_args"] = connect_args
    else:
        # A file cannot go away between requests; a server can restart.
        options.setdefault("pool_pre_ping", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # As SQLite's busy timeout: wait this long for a lock, then fail (a 503), not forever.
        connect_args = dict(options.get("connect_args", {}))
        timeout = int(app.config["POSTGRES_LOCK_TIMEOUT_MS"])
        connect_args.setdefault("options", f"-c lock_timeout={timeout}")
        options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    engine_log = logging.getLogger("sqlalchemy.engine.Engine")
    if not any(isinstance(f, _NoResultRows) for f in engine_log.filters):
        engine_log.addFilter(_NoResultRows())
    with app.app_context():
        engines = [weakref.ref(engine) for engine in db.engines.values()]
    os.register_at_fork(after_in_child=partial(_forget_inherited_connections, engines))
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
