"""The console's charts, from the overview and unit reports: each drawn wide and narrow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask_babel import get_locale
from flask_babel import gettext as _

import analysis
from surveyapp import charts
from surveyapp.i18n import percent
from surveyapp.services.overview import Overview
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import UnitReport

WIDE, NARROW = 720, 360


@dataclass(frozen=True)
class Drawn:
    """One chart at two widths (CSS shows one), its caption and its data table."""

    wide: charts.Chart
    narrow: charts.Chart


def _both(draw, **arguments) -> Drawn:
    wording = charts.translated_wording(_, str(get_locale()))
    return Drawn(*(draw(**arguments, wording=wording, width=w) for w in (WIDE, NARROW)))


def _index(figure: Figure | None) -> float | None:
    return figure.estimate if figure is not None and figure.enough else None


def _nan_if_none(value: float | None) -> float:
    return float("nan") if value is None else value


def _limits(sizes: np.ndarray, target: float, level: float) -> list[charts.FunnelLimit]:
    limits = analysis.funnel_limits(sizes, target=target, confidence_level=level)
    return [
        charts.FunnelLimit(float(n), float(low), float(high))
        for n, low, high in zip(sizes, limits.low, limits.high, strict=True)
        if np.isfinite(low) and np.isfinite(high)
    ]


def funnel(overview: Overview, target: float) -> Drawn | None:
    rows = [r for r in overview.units if r.overall is not None]
    if not rows:
        return None
    points = [
        charts.FunnelPoint(
            r.unit.name, r.overall.n, _index(r.overall) or float("nan"), r.overall.status
        )
        for r in rows
    ]
    top = max(r.overall.n for r in rows)
    sizes = np.unique(np.geomspace(10, max(top * 1.1, 20), 60).round())
    return _both(
        charts.funnel_plot,
        points=points,
        limits_95=_limits(sizes, target, 0.95),
        limits_998=_limits(sizes, target, 0.998),
        target=target,
        title=_("Units compared with the target"),
        caption=_(
            "Overall index of each unit against its number of respondents, with "
            "%(inner)s and %(outer)s control limits around the target (exact binomial). "
            "Units with too few answers are not drawn.",
            inner=percent(0.95, 0),
            outer=percent(0.998, 1),
        ),
    )


def heat(overview: Overview, titles: dict[str, str]) -> Drawn | None:
    if not overview.units:
        return None
    cells = [
        [
            charts.HeatCell(_index(f), f.n if f else 0, f.status if f else "insufficient")
            for f in (row.components.get(code) for code in overview.components)
        ]
        for row in overview.units
    ]
    return _both(
        charts.heat_map,
        units=[r.unit.name for r in overview.units],
        components=overview.components,
        cells=cells,
        title=_("Units × components"),
        caption=_(
            "Each cell is a unit's component index; a thick border marks a "
            "cell significantly below the target."
        ),
    )


def trend(months, breaks, target: float) -> Drawn:
    points = [
        charts.TrendPoint(
            month,
            _index(f),
            f.n if f else 0,
            f.ci_low if f and f.enough else None,
            f.ci_high if f and f.enough else None,
        )
        for month, f in months
    ]
    marks = [charts.SeriesBreak(day, _("reorganisation")) for day in breaks]
    return _both(
        charts.trend_chart,
        points=points,
        breaks=marks,
        target=target,
        title=_("Monthly trend"),
        caption=_(
            "Overall index by month with its %(level)s interval; months with too few "
            "answers are left as gaps.",
            level=percent(0.95, 0),
        ),
    )


def drivers(report: UnitReport, texts: dict[str, str], target: float) -> Drawn | None:
    points = [
        charts.DriverPoint(
            d.code, texts.get(d.code, d.code), d.importance, d.figure.estimate, d.figure.n
        )
        for d in report.drivers
        if d.figure is not None and d.figure.enough and np.isfinite(d.importance)
    ]
    if len(points) < 2:
        return None
    return _both(
        charts.drivers_chart,
        points=points,
        target=target,
        title=_("Importance and performance of each criterion"),
        caption=_(
            "Importance: Spearman correlation with the overall rating. The shaded "
            "quadrant (important and below the target) is where a plan should "
            "start."
        ),
    )


def components(report: UnitReport, titles: dict[str, str], target: float) -> Drawn:
    return component_bars(report.components, report.figures, titles, target)


def component_bars(
    codes: list[str], figures: dict[tuple[str, str], Figure], titles: dict[str, str], target: float
) -> Drawn:
    """A unit's component indices of one period (figures by (level, code)) as bars."""
    items = []
    for code in codes:
        f = figures.get(("component", code))
        items.append(
            charts.BarItem(
                f"{code} {titles[code]}",
                _index(f),
                f.n if f else 0,
                f.ci_low if f and f.enough else None,
                f.ci_high if f and f.enough else None,
                f.status if f else "insufficient",
            )
        )
    return _both(
        charts.bar_chart,
        items=items,
        target=target,
        title=_("Components"),
        caption=_("Share satisfied with its %(level)s interval and n.", level=percent(0.95, 0)),
    )
