"""A unit's page: its components and criteria, its desks side by side, its trend, key drivers,
improvement priorities and comments, for a period. Its history includes the units merged
into it, marked "(cũ)"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa

import analysis
from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Desk, Unit
from surveyapp.services import lineage, rating_cells, scores
from surveyapp.services.breakdowns import Breakdown, breakdowns
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import province_of, province_scope
from surveyapp.services.scores import Figure
from surveyapp.services.unit_tree import subtree_select

TREND_MONTHS = 18


@dataclass(frozen=True)
class DeskRow:
    desk: Desk
    overall: Figure | None
    components: dict[str, Figure]


@dataclass(frozen=True)
class Driver:
    """A criterion's importance (Spearman rho with the overall rating) and its performance.

    ``quadrant``: "important_below" (importance at or above the median, index below the
    target: where a plan should start), "below", "important" or "" (neither)."""

    code: str
    importance: float
    pvalue: float
    figure: Figure | None
    quadrant: str


@dataclass(frozen=True)
class UnitReport:
    unit: Unit
    period: Period
    comparison: Period | None
    questionnaire: Questionnaire
    components: list[str]
    figures: dict[tuple[str, str], Figure]  # (level, code) -> figure
    changes: dict[str, analysis.DifferenceResult | None]
    family: str  # "province" or "unit": which cells form its Benjamini-Hochberg family
    desks: list[DeskRow]
    trend: list[tuple[date, Figure | None]]
    breaks: list[date]
    drivers: list[Driver]
    priorities: list[tuple[str, int, int]]  # option, respondents choosing it, respondents
    breakdowns: list[Breakdown]
    responses: int
    includes: str | None


def unit_ids(unit: Unit) -> list[int]:
    """The unit, the units below it and those merged into it (a few ids, read once: as a
    literal list they let PostgreSQL use its indexes on responses, where a CTE did not)."""
    return list(db.session.scalars(subtree_select(sa.select(sa.literal(unit.id)))))


def own_figures(unit: Unit, period: Period, cells: scores.Cells) -> tuple[dict, str]:
    """The unit's figures; with the province's family when it is one of the province's rows,
    so a cell has the same status here as on the province overview."""
    province = province_of(unit)
    scope = province_scope(province) if province is not None else None
    if scope is not None and unit.id in scope.rows:
        whole = scores.load_cells(scope.unit_ids, period, drivers=False)
        table = scores.score(scores.summary(whole, lambda row: scope.reporting_of[row.unit_id]))
        family, group = "province", unit.id
    else:
        table = scores.score(scores.summary(cells, lambda row: "unit"))
        family, group = "unit", "unit"
    found = scores.figures(table)
    return {(lvl, code): f for (g, lvl, code), f in found.items() if g == group}, family


def unit_figures(unit: Unit, period: Period) -> tuple[dict[tuple[str, str], Figure], str]:
    """The unit's indices as its page shows them, and their family ("province" or "unit")."""
    rating_cells.fold_pending()
    return own_figures(unit, period, scores.load_cells(unit_ids(unit), period))


def _desk_rows(cells: scores.Cells) -> list[DeskRow]:
    """Desks side by side; their family is every desk x component cell of the unit."""
    found = scores.figures(scores.score(scores.summary(cells, lambda row: row.desk_id)))
    desk_ids = sorted({row.desk_id for row in cells.rows})
    desks = {d.id: d for d in db.session.scalars(sa.select(Desk).where(Desk.id.in_(desk_ids)))}
    return [
        DeskRow(
            desks[desk_id],
            found.get((desk_id, "overall", "overall")),
            {c: f for (g, lvl, c), f in found.items() if g == desk_id and lvl == "component"},
        )
        for desk_id in sorted(desk_ids, key=lambda i: (not desks[i].active, desks[i].code))
    ]


def _trend(ids: sa.Select, period: Period) -> list[tuple[date, Figure | None]]:
    window = Period(period.shifted(-(TREND_MONTHS - len(period.months))).first, period.last)
    found = scores.figures(
        scores.score(
            scores.summary(scores.load_cells(ids, window, drivers=False), lambda row: row.month)
        )
    )
    return [(month, found.get((month, "overall", "overall"))) for month in window.months]


def drivers(cells: scores.Cells, figures: dict) -> list[Driver]:
    if not cells.complete:
        raise ValueError("key drivers need whole cell vectors: load_cells(..., drivers=True)")
    rating_summary = scores.summary(cells, lambda row: "unit")
    if rating_summary is None:
        return []
    result = analysis.key_drivers_from_summary(rating_summary)
    median = float(np.nanmedian(result.rho)) if np.any(np.isfinite(result.rho)) else np.nan
    drivers = []
    for code, rho, p in zip(rating_summary.criteria, result.rho, result.pvalue, strict=True):
        figure = figures.get(("criterion", code))
        below = figure is not None and figure.status in ("below", "significantly_below")
        important = bool(np.isfinite(rho) and rho >= median)
        quadrant = ("important_" if important else "") + ("below" if below else "")
        drivers.append(
            Driver(
                code, float(rho), float(p), figure, quadrant or ("important" if important else "")
            )
        )
    return sorted(drivers, key=lambda d: -d.importance if np.isfinite(d.importance) else 0)


def unit_report(unit: Unit, period: Period, comparison: str | None) -> UnitReport:
    rating_cells.fold_pending()
    ids = unit_ids(unit)
    cells = scores.load_cells(ids, period)
    figures, family = own_figures(unit, period, cells)
    groups, priorities = breakdowns(ids, period, cells.questionnaire)
    compared = period.compared_with(comparison) if comparison else None
    before = {}
    if compared is not None:
        previous, _ = own_figures(unit, compared, scores.load_cells(ids, compared, drivers=False))
        before = {code: f for (lvl, code), f in previous.items() if lvl != "criterion"}
    return UnitReport(
        unit=unit,
        period=period,
        comparison=compared,
        questionnaire=cells.questionnaire,
        components=list(dict.fromkeys(c.component for c in cells.questionnaire.criteria)),
        figures=figures,
        changes={
            code: scores.change(figures.get((lvl, code)), before.get(code))
            for (lvl, code) in figures
            if lvl != "criterion"
        },
        family=family,
        desks=_desk_rows(cells),
        trend=_trend(ids, period),
        breaks=lineage.series_breaks(unit),
        drivers=drivers(cells, figures),
        priorities=priorities,
        breakdowns=groups,
        responses=sum(row.responses for row in cells.rows),
        includes=lineage.includes_label(unit),
    )
