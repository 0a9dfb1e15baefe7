"""Units: create, rename, change type, close, merge, split. Each call is one transaction
with its audit record; a problem raises :class:`OrgError` and changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Unit, UnitLineage, UnitType
from surveyapp.services import audit
from surveyapp.services.audit import Actor

UNIT_FIELDS = (
    "code",
    "official_code",
    "name",
    "name_en",
    "type_code",
    "parent_id",
    "valid_from",
    "closed_on",
)


class OrgError(ValueError):
    """A reorganisation that would break the tree or its history; nothing was changed."""


def unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == code))
    if unit is None:
        raise OrgError(f"no unit with code {code!r}")
    return unit


def check_placement(type_code: str, parent: Unit | None) -> UnitType:
    """The unit type, if a unit of it may sit under ``parent``. Raises OrgError."""
    unit_type = db.session.get(UnitType, type_code)
    if unit_type is None:
        known = ", ".join(db.session.scalars(sa.select(UnitType.code).order_by(UnitType.rank)))
        raise OrgError(f"unknown unit type {type_code!r}; expected one of {known}")
    parent_type = parent.type_code if parent is not None else None
    if (parent_type or None) not in (unit_type.parent_types or [None]):
        allowed = ", ".join(unit_type.parent_types) or "none (top of the tree)"
        raise OrgError(
            f"a {type_code} unit cannot sit under {parent_type or 'nothing'}; "
            f"parent types: {allowed}"
        )
    return unit_type


def _new_unit(code: str, name: str, type_code: str, parent: Unit | None, **fields) -> Unit:
    """Add a unit after checking its code and place. Flushes; no audit, no commit."""
    if db.session.scalar(sa.select(Unit.id).where(Unit.code == code)) is not None:
        raise OrgError(f"unit code {code!r} is taken")
    check_placement(type_code, parent)
    unit = Unit(code=code, name=name, type_code=type_code, parent=parent, **fields)
    db.session.add(unit)
    db.session.flush()
    return unit


def create_unit(
    actor: Actor, code: str, name: str, type_code: str, parent: Unit | None, **fields
) -> Unit:
    unit = _new_unit(code, name, type_code, parent, **fields)
    audit.record(actor, "unit.create", unit, after=audit.snapshot(unit, *UNIT_FIELDS))
    db.session.commit()
    return unit


def update_unit(actor: Actor, unit: Unit, **changes) -> Unit:
    """Rename, give an English name or official code, change type or parent."""
    before = audit.snapshot(unit, *UNIT_FIELDS)
    unknown = set(changes) - {"name", "name_en", "official_code", "type_code", "parent"}
    if unknown:
        raise OrgError(f"cannot change {', '.join(sorted(unknown))}")
    parent = changes.get("parent", unit.parent)
    check_placement(changes.get("type_code", unit.type_code), parent)
    if parent is not None and unit.id in _ancestor_ids(parent):
        raise OrgError("a unit cannot be moved under itself")
    for field, value in changes.items():
        setattr(unit, field, value)
    after = audit.snapshot(unit, *UNIT_FIELDS)
    if after != before:
        audit.record(actor, "unit.update", unit, before, after)
    db.session.commit()
    return unit


def _ancestor_ids(unit: Unit) -> set[int]:
    seen: set[int] = set()
    while unit is not None and unit.id not in seen:
        seen.add(unit.id)
        unit = unit.parent
    return seen


def _subtree(unit: Unit) -> list[Unit]:
    found, frontier = [], [unit]
    while frontier:
        found += frontier
        frontier = [child for parent in frontier for child in parent.children]
    return found


def _check_closable(unit: Unit, on: date) -> None:
    if unit.closed_on is not None:
        raise OrgError(f"unit {unit.code} was closed on {unit.closed_on.isoformat()}")
    if unit.valid_from is not None and on <= unit.valid_from:
        raise OrgError(f"unit {unit.code} starts on {unit.valid_from.isoformat()}")


def _close(actor: Actor, unit: Unit, on: date, action: str) -> None:
    """Close the unit and every open unit below it, and deactivate their desks."""
    _check_closable(unit, on)
    for closing in _subtree(unit):
        if closing.closed_on is None:
            before = audit.snapshot(closing, "closed_on")
            closing.closed_on = on
            audit.record(
                actor,
                action if closing is unit else "unit.close",
                closing,
                before,
                audit.snapshot(closing, "closed_on"),
            )
        for desk in closing.desks:
            desk.active = False


def close_unit(actor: Actor, unit: Unit, on: date) -> Unit:
    """Close a unit and the units below it from ``on``; their responses stay with them."""
    _close(actor, unit, on, "unit.close")
    db.session.commit()
    return unit


def _link(actor: Actor, predecessor: Unit, successor: Unit, on: date, basis: str) -> None:
    edge = UnitLineage(predecessor=predecessor, successor=successor, effective_on=on, basis=basis)
    db.session.add(edge)
    audit.record(
        actor,
        "lineage.add",
        edge,
        after={
            "predecessor": predecessor.code,
            "successor": successor.code,
            "effective_on": on.isoformat(),
            "basis": basis,
        },
    )


def _check_reorganisation(old: Sequence[Unit], new: Sequence[Unit], on: date, basis: str) -> None:
    """Every check before anything changes, so a refused reorganisation changes nothing."""
    if not basis.strip():
        raise OrgError("give the legal basis (e.g. the resolution number)")
    if {u.id for u in old} & {u.id for u in new}:
        raise OrgError("a unit cannot succeed itself")
    for unit in old:
        _check_closable(unit, on)
    for unit in new:
        if unit.closed_on is not None and unit.closed_on <= on:
            raise OrgError(f"unit {unit.code} is closed from {unit.closed_on.isoformat()}")


def merge_units(
    actor: Actor, successor: Unit, predecessors: Sequence[Unit], on: date, basis: str
) -> Unit:
    """Merge ``predecessors`` into ``successor`` from ``on``: close each, record the lineage.

    Responses stay with the desks and units where they were given; reports of the successor
    include its predecessors' history through the lineage.
    """
    if not predecessors:
        raise OrgError("name at least one unit to merge")
    _check_reorganisation(predecessors, [successor], on, basis)
    for predecessor in predecessors:
        _close(actor, predecessor, on, "unit.merge")
        _link(actor, predecessor, successor, on, basis.strip())
    if successor.valid_from is None or successor.valid_from > on:
        successor.valid_from = on
    db.session.commit()
    return successor


def split_unit(
    actor: Actor, predecessor: Unit, successors: Sequence[Unit], on: date, basis: str
) -> Unit:
    """Split ``predecessor`` among ``successors`` from ``on``; its responses stay with it."""
    if len(successors) < 2:
        raise OrgError("a split needs at least two successor units")
    _check_reorganisation([predecessor], successors, on, basis)
    _close(actor, predecessor, on, "unit.split")
    for successor in successors:
        _link(actor, predecessor, successor, on, basis.strip())
    db.session.commit()
    return predecessor
