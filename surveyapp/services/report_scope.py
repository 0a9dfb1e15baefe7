"""Which rows a report compares: the units directly below a province, with their history.

A rating belongs to the desk and unit where it was given. For a report, each such unit rolls
up to a *reporting unit*: a unit merged whole into another counts for its successor (its
history, marked "(cũ)"), then climbs to the unit just below the province (or below a former
province merged into it). A unit split among several successors keeps its own row, closed.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Unit, UnitLineage
from surveyapp.services.lineage import former_name
from surveyapp.services.unit_tree import subtree_select


@dataclass(frozen=True)
class ReportingUnit:
    id: int
    code: str
    name: str  # "(cũ)" added for a closed unit
    type_code: str
    closed: bool


@dataclass(frozen=True)
class Scope:
    """A province's report: reporting unit of every unit id, and the rows in display order."""

    province: Unit
    reporting_of: dict[int, int]
    rows: dict[int, ReportingUnit]

    @property
    def unit_ids(self) -> list[int]:
        return list(self.reporting_of)


def _merged_into() -> dict[int, int]:
    """Predecessor -> its only successor (mergers; splits are left out)."""
    edges = db.session.execute(sa.select(UnitLineage.predecessor_id, UnitLineage.successor_id))
    successors: dict[int, list[int]] = {}
    for predecessor, successor in edges:
        successors.setdefault(predecessor, []).append(successor)
    return {p: s[0] for p, s in successors.items() if len(s) == 1}


def _roll_up(unit_id: int, units: dict[int, Unit], merged: dict[int, int], roots: set[int]) -> int:
    seen: set[int] = set()
    while unit_id not in seen:
        seen.add(unit_id)
        if unit_id in merged:
            unit_id = merged[unit_id]
            continue
        parent = units[unit_id].parent_id
        if parent is None or parent in roots or parent not in units:
            return unit_id
        unit_id = parent
    return unit_id


def province_scope(province: Unit) -> Scope:
    """Every unit of the province and of the units merged into it, rolled up to report rows."""
    ids = db.session.scalars(subtree_select(sa.select(sa.literal(province.id))))
    units = {u.id: u for u in db.session.scalars(sa.select(Unit).where(Unit.id.in_(list(ids))))}
    merged = _merged_into()
    roots = {province.id} | {u for u, successor in merged.items() if successor == province.id}
    reporting_of = {
        unit_id: _roll_up(unit_id, units, merged, roots)
        for unit_id in units
        if unit_id not in roots
    }
    ordered = sorted(
        {units[r] for r in reporting_of.values()},
        key=lambda u: (u.closed_on is not None, u.type.rank, u.name),
    )
    rows = {
        u.id: ReportingUnit(u.id, u.code, former_name(u), u.type_code, u.closed_on is not None)
        for u in ordered
    }
    return Scope(province, reporting_of, rows)


def provinces() -> list[Unit]:
    """Open provinces, for the report's province choice."""
    query = sa.select(Unit).where(Unit.type_code == "province", Unit.closed_on.is_(None))
    return list(db.session.scalars(query.order_by(Unit.name)))


def province_of(unit: Unit) -> Unit | None:
    """The open province whose report includes ``unit`` (through mergers, for former units)."""
    merged = _merged_into()
    seen: set[int] = set()
    current: Unit | None = unit
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.type_code == "province" and current.closed_on is None:
            return current
        if current.id in merged:
            current = db.session.get(Unit, merged[current.id])
        else:
            current = current.parent
    return None
