"""Units below given units, with their history: one recursive query, no unit loaded."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.models import Unit, UnitLineage


def _edges() -> sa.Subquery:
    """Child -> parent and merged predecessor -> successor, as one edge list (below -> above).

    A unit split among several successors is not below any of them: each successor got only a
    part of it, so its history stays its own (a closed series)."""
    units = sa.select(Unit.id.label("below"), Unit.parent_id.label("above"))
    merged = (
        sa.select(UnitLineage.predecessor_id, sa.func.min(UnitLineage.successor_id))
        .group_by(UnitLineage.predecessor_id)
        .having(sa.func.count() == 1)
    )
    return sa.union_all(units, merged).subquery("edges")


def subtree_select(start: sa.Select, name: str = "subtree") -> sa.Select:
    """SELECT of the ids in ``start`` (one column of unit ids) and every unit below them or
    merged into them, at any depth. A recursive CTE that runs on SQLite and PostgreSQL.
    """
    tree = start.cte(name, recursive=True)
    edges = _edges()
    tree = tree.union(sa.select(edges.c.below).join(tree, edges.c.above == tree.c[0]))
    return sa.select(tree.c[0])
