"""A unit's history through reorganisations: which former units its reports include."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Unit, UnitLineage


@dataclass(frozen=True)
class Predecessor:
    """A former unit whose responses a successor's reports include, marked "(cũ)"."""

    unit: Unit
    successor: Unit
    effective_on: date
    basis: str


@dataclass(frozen=True)
class Split:
    """A former unit divided among several successors: its responses stay a closed series."""

    successors: list[Unit]
    effective_on: date
    basis: str


def _successor_counts(predecessor_ids: list[int]) -> dict[int, int]:
    query = (
        sa.select(UnitLineage.predecessor_id, sa.func.count())
        .where(UnitLineage.predecessor_id.in_(predecessor_ids))
        .group_by(UnitLineage.predecessor_id)
    )
    return dict(db.session.execute(query).all())


def predecessors(unit: Unit) -> list[Predecessor]:
    """Units merged whole into ``unit``, directly or through earlier mergers, newest first."""
    found: list[Predecessor] = []
    frontier, seen = [unit], {unit.id}
    while frontier:
        edges = db.session.scalars(
            sa.select(UnitLineage).where(UnitLineage.successor_id.in_([u.id for u in frontier]))
        ).all()
        counts = _successor_counts([edge.predecessor_id for edge in edges])
        whole = [e for e in edges if counts[e.predecessor_id] == 1 and e.predecessor_id not in seen]
        found += [Predecessor(e.predecessor, e.successor, e.effective_on, e.basis) for e in whole]
        frontier = [edge.predecessor for edge in whole]
        seen |= {u.id for u in frontier}
    return sorted(found, key=lambda p: (p.effective_on, p.unit.code), reverse=True)


def history_unit_ids(unit: Unit) -> list[int]:
    """The unit and every predecessor whose responses belong to its history."""
    return [unit.id] + [p.unit.id for p in predecessors(unit)]


def series_breaks(unit: Unit) -> list[date]:
    """Effective dates of the reorganisations inside the unit's history, oldest first."""
    return sorted({p.effective_on for p in predecessors(unit)})


def split_of(unit: Unit) -> Split | None:
    """How a unit was split, if it was; None if it was merged whole or never reorganised."""
    edges = db.session.scalars(
        sa.select(UnitLineage).where(UnitLineage.predecessor_id == unit.id)
    ).all()
    if len(edges) < 2:
        return None
    return Split([e.successor for e in edges], edges[0].effective_on, edges[0].basis)


def former_name(unit: Unit) -> str:
    """How a closed unit is named in later reports: "Xã Nông Thượng (cũ)"."""
    return f"{unit.name} (cũ)" if unit.closed_on is not None else unit.name


def includes_label(unit: Unit) -> str | None:
    """ "gồm: Xã A (cũ), Xã B (cũ)" for a successor's reports; None without predecessors."""
    names = [former_name(p.unit) for p in predecessors(unit) if p.successor.id == unit.id]
    return "gồm: " + ", ".join(names) if names else None
