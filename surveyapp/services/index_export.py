"""The index tables as XLSX: unit × component × period with n, interval, p, q and status,
exactly as the console pages compute them, and a sheet stating the method."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import xlsxwriter

from surveyapp.models import Unit
from surveyapp.services import rating_cells, scores
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import province_scope
from surveyapp.services.scores import Figure
from surveyapp.services.unit_report import unit_report

COLUMNS = [
    "period",
    "unit_code",
    "unit_name",
    "group",
    "level",
    "code",
    "title",
    "n",
    "estimate",
    "ci_low",
    "ci_high",
    "pvalue",
    "qvalue",
    "status",
    "bh_family",
]
LEVELS = {"overall": 0, "domain": 1, "component": 2, "criterion": 3}


@dataclass(frozen=True)
class IndexRow:
    period: Period
    unit_code: str
    unit_name: str
    group: str  # "province", "unit" or "desk"
    figure: Figure
    family: str

    def values(self, titles: dict[str, str]) -> list:
        f = self.figure
        numbers = [f.estimate, f.ci_low, f.ci_high, f.pvalue, f.qvalue] if f.enough else [None] * 5
        head = [self.period.code, self.unit_code, self.unit_name, self.group, f.level, f.code]
        return head + [titles.get(f.code, ""), f.n, *numbers, f.status, self.family]


def _ordered(found: dict) -> list[tuple]:
    return sorted(found.items(), key=lambda item: (LEVELS.get(item[0][-2], 9), item[0][-1]))


def province_rows(province: Unit, period: Period) -> Iterator[IndexRow]:
    """The province's own indices, then every reporting unit's, with the province family."""
    rating_cells.fold_pending()
    scope = province_scope(province)
    cells = scores.load_cells(scope.unit_ids, period)
    totals = scores.figures(scores.score(scores.summary(cells, lambda row: "province")))
    for _, figure in _ordered(totals):
        yield IndexRow(period, province.code, province.name, "province", figure, "province")
    found = scores.figures(
        scores.score(scores.summary(cells, lambda row: scope.reporting_of[row.unit_id]))
    )
    for unit_id, unit in scope.rows.items():
        own = {key: f for key, f in found.items() if key[0] == unit_id}
        for _, figure in _ordered(own):
            yield IndexRow(period, unit.code, unit.name, "unit", figure, "province_units")


def unit_rows(unit: Unit, period: Period) -> Iterator[IndexRow]:
    """A unit's indices as its page shows them, then its desks (their own family)."""
    report = unit_report(unit, period, None)
    for _, figure in _ordered(report.figures):
        family = "province_units" if report.family == "province" else "unit"
        yield IndexRow(period, unit.code, unit.name, "unit", figure, family)
    for row in report.desks:
        figures = ([row.overall] if row.overall else []) + list(row.components.values())
        for figure in figures:
            yield IndexRow(period, row.desk.code, row.desk.name, "desk", figure, "unit_desks")


FAMILIES = {
    "province": "the province as a whole: each level (overall, domains, components, criteria)",
    "province_units": "all reporting unit × component cells of the province in the period "
    "(each level one family), the same statuses as on the province and unit pages",
    "unit": "the unit's own cells in the period (each level one family)",
    "unit_desks": "all desk × component cells of the unit in the period (each level one family)",
}


def _method_rows(periods: list[Period]) -> list[tuple[str, str]]:
    s = scores.settings()
    return [
        ("periods", ", ".join(f"{p.code} ({p.label})" for p in periods)),
        ("target", f"{s['target']}"),
        ("min_n (valid answers)", f"{s['min_n']}"),
        ("confidence_level", f"{s['confidence_level']}"),
        ("significance_level (BH false discovery rate)", f"{s['significance_level']}"),
        (
            "criterion index",
            "I_c = Σ w·[rating ≥ 4] / Σ w over valid answers (not applicable and missing left out)",
        ),
        ("component index", "I_k = mean of I_c over the criteria of component k"),
        ("overall (SIPAS)", "mean of the component indices"),
        (
            "criterion interval",
            "Wilson score interval; below-target test: exact one-sided binomial, H1: p < target",
        ),
        (
            "component / overall interval",
            "standard error by linearization over respondents; "
            "normal interval and one-sided z-test against the target",
        ),
        (
            "status",
            "meets (estimate ≥ target) · below (not significant) · significantly_below "
            "(BH q < significance_level) · insufficient (n < min_n; no estimate given)",
        ),
        ("n", "valid answers (criterion) or respondents with at least one valid answer"),
        ("qvalue", "Benjamini–Hochberg adjusted one-sided p-value within its bh_family"),
        *((f"bh_family: {key}", text) for key, text in FAMILIES.items()),
    ]


def index_xlsx(rows: Iterator[IndexRow], titles: dict[str, str], periods: list[Period]):
    """Write the rows and the method sheet to an (unlinked) temporary file, at 0."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet("indices")
        sheet.write_row(0, 0, COLUMNS, bold)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row.values(titles))
        method = workbook.add_worksheet("method")
        for number, (key, text) in enumerate(_method_rows(periods)):
            method.write_row(number, 0, [key, text])
        workbook.close()
        return open(path, "rb")  # noqa: SIM115 (the caller streams and closes it)
    finally:
        os.unlink(path)


def titles_for(questionnaire) -> dict[str, str]:
    """Component and criterion titles in Vietnamese (the export's language)."""
    return scores.component_titles(questionnaire, "vi") | scores.criterion_texts(
        questionnaire, "vi"
    )
