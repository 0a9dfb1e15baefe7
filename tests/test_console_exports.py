"""Console exports: who may download what, that a supervisor's files hold only their units,
that the index tables equal analysis.score on the exported responses, streaming, the PDF."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import datetime

import numpy as np
import openpyxl
import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from statsmodels.stats.multitest import multipletests

import analysis
from surveyapp.extensions import db
from surveyapp.models import PendingSummary, Unit
from surveyapp.services.accounts import create_user
from surveyapp.services.instruments import latest_version
from surveyapp.services.rating_cells import layout_of
from tests import factories
from tests.console_data import PASSWORD, login

PERIOD = "period=2026-Q3&compare=none"
EXPORTS = ("responses.csv", "responses.xlsx", "indices.xlsx", "report.pdf")


def _get(client, url: str):
    """The response with its body read and closed (an XLSX streams from an open file)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def _commune(name: str) -> Unit:
    return db.session.scalar(
        sa.select(Unit).where(Unit.name.like(f"{name}%"), Unit.type_code == "commune")
    )


def _sign_in(client, role: str) -> None:
    if role == "admin":
        create_user("admin", PASSWORD, "admin", "Quản trị")
        db.session.commit()
    if role != "anonymous":
        login(client, {"supervisor": "sup"}.get(role, role))


def _target(where: str) -> str:
    if where == "province":
        return "/console/province"
    name = "Phường Đức Xuân" if where == "own" else "Xã Chợ Rã"
    return f"/console/units/{_commune(name).id}"


EXPECTED = {
    "anonymous": {"province": 302, "own": 302, "other": 302},
    "supervisor": {"province": 403, "own": 200, "other": 404},
    "reviewer": {"province": 200, "own": 200, "other": 200},
    "admin": {"province": 200, "own": 200, "other": 200},
}


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("where", ["province", "own", "other"])
@pytest.mark.parametrize("role", list(EXPECTED))
def test_who_may_download_what(client, console_province, role, where, export):
    _sign_in(client, role)
    response = _get(client, f"{_target(where)}/{export}?{PERIOD}")
    assert response.status_code == EXPECTED[role][where]
    if response.status_code == 302:
        assert "/auth/login" in response.headers["Location"]
    if response.status_code == 200:
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.get_data()[:4] in (b"\xef\xbb\xbfr", b"PK\x03\x04", b"%PDF")


def _csv_rows(client, url: str) -> list[dict]:
    body = client.get(url).get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_rows(client, url: str, sheet: str = None) -> list[dict]:
    book = openpyxl.load_workbook(io.BytesIO(_get(client, url).get_data()), read_only=True)
    rows = list((book[sheet] if sheet else book.worksheets[0]).values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _codes_below(unit: Unit) -> set[str]:
    found, todo = set(), [unit]
    while todo:
        current = todo.pop()
        found.add(current.code)
        todo.extend(current.children)
    return found


def test_a_supervisors_responses_hold_only_their_units(client, console_province):
    own = _commune("Phường Đức Xuân")
    login(client, "sup")
    url = f"/console/units/{own.id}/responses"
    as_csv = _csv_rows(client, f"{url}.csv?period=2026")
    as_xlsx = _xlsx_rows(client, f"{url}.xlsx?period=2026")
    assert len(as_csv) == len(as_xlsx) == 45
    assert {r["unit_code"] for r in as_csv} <= _codes_below(own)
    assert {r["unit_code"] for r in as_xlsx} <= _codes_below(own)
    assert [int(r["response_id"]) for r in as_csv] == [r["response_id"] for r in as_xlsx]


def test_a_period_limits_the_responses_and_history_is_included(client, console_province):
    merged = _commune("Xã Chợ Rã")
    login(client, "reviewer")
    url = f"/console/units/{merged.id}/responses.csv"
    history = _csv_rows(client, f"{url}?period=2025-06")
    assert len(history) == 12  # the former commune merged into it
    assert len(_csv_rows(client, f"{url}?period=2026-Q3")) == 40
    assert len(_csv_rows(client, "/console/province/responses.csv?period=2026-Q3")) == 85


def test_csv_keeps_vietnamese_text_and_streams(client, console_province):
    own = _commune("Phường Đức Xuân")
    desk = db.session.scalar(sa.select(Unit).where(Unit.parent_id == own.id)).desks[0]
    comment = "Cán bộ hướng dẫn nhiệt tình, chu đáo"
    saved = factories.response(desk, datetime(2026, 8, 1), comment=comment)
    db.session.add(PendingSummary(response_id=saved.id))
    db.session.commit()
    login(client, "sup")
    response = client.get(f"/console/units/{own.id}/responses.csv?period=2026-Q3")
    assert response.is_streamed and not isinstance(response.response, (list, str, bytes))
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [r["comment"] for r in rows if r["comment"]] == [comment]
    assert all(r["unit_name"].startswith("Trung tâm") for r in rows)
    assert unicodedata.is_normalized("NFC", response.get_data().decode("utf-8-sig"))


def _matrix(rows: list[dict], criteria: list[str]) -> np.ndarray:
    return np.array(
        [[float(r[c]) if r[c] not in ("", "NA") else np.nan for c in criteria] for r in rows]
    )


def _reporting_unit(code: str) -> str:
    """The commune a response's unit (a commune centre, or the former commune) reports in."""
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == code))
    commune = unit if unit.type_code == "commune" else unit.parent
    successor = {"Xã Thượng Giáo": "Xã Chợ Rã"}.get(commune.name.split(" (")[0])
    return _commune(successor).code if successor else commune.code


def test_index_tables_equal_score_on_the_exported_responses(client, console_province):
    login(client, "reviewer")
    responses = _csv_rows(client, "/console/province/responses.csv?period=2026-Q3")
    indices = _xlsx_rows(client, f"/console/province/indices.xlsx?{PERIOD}", "indices")
    layout = layout_of(latest_version("sipas-desk").questionnaire)
    groups = {}
    for row in responses:
        groups.setdefault(_reporting_unit(row["unit_code"]), []).append(row)
    groups["province"] = responses
    checked, family = 0, {}
    for group, rows in groups.items():
        expected = analysis.score(
            _matrix(rows, layout["criteria"]), layout["components"], criteria=layout["criteria"]
        )
        kind = "province" if group == "province" else "unit"
        for want in expected.rows():
            got = next(
                r
                for r in indices
                if r["group"] == kind
                and (kind == "province" or r["unit_code"] == group)
                and (r["level"], r["code"]) == (want["level"], want["code"])
            )
            assert got["n"] == want["n"]
            if want["status"] != "insufficient":
                for key in ("estimate", "ci_low", "ci_high", "pvalue"):
                    assert got[key] == pytest.approx(want[key], abs=1e-12)
            family.setdefault((kind, want["level"]), []).append((want["pvalue"], got))
            checked += 1
    assert checked > 40
    # One Benjamini-Hochberg family per level: the province's own indices, and every unit x
    # index cell of the province.
    for cells in family.values():
        qvalues = multipletests([p for p, _ in cells], method="fdr_bh")[1]
        for q, (_, got) in zip(qvalues, cells, strict=True):
            if got["status"] == "insufficient":
                continue
            assert got["qvalue"] == pytest.approx(q, abs=1e-12)
            expected = "significantly_below" if q < 0.05 else "below"
            assert got["status"] == ("meets" if got["estimate"] >= 0.8 else expected)


def test_the_index_workbook_states_its_method(client, console_province):
    login(client, "reviewer")
    url = "/console/province/indices.xlsx?period=2026-Q3&compare=previous"
    book = openpyxl.load_workbook(io.BytesIO(_get(client, url).get_data()), read_only=True)
    method = {row[0]: row[1] for row in book["method"].values}
    assert method["target"] == "0.8" and method["min_n (valid answers)"] == "30"
    assert "Benjamini" in method["qvalue"] and "2026-Q2" in method["periods"]
    periods = {row[0] for row in list(book["indices"].values)[1:]}
    assert periods == {"2026-Q3"}  # the fixture has no response in 2026-Q2


def _pdf_text(client, url: str) -> tuple[str, int]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text), len(reader.pages)


def test_the_unit_report_is_in_vietnamese_with_page_numbers(client, console_province):
    own = _commune("Phường Đức Xuân")
    login(client, "sup")
    url = f"/console/units/{own.id}/report.pdf?period=2026-Q3&lang=en"
    text, pages = _pdf_text(client, url)
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"Trang {page} / {pages}" in text
    for words in (
        "Phường Đức Xuân",
        "Quý 3/2026",
        "Báo cáo mức độ hài lòng",
        "Độ tin cậy",
        "Số phiếu",
    ):
        assert words in text


def test_the_province_report_lists_units_below_target(client, console_province):
    login(client, "reviewer")
    text, _ = _pdf_text(client, "/console/province/report.pdf?period=2026-Q3")
    assert "Tỉnh Thái Nguyên" in text and "Xã Chợ Rã" in text
    assert "Dưới mục tiêu" in text
