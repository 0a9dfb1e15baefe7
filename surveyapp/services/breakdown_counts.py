"""Folding responses into breakdown counts (by procedure, demographic group and improvement
priority), in the transaction that folds them into their rating cells."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from surveyapp.extensions import db
from surveyapp.models import Answer, BreakdownCount, Choice, Procedure, Response
from surveyapp.services.periods import local_month

_KEY = ("unit_id", "month", "dimension", "value")
_COUNTS = ("respondents", "overall_valid", "overall_satisfied")


def _groups(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each response's groups: everyone, its procedure, each option it chose."""
    groups: dict[int, list[tuple[str, str]]] = {i: [("all", "")] for i in ids}
    procedures = sa.select(Response.id, Procedure.code).join(
        Procedure, Procedure.id == Response.procedure_id
    )
    for response_id, code in db.session.execute(procedures.where(Response.id.in_(ids))):
        groups[response_id].append(("procedure", code))
    choices = sa.select(Choice.response_id, Choice.question, Choice.option)
    for response_id, question, option in db.session.execute(
        choices.where(Choice.response_id.in_(ids))
    ):
        groups[response_id].append((question, option))
    return groups


def count_responses(ids: list[int]) -> Counter:
    """(unit, month, dimension, value) -> [respondents, overall valid, overall satisfied]."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    overall = dict(
        db.session.execute(
            sa.select(Answer.response_id, Answer.rating).where(
                Answer.response_id.in_(ids), Answer.criterion == "OVERALL"
            )
        ).all()
    )
    rows = db.session.execute(
        sa.select(Response.id, Response.unit_id, Response.submitted_at).where(Response.id.in_(ids))
    )
    counts: Counter = Counter()
    groups = _groups(ids)
    for response_id, unit_id, submitted_at in rows:
        rating = overall.get(response_id)
        month = local_month(submitted_at, zone)
        for dimension, value in groups[response_id]:
            key = (unit_id, month, dimension, value)
            counts[key + ("respondents",)] += 1
            counts[key + ("overall_valid",)] += rating is not None
            counts[key + ("overall_satisfied",)] += rating is not None and rating >= 4
    return counts


def add_counts(counts: Counter) -> None:
    """Add to the stored counts (one upsert per group; no lost update under concurrency)."""
    rows: dict[tuple, dict] = {}
    for (*key, field), amount in counts.items():
        rows.setdefault(tuple(key), dict(zip(_KEY, key, strict=True)))[field] = amount
    if not rows:
        return
    dialect_insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(BreakdownCount.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={f: getattr(BreakdownCount.__table__.c, f) + statement.excluded[f] for f in _COUNTS},
    )
    db.session.execute(
        statement, [row | {f: row.get(f, 0) for f in _COUNTS} for row in rows.values()]
    )
