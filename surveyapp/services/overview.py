"""The province overview: indices, flags, units compared, heat map and trend for a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

import analysis
from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Unit, UnitLineage
from surveyapp.services import rating_cells, scores
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import ReportingUnit, Scope, province_scope
from surveyapp.services.scores import Figure

TREND_MONTHS = 18


@dataclass(frozen=True)
class UnitRow:
    unit: ReportingUnit
    overall: Figure | None
    components: dict[str, Figure]
    responses: int


@dataclass(frozen=True)
class Overview:
    province: Unit
    period: Period
    comparison: Period | None
    components: list[str]
    questionnaire: Questionnaire
    totals: dict[str, Figure]  # "overall" and each component, for the whole province
    previous: dict[str, Figure]
    changes: dict[str, analysis.DifferenceResult | None]
    units: list[UnitRow]
    trend: list[tuple[date, Figure | None]]
    breaks: list[date]
    responses: int
    other_versions: int
    flagged: dict[str, int] = field(default_factory=dict)


def _key(row) -> str:
    return "overall" if row[1] == "overall" else row[2]


def _totals(cells: scores.Cells) -> dict[str, Figure]:
    table = scores.score(scores.summary(cells, lambda row: "province"))
    return {
        _key(key): figure
        for key, figure in scores.figures(table).items()
        if key[1] in ("component", "overall")
    }


def _unit_rows(scope: Scope, cells: scores.Cells) -> list[UnitRow]:
    table = scores.score(scores.summary(cells, lambda row: scope.reporting_of[row.unit_id]))
    found = scores.figures(table)
    responses: dict[int, int] = {}
    for row in cells.rows:
        unit_id = scope.reporting_of[row.unit_id]
        responses[unit_id] = responses.get(unit_id, 0) + row.responses
    rows = []
    for unit_id, unit in scope.rows.items():
        if unit_id not in responses:
            continue
        components = {
            code: f
            for (g, level, code), f in found.items()
            if g == unit_id and level == "component"
        }
        overall = next(
            (f for (g, level, _), f in found.items() if g == unit_id and level == "overall"), None
        )
        rows.append(UnitRow(unit, overall, components, responses[unit_id]))
    return rows


def _trend(scope: Scope, period: Period) -> list[tuple[date, Figure | None]]:
    window = Period(period.shifted(-(TREND_MONTHS - len(period.months))).first, period.last)
    cells = scores.load_cells(scope.unit_ids, window, drivers=False)
    found = scores.figures(scores.score(scores.summary(cells, lambda row: row.month)))
    return [(month, found.get((month, "overall", "overall"))) for month in window.months]


def _flag_counts(units: list[UnitRow]) -> dict[str, int]:
    statuses = [f.status for row in units for f in row.components.values()]
    return {
        "cells": len(statuses),
        "below": sum(s in ("below", "significantly_below") for s in statuses),
        "significantly_below": statuses.count("significantly_below"),
    }


def province_overview(province: Unit, period: Period, comparison: str | None) -> Overview:
    rating_cells.fold_pending()
    scope = province_scope(province)
    cells = scores.load_cells(scope.unit_ids, period, drivers=False)
    compared = period.compared_with(comparison) if comparison else None
    previous = (
        _totals(scores.load_cells(scope.unit_ids, compared, drivers=False)) if compared else {}
    )
    totals = _totals(cells)
    units = _unit_rows(scope, cells)
    components = list(dict.fromkeys(c.component for c in cells.questionnaire.criteria))
    return Overview(
        province=province,
        period=period,
        comparison=compared,
        components=components,
        questionnaire=cells.questionnaire,
        totals=totals,
        previous=previous,
        changes={code: scores.change(f, previous.get(code)) for code, f in totals.items()},
        units=units,
        trend=_trend(scope, period),
        breaks=_breaks(scope),
        responses=sum(row.responses for row in cells.rows),
        other_versions=cells.other_versions,
        flagged=_flag_counts(units),
    )


def _breaks(scope: Scope) -> list[date]:
    """Effective dates of the reorganisations inside the province's history."""
    query = sa.select(UnitLineage.effective_on).where(
        UnitLineage.successor_id.in_(scope.unit_ids + [scope.province.id])
    )
    return sorted(set(db.session.scalars(query)))
