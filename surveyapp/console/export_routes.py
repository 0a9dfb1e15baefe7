"""Console downloads: responses (CSV, XLSX), index tables (XLSX) and the PDF report, for the
province (reviewers, administrators) or a unit (also its supervisors). Same ``?period=`` and
``?compare=`` as the pages; permissions from services/permissions.py only."""

from __future__ import annotations

from flask import Response, send_file, stream_with_context
from flask_login import current_user, login_required

from surveyapp.console import choices, report_pdf
from surveyapp.console.routes import bp
from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.services import exports, permissions
from surveyapp.services.index_export import index_xlsx, province_rows, titles_for, unit_rows
from surveyapp.services.instruments import latest_version
from surveyapp.services.periods import Period
from surveyapp.services.report_scope import province_scope
from surveyapp.services.unit_report import unit_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _province() -> Unit:
    permissions.require(current_user, "view_all")
    return choices.province()


def _unit(unit_id: int) -> Unit:
    chosen = db.get_or_404(Unit, unit_id)
    permissions.require(current_user, "view", chosen)
    return chosen


def _scope(subject: Unit, is_province: bool):
    """Unit ids of the export, limited again to what the user may see."""
    ids = province_scope(subject).unit_ids if is_province else unit_ids(subject)
    return permissions.restrict(db.select(Unit.id).where(Unit.id.in_(ids)), current_user, Unit.id)


def _name(subject: Unit, period: Period, what: str, extension: str) -> str:
    return f"{what}-{subject.code}-{period.code.replace('..', '_')}.{extension}"


def _responses(subject: Unit, is_province: bool, extension: str):
    period = choices.period()
    ids = _scope(subject, is_province)
    name = _name(subject, period, "responses", extension)
    if extension == "csv":
        chunks = stream_with_context(exports.csv_chunks(ids, period))
        response = Response(chunks, mimetype="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f"attachment; filename={name}"
        return response
    handle = exports.responses_xlsx(ids, period)
    return send_file(handle, mimetype=XLSX, as_attachment=True, download_name=name)


def _indices(subject: Unit, is_province: bool):
    period, compare = choices.period(), choices.comparison()
    periods = [period] + ([period.compared_with(compare)] if compare else [])
    build = province_rows if is_province else unit_rows
    rows = (row for p in periods for row in build(subject, p))
    titles = titles_for(latest_version("sipas-desk").questionnaire)
    handle = index_xlsx(rows, titles, periods)
    name = _name(subject, period, "indices", "xlsx")
    return send_file(handle, mimetype=XLSX, as_attachment=True, download_name=name)


def _report(subject: Unit, is_province: bool):
    build = report_pdf.province_context if is_province else report_pdf.unit_context
    period = choices.period()
    pdf = report_pdf.render(build, subject, period, choices.comparison())
    response = Response(pdf, mimetype="application/pdf")
    name = _name(subject, period, "report", "pdf")
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


@bp.get("/province/responses.<any(csv, xlsx):extension>")
@login_required
def province_responses(extension: str):
    return _responses(_province(), True, extension)


@bp.get("/province/indices.xlsx")
@login_required
def province_indices():
    return _indices(_province(), True)


@bp.get("/province/report.pdf")
@login_required
def province_report():
    return _report(_province(), True)


@bp.get("/units/<int:unit_id>/responses.<any(csv, xlsx):extension>")
@login_required
def unit_responses(unit_id: int, extension: str):
    return _responses(_unit(unit_id), False, extension)


@bp.get("/units/<int:unit_id>/indices.xlsx")
@login_required
def unit_indices(unit_id: int):
    return _indices(_unit(unit_id), False)


@bp.get("/units/<int:unit_id>/report.pdf")
@login_required
def unit_report_pdf(unit_id: int):
    return _report(_unit(unit_id), False)
