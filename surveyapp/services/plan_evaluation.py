"""Did the plan work? The unit's change from the baseline to the evaluation period, against
the change of the comparison units over the same periods (analysis.evaluate_plan).

The comparison units are the province's other reporting units (services/report_scope.py)
without a plan for that component: every unit with a plan for it that got past the draft is
left out, and so is the plan's own reporting unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

import analysis
from surveyapp.extensions import db
from surveyapp.models import Plan
from surveyapp.services import rating_cells, scores
from surveyapp.services.periods import Period, parse
from surveyapp.services.report_scope import Scope, province_of, province_scope
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import unit_ids


@dataclass(frozen=True)
class Evaluation:
    unit_before: Figure
    unit_after: Figure
    comparison_before: Figure
    comparison_after: Figure
    comparison_units: int  # reporting units pooled as the comparison
    result: analysis.PlanEvaluation
    final: bool  # the evaluation period is over


def _pooled(cells: scores.Cells, component: str) -> Figure | None:
    found = scores.figures(scores.score(scores.summary(cells, lambda row: "pooled")))
    figure = found.get(("pooled", "component", component))
    return figure if figure is not None and figure.enough else None


def comparison_unit_ids(plan: Plan, scope: Scope) -> list[int]:
    """Unit ids of the province whose reporting unit has no plan for the component."""
    planned = sa.select(Plan.unit_id).where(
        Plan.component == plan.component, Plan.status != "draft"
    )
    excluded = {scope.reporting_of.get(unit_id) for unit_id in db.session.scalars(planned)}
    excluded.add(scope.reporting_of.get(plan.unit_id))
    return [u for u, reporting in scope.reporting_of.items() if reporting not in excluded]


def _figures(ids, period: Period, component: str) -> tuple[Figure | None, set[int]]:
    cells = scores.load_cells(ids, period)
    return _pooled(cells, component), {row.unit_id for row in cells.rows}


def evaluate(plan: Plan, today: date) -> Evaluation | None:
    """The evaluation once the evaluation period has enough answers, else None."""
    province = province_of(plan.unit)
    if province is None:
        return None
    rating_cells.fold_pending()
    scope = province_scope(province)
    before, after = parse(plan.baseline_period), parse(plan.evaluation_period)
    others = comparison_unit_ids(plan, scope)
    unit_before, _ = _figures(unit_ids(plan.unit), before, plan.component)
    unit_after, _ = _figures(unit_ids(plan.unit), after, plan.component)
    comparison_before, _ = _figures(others, before, plan.component)
    comparison_after, reporting = _figures(others, after, plan.component)
    cells = (unit_before, unit_after, comparison_before, comparison_after)
    if any(figure is None for figure in cells):
        return None
    settings = scores.settings()
    result = analysis.evaluate_plan(
        *((f.estimate, f.se, f.n) for f in cells),
        confidence_level=settings["confidence_level"],
        significance_level=settings["significance_level"],
    )
    units = len({scope.reporting_of[u] for u in reporting})
    this_month = date(today.year, today.month, 1)
    return Evaluation(*cells, units, result, after.last < this_month)


def _difference(result: analysis.DifferenceResult) -> dict[str, float]:
    interval = result.confidence_interval
    return {
        "difference": result.difference,
        "low": interval.low,
        "high": interval.high,
        "statistic": result.statistic,
        "pvalue": result.pvalue,
    }


def evaluation_record(found: Evaluation) -> dict[str, Any]:
    """What is stored on the plan when it is marked evaluated (JSON-ready)."""
    result = found.result
    return {
        "verdict": result.verdict,
        "change_verdict": result.change_verdict,
        "change": _difference(result.change),
        "comparison_change": _difference(result.comparison_change),
        "difference_in_differences": _difference(result.difference_in_differences),
        "indices": {
            name: {key: getattr(f, key) for key in ("estimate", "n", "se", "ci_low", "ci_high")}
            for name, f in zip(
                ("unit_before", "unit_after", "comparison_before", "comparison_after"),
                (
                    found.unit_before,
                    found.unit_after,
                    found.comparison_before,
                    found.comparison_after,
                ),
                strict=True,
            )
        },
        "comparison_units": found.comparison_units,
    }
