"""What the citizen pages need to know about a desk, read without the ORM.

Every form request resolves a desk: one indexed query on the driver's cursor
(``driver_sql.py``: desk, unit and the code's revocation state) plus the unit's procedures,
which each process keeps for ``FORM_CACHE_SECONDS`` (a minute), like the blank form page that
shows them (``feedback/page_cache.py``). Pages always read the desk afresh, so a re-issued or
deactivated code stops working at once; so does each submission, which stores what it read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from surveyapp.caching import app_cache
from surveyapp.driver_sql import DriverStatement, connection
from surveyapp.models import Desk, DeskCode, Procedure, Unit

_desks, _units, _codes, _procedures = (
    model.__table__ for model in (Desk, Unit, DeskCode, Procedure)
)
_DESK_COLUMNS = (
    _desks.c.id,
    _desks.c.code,
    _desks.c.name,
    _desks.c.active,
    _desks.c.instrument_code,
    _desks.c.form_mode,
    _desks.c.unit_id,
    _units.c.name.label("unit_name"),
)
_BY_KEY = DriverStatement(
    sa.select(_codes.c.revoked_at, *_DESK_COLUMNS)
    .select_from(_codes.join(_desks, _codes.c.desk_id == _desks.c.id).join(_units))
    .where(_codes.c.key == sa.bindparam("key"))
)
_BY_CODE = DriverStatement(
    sa.select(*_DESK_COLUMNS)
    .select_from(_desks.join(_units))
    .where(_desks.c.code == sa.bindparam("code"))
)
_PROCEDURES = DriverStatement(
    sa.select(_procedures.c.id, _procedures.c.code, _procedures.c.name)
    .where(_procedures.c.unit_id == sa.bindparam("unit_id"))
    .order_by(_procedures.c.name)
)


@dataclass(frozen=True)
class ProcedureOption:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class DeskView:
    """A desk as a citizen meets it: names to show, ids to store, procedures to pick from."""

    id: int
    code: str
    name: str
    active: bool
    instrument_code: str
    unit_id: int
    unit_name: str
    form_mode: str = "full"  # "quick": a drawn criterion per component (services/draws.py)

    @property
    def procedures(self) -> tuple[ProcedureOption, ...]:
        """The unit's procedures, from this worker's cache (``FORM_CACHE_SECONDS``)."""
        return _procedures_of(self.unit_id)

    def procedure_id(self, code: str) -> int | None:
        return next((p.id for p in self.procedures if p.code == code), None)


@dataclass(frozen=True)
class CodeState:
    """A scanned desk code: its desk, and when it was revoked (None while active)."""

    desk: DeskView
    revoked_at: datetime | None


def _procedures_of(unit_id: int) -> tuple[ProcedureOption, ...]:
    def load() -> tuple[ProcedureOption, ...]:
        rows = connection().rows(_PROCEDURES, {"unit_id": unit_id})
        return tuple(ProcedureOption(*row) for row in rows)

    cache = app_cache("unit procedures", maxsize=4096)
    return cache.get_or_load(unit_id, load)


def _view(row) -> DeskView:
    return DeskView(
        id=row.id,
        code=row.code,
        name=row.name,
        active=row.active,
        instrument_code=row.instrument_code,
        unit_id=row.unit_id,
        unit_name=row.unit_name,
        form_mode=row.form_mode,
    )


def by_code_key(key: str) -> CodeState | None:
    """The desk code with this key, or None if no such code was ever issued."""
    row = connection().first(_BY_KEY, {"key": key})
    return None if row is None else CodeState(_view(row), row.revoked_at)


def by_desk_code(code: str) -> DeskView | None:
    row = connection().first(_BY_CODE, {"code": code})
    return None if row is None else _view(row)
