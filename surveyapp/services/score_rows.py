"""The read API's rows: units' indices for a period, exactly as the console pages show them.

A reporting unit of a province (a unit just below it) has the statuses of the province
report, whose Benjamini-Hochberg family is every unit x component cell of the province in
the period; any other unit those of its own page (its own cells). A unit without responses
in the period has no rows.
"""

from __future__ import annotations

from collections.abc import Collection

from surveyapp.models import Unit, User
from surveyapp.services import permissions
from surveyapp.services.index_export import LEVELS, IndexRow, province_rows
from surveyapp.services.lineage import former_name
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import provinces
from surveyapp.services.unit_report import unit_figures

API_LEVELS = ("overall", "component", "criterion")


def _unit_rows(unit: Unit, period: Period) -> list[IndexRow]:
    figures, family = unit_figures(unit, period)
    bh_family = "province_units" if family == "province" else "unit"  # as in the XLSX export
    ordered = sorted(figures.values(), key=lambda f: (LEVELS[f.level], f.code))
    return [IndexRow(period, unit.code, former_name(unit), "unit", f, bh_family) for f in ordered]


def _reporting_rows(province: Unit, period: Period) -> list[IndexRow]:
    return [row for row in province_rows(province, period) if row.group == "unit"]


def score_rows(
    user: User, unit: Unit | None, period: Period, levels: Collection[str] = API_LEVELS
) -> list[IndexRow]:
    """The indices of ``unit``, or by default of every unit ``user`` reports on: for an
    administrator or reviewer the reporting units of every province, for a supervisor their
    own units. The caller checks that ``user`` may see ``unit``."""
    if unit is not None:
        rows = _unit_rows(unit, period)
    elif permissions.sees_everything(user):
        rows = [row for province in provinces() for row in _reporting_rows(province, period)]
    else:
        rows = [row for own in user.units for row in _unit_rows(own, period)]
    return [row for row in rows if row.figure.level in levels]
