"""Breakdowns of a unit's overall satisfaction by procedure and by demographic group, with
small cells suppressed (NHS Friends and Family Test rule), and its improvement priorities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

import analysis
from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import BreakdownCount, Procedure
from surveyapp.services.periods import Period
from surveyapp.services.scores import settings

SUPPRESS_BELOW = 5  # cells with 1-4 respondents are hidden, and a second one with them


@dataclass(frozen=True)
class GroupRow:
    """One group of a breakdown: share satisfied with the overall question, or hidden."""

    value: str
    respondents: int
    valid: int
    satisfied: int
    suppressed: bool

    @property
    def enough(self) -> bool:
        return not self.suppressed and self.valid >= settings()["min_n"]

    @property
    def share(self) -> float:
        return self.satisfied / self.valid if self.valid else float("nan")

    @property
    def interval(self) -> analysis.ConfidenceInterval:
        return analysis.proportion_ci(
            self.satisfied, self.valid, confidence_level=settings()["confidence_level"]
        )


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # "procedure" or a demographic question code
    rows: list[GroupRow]


def _counts(unit_ids: sa.Select | list[int], period: Period) -> dict[tuple[str, str], list[int]]:
    columns = (
        BreakdownCount.dimension,
        BreakdownCount.value,
        sa.func.sum(BreakdownCount.respondents),
        sa.func.sum(BreakdownCount.overall_valid),
        sa.func.sum(BreakdownCount.overall_satisfied),
    )
    query = (
        sa.select(*columns)
        .where(
            BreakdownCount.unit_id.in_(unit_ids),
            BreakdownCount.month.between(period.first, period.last),
        )
        .group_by(BreakdownCount.dimension, BreakdownCount.value)
    )
    return {(d, v): [int(r), int(n), int(k)] for d, v, r, n, k in db.session.execute(query)}


def _suppressed(rows: list[tuple[str, list[int]]]) -> list[GroupRow]:
    sizes = np.array([counts[0] for _, counts in rows], dtype=np.int64)
    hidden = analysis.suppress_small_cells(sizes, threshold=SUPPRESS_BELOW).suppressed
    return [
        GroupRow(value, *counts, suppressed=bool(flag))
        for (value, counts), flag in zip(rows, hidden, strict=True)
    ]


def breakdowns(
    unit_ids: sa.Select, period: Period, questionnaire: Questionnaire
) -> tuple[list[Breakdown], list[tuple[str, int, int]]]:
    """The procedure and demographic breakdowns, and (option, choosing, respondents) of the
    improvement priorities, for these units and months."""
    counts = _counts(unit_ids, period)
    everyone = counts.get(("all", ""), [0, 0, 0])[0]
    dimensions = ["procedure"] + [
        q["code"] for q in questionnaire.definition.get("demographics", [])
    ]
    found = []
    for dimension in dimensions:
        rows = sorted(
            ((v, c) for (d, v), c in counts.items() if d == dimension), key=lambda item: -item[1][0]
        )
        if rows:
            found.append(Breakdown(dimension, _suppressed(rows)))
    priorities = sorted(
        ((v, c[0], everyone) for (d, v), c in counts.items() if d == "priorities"),
        key=lambda item: -item[1],
    )
    return found, priorities


def procedure_names(unit_ids: sa.Select) -> dict[str, str]:
    query = sa.select(Procedure.code, Procedure.name).where(Procedure.unit_id.in_(unit_ids))
    return dict(db.session.execute(query).all())
