"""The evidence a plan is opened on: the component's index with its interval, n and status,
its weakest criteria, its key drivers, the improvement priorities citizens chose most, and a
sample of recent comments."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from surveyapp.models import Unit
from surveyapp.services import rating_cells, scores
from surveyapp.services.breakdowns import breakdowns
from surveyapp.services.comments import Comment, CommentFilter, comments
from surveyapp.services.periods import Period
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import drivers, own_figures, unit_ids

BELOW = ("below", "significantly_below")
WEAKEST = 3
PRIORITIES = 3
COMMENTS = 5
_SHOWN = ("code", "estimate", "n", "ci_low", "ci_high", "status")


def _plain(figure: Figure) -> dict[str, Any]:
    return {key: value for key, value in asdict(figure).items() if key in _SHOWN}


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def evidence(unit: Unit, component: str, period: Period) -> dict[str, Any] | None:
    """JSON-ready evidence, or None unless the component is below the target in ``period``."""
    rating_cells.fold_pending()
    ids = unit_ids(unit)
    cells = scores.load_cells(ids, period)
    figures, _ = own_figures(unit, period, cells)
    index = figures.get(("component", component))
    if index is None or index.status not in BELOW:
        return None
    criteria = [c.code for c in cells.questionnaire.criteria if c.component == component]
    measured = [figures[("criterion", c)] for c in criteria if ("criterion", c) in figures]
    weakest = sorted((f for f in measured if f.enough), key=lambda f: f.estimate)[:WEAKEST]
    _, chosen = breakdowns(ids, period, cells.questionnaire)
    return {
        "period": period.code,
        "index": _plain(index),
        "weakest": [_plain(f) for f in weakest],
        "drivers": [
            {"code": d.code, "importance": _finite(d.importance), "quadrant": d.quadrant}
            for d in drivers(cells, figures)
            if d.code in criteria
        ],
        "priorities": [
            {"option": option, "count": count, "total": total}
            for option, count, total in sorted(chosen, key=lambda p: -p[1])[:PRIORITIES]
        ],
    }


def recent_comments(unit: Unit, period: Period) -> list[Comment]:
    """The newest comments of the flagged period (shown, never copied into the plan)."""
    return comments(unit_ids(unit), period, CommentFilter(), 1).comments[:COMMENTS]
