"""The citizen path's statements, run on the database driver's own cursor.

A form or API submission runs five statements (the desk read, the response, its answers, its
choices, its queue row) and one commit. Through the ORM session and ``Connection.execute``,
SQLAlchemy's own work per statement (the compiled-cache lookup, building and converting the
parameters, setting up the result, the session's transaction bookkeeping) took more CPU than
the statements: running them here made the app serve 16% more form POSTs a second under wrk
(``benchmarks/README.md``, "Statements on the driver's cursor").

- :class:`DriverStatement`: a Core statement, compiled by SQLAlchemy once per dialect and set
  of parameter names (an INSERT names the columns its values are given for): its SQL text,
  its parameter order (positional drivers such as sqlite3) and each column's conversions both
  ways (datetimes to and from text on SQLite), so rows mean what the ORM would read or write.
- :func:`connection`: one pool connection per request or command (kept in ``flask.g``,
  returned by :func:`close` at teardown). Its errors are raised as SQLAlchemy's
  (``IntegrityError``, ``OperationalError``, ...) with the parameters hidden, so callers
  catch one vocabulary; a connection the database dropped is invalidated and the pool opens
  a new one next time.

It follows the rule of every service (``docs/architecture.md``): a public function commits
once. Everything else uses the ORM session.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping, Sequence
from operator import itemgetter

import sqlalchemy as sa
from flask import Flask, g

from surveyapp.extensions import db

_KEY = "driver_sql_connection"


class _Compiled:
    """One statement as one dialect's driver takes it."""

    def __init__(self, sql: str, order, to_driver: dict, columns: Sequence, dialect) -> None:
        self.sql = sql
        self.to_driver = to_driver
        # Positional drivers (sqlite3) take a tuple in the statement's order, the others a dict.
        if order is None:
            self._pick = dict
        elif len(order) == 1:
            self._pick = lambda values, name=order[0]: (values[name],)
        else:
            self._pick = itemgetter(*order)
        self.from_driver = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        )
        self.row_type = namedtuple("Row", [column.key for column in columns]) if columns else None

    def parameters(self, values: Mapping[str, object]) -> tuple | dict:
        if self.to_driver:
            values = {name: self._to_driver(name, value) for name, value in values.items()}
        return self._pick(values)

    def _to_driver(self, name: str, value: object) -> object:
        convert = self.to_driver.get(name)
        return value if convert is None or value is None else convert(value)

    def row(self, values: Sequence[object]):
        """A result row, converted as the ORM would read it."""
        if not any(self.from_driver):
            return self.row_type._make(values)
        return self.row_type._make(
            [
                value if convert is None or value is None else convert(value)
                for convert, value in zip(self.from_driver, values, strict=True)
            ]
        )


def _compile(statement: sa.Executable, keys: tuple[str, ...], dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    if defaulted := set(compiled.binds) - set(keys):
        # a Python-side column default: Connection.execute would fill it in, the driver cannot
        raise ValueError(f"give these columns a value: {sorted(defaulted)}")
    to_driver = {}
    for name, bind in compiled.binds.items():
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            to_driver[name] = convert
    order = tuple(compiled.positiontup) if compiled.positional else None
    columns = list(statement.exported_columns)  # a SELECT's columns, or what INSERT returns
    return _Compiled(compiled.string, order, to_driver, columns, dialect)


class DriverStatement:
    """A Core statement, compiled once per dialect and set of parameter names (for an INSERT,
    the columns given: those the values name, as with ``Connection.execute``)."""

    def __init__(self, statement: sa.Executable) -> None:
        self._statement = statement
        self._compiled: dict[tuple, _Compiled] = {}

    def compiled(self, dialect, keys: Sequence[str]) -> _Compiled:
        keys = tuple(keys)
        found = self._compiled.get((dialect.name, dialect.driver, keys))
        if found is None:
            found = _compile(self._statement, keys, dialect)
            self._compiled[dialect.name, dialect.driver, keys] = found
        return found


class DriverConnection:
    """A pool connection run through its driver. Close it (teardown does) to return it."""

    def __init__(self, engine: sa.Engine) -> None:
        self._dialect = engine.dialect
        self._error = engine.dialect.loaded_dbapi.Error
        try:
            self._raw = engine.raw_connection()
        except self._error as error:  # the server is down, refuses us, or the file is missing
            raise sa.exc.DBAPIError.instance(
                None, None, error, self._error, hide_parameters=True, dialect=self._dialect
            ) from error

    def rows(self, statement: DriverStatement, values: Mapping[str, object]) -> list:
        """The statement's result rows (named tuples, converted as the ORM would read them)."""
        compiled = statement.compiled(self._dialect, values)
        cursor = self._raw.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            found = cursor.fetchall()
        except self._error as error:
            raise self._translated(error, compiled.sql, cursor) from error
        finally:
            cursor.close()
        return [compiled.row(driver_row) for driver_row in found]

    def first(self, statement: DriverStatement, values: Mapping[str, object]):
        found = self.rows(statement, values)
        return found[0] if found else None

    def run_many(self, statement: DriverStatement, rows: Sequence[Mapping[str, object]]) -> None:
        """The statement once per row (rows naming the same columns), in one driver call."""
        if not rows:
            return
        compiled = statement.compiled(self._dialect, rows[0])
        cursor = self._raw.cursor()
        try:
            cursor.executemany(compiled.sql, [compiled.parameters(row) for row in rows])
        except self._error as error:
            raise self._translated(error, compiled.sql, cursor) from error
        finally:
            cursor.close()

    def commit(self) -> None:
        try:
            self._raw.commit()
        except self._error as error:
            raise self._translated(error, "COMMIT", None) from error

    def rollback(self) -> None:
        """Nothing stays pending. A connection already invalidated has nothing to roll back."""
        if self._raw.is_valid:
            try:
                self._raw.rollback()
            except self._error as error:
                raise self._translated(error, "ROLLBACK", None) from error

    def close(self) -> None:
        self._raw.close()

    def _translated(self, error: Exception, sql: str, cursor) -> sa.exc.DBAPIError:
        """SQLAlchemy's exception for a driver's error; a lost connection is invalidated."""
        lost = self._raw.is_valid and self._dialect.is_disconnect(
            error, self._raw.dbapi_connection, cursor
        )
        if lost:
            self._raw.invalidate(error)
        return sa.exc.DBAPIError.instance(
            sql,
            None,
            error,
            self._error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=self._dialect,
        )


def connection() -> DriverConnection:
    """This request's (or command's) driver connection, opened at first use."""
    found = g.get(_KEY)
    if found is None:
        found = DriverConnection(db.engine)
        setattr(g, _KEY, found)
    return found


def close(error: BaseException | None = None) -> None:
    """Return this request's (or command's) connection to the pool, which rolls back whatever
    was left. Call it before disposing of the engine in the same application context."""
    found = g.pop(_KEY, None)
    if found is not None:
        found.close()


def init_app(app: Flask) -> None:
    app.teardown_request(close)  # at the end of each request, even inside a longer app context
    app.teardown_appcontext(close)  # commands, and anything run outside a request
