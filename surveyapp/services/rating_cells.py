"""Rating cells: responses folded into additive summaries per desk x unit x local month.

A dashboard adds the vectors of a few hundred cells instead of reading every answer. The citizen
path only queues the new response id (``pending_summaries``, in the response's transaction);
:func:`fold_pending` moves queued responses into their cells, each batch in one transaction, and
runs before every dashboard read and from ``flask --app wsgi fold-summaries`` (cron), so a new
response shows at once. Claiming the queue rows with ``DELETE … RETURNING`` makes a response
count once even when several workers or hosts fold at the same time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

import analysis
from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Answer, BreakdownCount, PendingSummary, RatingCell, Response
from surveyapp.models.clock import utcnow
from surveyapp.services import breakdown_counts
from surveyapp.services.instruments import version_by_id
from surveyapp.services.periods import local_month

VECTOR_TYPE = np.dtype("<f8")
BATCH = 20_000
CellKey = tuple[int, int, int, date]  # desk, unit, instrument version, month


def layout_of(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """The criteria and components a summary of this questionnaire is built with."""
    return {
        "criteria": [c.code for c in questionnaire.criteria],
        "components": [c.component for c in questionnaire.criteria],
    }


def _claim(limit: int) -> list[int]:
    """Take up to ``limit`` queued responses. The transaction's first statement is this write,
    so SQLite takes its write lock at once (no read lock to upgrade, no busy snapshot)."""
    table = PendingSummary.__table__
    oldest = (
        sa.select(table.c.response_id)
        .order_by(table.c.response_id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL: concurrent folders take other rows
    )
    claimed = (
        table.delete()
        .where(table.c.response_id.in_(oldest.scalar_subquery()))
        .returning(table.c.response_id)
    )
    return sorted(db.session.scalars(claimed))


def _ratings(ids: list[int]) -> dict[int, dict[str, int | None]]:
    found: dict[int, dict[str, int | None]] = defaultdict(dict)
    query = sa.select(Answer.response_id, Answer.criterion, Answer.rating)
    for response_id, criterion, rating in db.session.execute(
        query.where(Answer.response_id.in_(ids))
    ):
        found[response_id][criterion] = rating
    return found


def _matrix(rows: list[dict], criteria: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Respondents x criteria (NaN: not applicable or not answered) and the overall rating."""
    matrix = np.full((len(rows), len(criteria)), np.nan)
    overall = np.full(len(rows), np.nan)
    column = {code: index for index, code in enumerate(criteria)}
    for row_index, ratings in enumerate(rows):
        for code, rating in ratings.items():
            if rating is None:
                continue
            if code == "OVERALL":
                overall[row_index] = rating
            elif code in column:
                matrix[row_index, column[code]] = rating
    return matrix, overall


def summarize_responses(ids: list[int]) -> dict[CellKey, tuple[int, np.ndarray]]:
    """Cell key -> (responses, summary vector) of the given responses."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    columns = (
        Response.id,
        Response.desk_id,
        Response.unit_id,
        Response.instrument_id,
        Response.submitted_at,
    )
    by_version: dict[int, list] = defaultdict(list)
    for row in db.session.execute(sa.select(*columns).where(Response.id.in_(ids))):
        by_version[row.instrument_id].append(row)
    ratings, cells = _ratings(ids), {}
    for instrument_id, rows in by_version.items():
        layout = layout_of(version_by_id(instrument_id).questionnaire)
        matrix, overall = _matrix([ratings.get(row.id, {}) for row in rows], layout["criteria"])
        keys = [
            (r.desk_id, r.unit_id, instrument_id, local_month(r.submitted_at, zone)) for r in rows
        ]
        summary = analysis.summarize(
            matrix,
            layout["components"],
            criteria=layout["criteria"],
            groups=_key_index(keys),
            overall_rating=overall,
        )
        distinct = sorted(set(keys))
        counts = np.bincount(_key_index(keys), minlength=len(distinct))
        for position, vector in zip(
            summary.keys, analysis.summary_to_vectors(summary), strict=True
        ):
            cells[distinct[position]] = (int(counts[position]), vector)
    return cells


def _key_index(keys: list[CellKey]) -> np.ndarray:
    distinct = {key: index for index, key in enumerate(sorted(set(keys)))}
    return np.array([distinct[key] for key in keys])


_KEY_COLUMNS = ("desk_id", "unit_id", "instrument_id", "month")


def _add_to_cell(key: CellKey, responses: int, vector: np.ndarray) -> None:
    """Add to the cell's sums under a row lock; an empty cell is made first if need be (another
    folder making the same cell at the same moment is then no conflict)."""
    values = dict(zip(_KEY_COLUMNS, key, strict=True))
    dialect_insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    empty = np.zeros(vector.size, dtype=VECTOR_TYPE).tobytes()
    db.session.execute(
        dialect_insert(RatingCell.__table__)
        .values(**values, responses=0, vector=empty, updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=list(_KEY_COLUMNS))
    )
    where = [getattr(RatingCell, name) == value for name, value in values.items()]
    cell = db.session.scalar(sa.select(RatingCell).where(*where).with_for_update())
    total = np.frombuffer(cell.vector, dtype=VECTOR_TYPE) + vector
    cell.responses += responses
    cell.vector = total.astype(VECTOR_TYPE).tobytes()


def _anything_pending() -> bool:
    """A read on a connection of its own: a page with nothing to fold takes no write lock."""
    with db.engine.connect() as connection:
        query = sa.select(PendingSummary.response_id).limit(1)
        return connection.execute(query).first() is not None


def fold_pending(batch: int = BATCH) -> int:
    """Fold every queued response into its cell, a batch per transaction. Returns how many."""
    if not _anything_pending():
        return 0
    folded = 0
    while ids := _claim(batch):
        for key, (responses, vector) in summarize_responses(ids).items():
            _add_to_cell(key, responses, vector)
        breakdown_counts.add_counts(breakdown_counts.count_responses(ids))
        db.session.commit()
        folded += len(ids)
    db.session.commit()
    return folded


def rebuild() -> int:
    """Recompute every cell from the responses. Returns the number of responses folded."""
    db.session.execute(sa.delete(RatingCell))
    db.session.execute(sa.delete(BreakdownCount))
    db.session.execute(sa.delete(PendingSummary))
    db.session.execute(
        sa.insert(PendingSummary).from_select(["response_id"], sa.select(Response.id))
    )
    db.session.commit()
    return fold_pending()


def cell_vectors(cells: Iterable[RatingCell]) -> np.ndarray:
    return np.array([np.frombuffer(cell.vector, dtype=VECTOR_TYPE) for cell in cells])
