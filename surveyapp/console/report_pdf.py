"""The printable report (PDF, Vietnamese) for a province or a unit and a period.

The figures come from the same services as the pages (overview, unit report, scores); the
charts are the pages' SVG charts; WeasyPrint sets the HTML in DejaVu Sans with "Trang x / y"
page numbers (``@page`` in the template)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import force_locale
from markupsafe import Markup

from surveyapp.console import charts as console_charts
from surveyapp.extensions import db
from surveyapp.models import Response, Unit
from surveyapp.services import scores
from surveyapp.services.overview import Overview, province_overview
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import province_scope
from surveyapp.services.unit_report import drivers, unit_ids, unit_report

LANGUAGE = "vi"
CHANGES_SHOWN = 10
# WeasyPrint ignores paint-order, so a text halo would cover its own letters in print.
_HALO = re.compile(r' stroke="#ffffff" stroke-width="3" paint-order="stroke"')


@dataclass(frozen=True)
class Flag:
    unit: str
    code: str
    figure: scores.Figure


@dataclass(frozen=True)
class Change:
    unit: str
    code: str
    result: object  # analysis.DifferenceResult


def _modes(ids, period: Period) -> list[tuple[str, int]]:
    """Responses by how they were collected (the survey mode), most first."""
    first, end = scores.utc_bounds(period)
    query = (
        sa.select(Response.source, sa.func.count())
        .where(
            Response.unit_id.in_(ids), Response.submitted_at >= first, Response.submitted_at < end
        )
        .group_by(Response.source)
        .order_by(sa.func.count().desc())
    )
    return [(source, count) for source, count in db.session.execute(query)]


def _flags(items: list[Flag]) -> dict[str, list[Flag]]:
    return {
        status: [f for f in items if f.figure.status == status]
        for status in ("significantly_below", "below")
    }


def _largest(items: list[Change]) -> list[Change]:
    found = [c for c in items if c.result is not None]
    return sorted(found, key=lambda c: -abs(c.result.difference))[:CHANGES_SHOWN]


def _unit_changes(overview: Overview) -> list[Change]:
    """Each reporting unit's overall and component change since the comparison period."""
    if overview.comparison is None:
        return []
    scope = province_scope(overview.province)
    cells = scores.load_cells(scope.unit_ids, overview.comparison)
    before = scores.figures(
        scores.score(scores.summary(cells, lambda row: scope.reporting_of[row.unit_id]))
    )
    changes = []
    for row in overview.units:
        now = {"overall": row.overall} | row.components
        for code, figure in now.items():
            key = (row.unit.id, "overall" if code == "overall" else "component", code)
            changes.append(Change(row.unit.name, code, scores.change(figure, before.get(key))))
    return changes


def _province_drivers(overview: Overview):
    scope = province_scope(overview.province)
    cells = scores.load_cells(scope.unit_ids, overview.period)
    found = scores.figures(scores.score(scores.summary(cells, lambda row: "province")))
    return drivers(cells, {(level, code): f for (_, level, code), f in found.items()})


def province_context(province: Unit, period: Period, compare: str | None) -> dict:
    overview = province_overview(province, period, compare)
    target = scores.settings()["target"]
    titles = scores.component_titles(overview.questionnaire, LANGUAGE)
    flags = [
        Flag(row.unit.name, code, f) for row in overview.units for code, f in row.components.items()
    ]
    return {
        "kind": "province",
        "name": province.name,
        "period": period,
        "comparison": overview.comparison,
        "responses": overview.responses,
        "modes": _modes(province_scope(province).unit_ids, period),
        "components": overview.components,
        "figures": {code: overview.totals.get(code) for code in ["overall", *overview.components]},
        "changes": overview.changes,
        "flags": _flags(flags),
        "largest": _largest(_unit_changes(overview)),
        "drivers": _province_drivers(overview),
        "questionnaire": overview.questionnaire,
        "titles": titles,
        "family": "province",
        "charts": [
            console_charts.funnel(overview, target),
            console_charts.heat(overview, titles),
            console_charts.trend(overview.trend, overview.breaks, target),
        ],
    }


def unit_context(unit: Unit, period: Period, compare: str | None) -> dict:
    report = unit_report(unit, period, compare)
    target = scores.settings()["target"]
    titles = scores.component_titles(report.questionnaire, LANGUAGE)
    texts = scores.criterion_texts(report.questionnaire, LANGUAGE)
    figures = {"overall": report.figures.get(("overall", "overall"))} | {
        code: report.figures.get(("component", code)) for code in report.components
    }
    flags = [
        Flag(unit.name, code, f)
        for (level, code), f in report.figures.items()
        if level != "overall"
    ]
    changes = [Change(unit.name, code, result) for code, result in report.changes.items()]
    return {
        "kind": "unit",
        "name": unit.name,
        "includes": report.includes,
        "period": period,
        "comparison": report.comparison,
        "responses": report.responses,
        "modes": _modes(unit_ids(unit), period),
        "components": report.components,
        "figures": figures,
        "changes": report.changes,
        "flags": _flags(flags),
        "largest": _largest(changes),
        "drivers": report.drivers,
        "questionnaire": report.questionnaire,
        "titles": titles | texts,
        "family": report.family,
        "charts": [
            console_charts.components(report, titles, target),
            console_charts.drivers(report, texts, target),
            console_charts.trend(report.trend, report.breaks, target),
        ],
    }


def _printable(drawn) -> Markup | None:
    return None if drawn is None else Markup(_HALO.sub("", str(drawn.wide.svg)))


def render(build, subject: Unit, period: Period, compare: str | None) -> bytes:
    """The report as PDF bytes, in Vietnamese whatever the request's language."""
    import weasyprint  # imported here: it loads Pango once, only for workers that print

    with force_locale(LANGUAGE):
        context = build(subject, period, compare)
        context["svgs"] = [(_printable(d), d.wide.caption) for d in context.pop("charts") if d]
        html = render_template(
            "console/report.html", **context, settings=scores.settings(), language=LANGUAGE
        )
    return weasyprint.HTML(string=html, base_url=request.url_root).write_pdf()
