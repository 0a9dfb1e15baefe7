"""Read models for the administration pages: the unit tree, desks, staff and the audit trail,
limited to what the user may see, searchable and one page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Desk, Instrument, Unit, UnitLineage, UnitType, User
from surveyapp.services import lineage
from surveyapp.services.permissions import restrict, sees_everything

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    """One page of a longer list."""

    items: Sequence[Any]
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(query: sa.Select, number: int, per_page: int = PER_PAGE, scalars: bool = True) -> Page:
    """Page ``number`` of ``query`` (clamped to the pages there are), with the total."""
    counted = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(counted)
    number = min(max(1, number), max(1, -(-total // per_page)))
    limited = query.limit(per_page).offset((number - 1) * per_page)
    rows = db.session.scalars(limited) if scalars else db.session.execute(limited)
    return Page(list(rows.all()), number, total, per_page)


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _tree() -> sa.CTE:
    """Every unit with its depth and a sort key that puts children right after their parent.

    Siblings are ordered by type rank, then name; each level adds a six-digit ordinal, so
    that the key sorts the same under any collation (digits only, fixed width).
    """
    ordinal = sa.func.row_number().over(
        partition_by=Unit.parent_id, order_by=(UnitType.rank, Unit.name, Unit.code)
    )
    ranked = (
        sa.select(Unit.id, Unit.parent_id, sa.cast(ordinal + 100000, sa.Text).label("ordinal"))
        .join(UnitType, UnitType.code == Unit.type_code)
        .subquery("ranked")
    )
    top = sa.select(ranked.c.id, ranked.c.ordinal.label("path"), sa.literal(0).label("depth"))
    tree = top.where(ranked.c.parent_id.is_(None)).cte("tree", recursive=True)
    below = sa.select(
        ranked.c.id, sa.cast(tree.c.path + ranked.c.ordinal, sa.Text), tree.c.depth + 1
    ).join(tree, ranked.c.parent_id == tree.c.id)
    return tree.union_all(below)


def unit_tree(user: User, search: str = "", page: int = 1) -> Page:
    """Units the user may see, as (unit, depth) rows in tree order; ``search`` matches the
    name, English name, our code or the official code."""
    tree = _tree()
    query = sa.select(Unit, tree.c.depth).join(tree, tree.c.id == Unit.id).order_by(tree.c.path)
    if search.strip():
        pattern = _like(search)
        fields = (Unit.name, Unit.name_en, Unit.code, Unit.official_code)
        query = query.where(sa.or_(*(f.ilike(pattern, escape="\\") for f in fields)))
    found = page_of(restrict(query, user, Unit.id), page, scalars=False)
    if sees_everything(user) or not found.items:
        return found
    # A supervisor's units start below the province: draw their top level flush left.
    top = min(depth for _, depth in found.items)
    rows = [(unit, depth - top) for unit, depth in found.items]
    return Page(rows, found.number, found.total, found.per_page)


@dataclass(frozen=True)
class UnitHistory:
    """What a unit's page says about reorganisations."""

    predecessors: list[lineage.Predecessor]  # merged whole into it: "gồm: X (cũ), Y (cũ)"
    split: lineage.Split | None  # it was divided: its responses stay a closed series
    merged_into: list[UnitLineage]  # it was merged whole into one successor


def unit_history(unit: Unit) -> UnitHistory:
    split = lineage.split_of(unit)
    merged_into = (
        []
        if split
        else list(
            db.session.scalars(sa.select(UnitLineage).where(UnitLineage.predecessor_id == unit.id))
        )
    )
    return UnitHistory(lineage.predecessors(unit), split, merged_into)


def unit_types() -> list[UnitType]:
    return list(db.session.scalars(sa.select(UnitType).order_by(UnitType.rank)))


def instrument_codes() -> list[str]:
    query = sa.select(Instrument.code).distinct().order_by(Instrument.code)
    return list(db.session.scalars(query))


def desks(user: User, search: str = "", page: int = 1) -> Page:
    """Desks the user may see, active or not, by unit, then in the order they were made."""
    query = sa.select(Desk).join(Unit).order_by(Unit.name, Unit.code, Desk.id)
    if search.strip():
        pattern = _like(search)
        fields = (Desk.name, Desk.code, Unit.name, Unit.code)
        query = query.where(sa.or_(*(f.ilike(pattern, escape="\\") for f in fields)))
    return page_of(restrict(query, user, Desk.unit_id), page)


def staff(search: str = "", page: int = 1) -> Page:
    query = sa.select(User).order_by(User.username)
    if search.strip():
        pattern = _like(search)
        fields = (User.username, User.full_name)
        query = query.where(sa.or_(*(f.ilike(pattern, escape="\\") for f in fields)))
    return page_of(query, page)


def audit_actions() -> list[str]:
    query = sa.select(AuditRecord.action).distinct().order_by(AuditRecord.action)
    return list(db.session.scalars(query))


def audit_trail(
    action: str = "",
    actor: str = "",
    target: str = "",
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    zone: tzinfo = UTC,
) -> Page:
    """Audit records, newest first; ``since`` and ``until`` are whole days in ``zone``."""
    query = sa.select(AuditRecord).order_by(AuditRecord.id.desc())
    if action:
        query = query.where(AuditRecord.action == action)
    if actor.strip():
        query = query.where(AuditRecord.actor.ilike(_like(actor), escape="\\"))
    if target.strip():
        pattern = _like(target)
        fields = (AuditRecord.target_label, AuditRecord.target_type, AuditRecord.target_id)
        query = query.where(sa.or_(*(f.ilike(pattern, escape="\\") for f in fields)))
    if since is not None:
        query = query.where(AuditRecord.recorded_at >= _utc_start(since, zone))
    if until is not None:
        query = query.where(AuditRecord.recorded_at < _utc_start(until + timedelta(days=1), zone))
    return page_of(query, page)


def _utc_start(day: date, zone: tzinfo) -> datetime:
    """Midnight of ``day`` in ``zone`` as the naive UTC time the audit trail stores."""
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)
