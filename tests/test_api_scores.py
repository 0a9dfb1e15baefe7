"""GET /api/v1/scores: who reads what with which token, and the figures recomputed from the
CSV export (analysis.score per unit, Benjamini-Hochberg by statsmodels), as the pages show."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sqlalchemy as sa
from statsmodels.stats.multitest import multipletests

from surveyapp.extensions import db
from surveyapp.models import Unit, User
from surveyapp.services import api_tokens
from surveyapp.services.accounts import create_user
from surveyapp.services.audit import Actor
from surveyapp.services.staff import set_active
from tests.console_data import (
    PASSWORD,
    expected_from_export,
    export,
    login,
    vietnamese_percent,
)

SCORES = "/api/v1/scores"
COMMUNES = {"own": "Phường Đức Xuân", "other": "Xã Chợ Rã"}  # "sup" supervises the first
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "pvalue")


def _commune(name: str) -> Unit:
    query = sa.select(Unit).where(Unit.name.like(f"{name}%"), Unit.type_code == "commune")
    return db.session.scalar(query)


def _user(username: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == username))


def _token_of(role: str) -> str | None:
    """A bearer token as each kind of caller holds it (None: no token at all)."""
    if role == "anonymous":
        return None
    if role == "admin":
        create_user("admin", PASSWORD, "admin", "Quản trị")
        db.session.commit()
    username = {"supervisor": "sup", "deactivated": "sup", "revoked": "reviewer"}.get(role, role)
    token, secret = api_tokens.create_token(Actor.command("test"), _user(username), "test")
    if role == "revoked":
        api_tokens.revoke_token(Actor.command("test"), token)
    if role == "deactivated":
        set_active(Actor.command("test"), _user(username), False)
    return secret


def _get(api, token: str | None, **query):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api("get", SCORES, query_string=query, headers=headers)


ACCESS = {  # role: (status for its own unit, status for another unit)
    "admin": (200, 200),
    "reviewer": (200, 200),
    "supervisor": (200, 404),
    "anonymous": (401, 401),
    "revoked": (401, 401),
    "deactivated": (401, 401),
}


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", list(ACCESS))
def test_each_role_reads_exactly_the_units_it_may_see(api, console_province, role, which):
    unit = _commune(COMMUNES[which])
    hidden = _commune(COMMUNES["other" if which == "own" else "own"])
    response = _get(api, _token_of(role), unit=unit.code, period="2026-Q3")
    expected = ACCESS[role][0 if which == "own" else 1]
    assert response.status_code == expected and response.is_json
    text = response.get_data(as_text=True)
    assert hidden.name not in text  # nothing of a unit that was not asked for
    if expected == 200:
        rows = response.get_json()["rows"]
        assert rows and {row["unit_code"] for row in rows} == {unit.code}
    else:
        assert unit.name not in text and "rows" not in response.get_json()
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("role", "seen"),
    [("admin", {"own", "other"}), ("reviewer", {"own", "other"}), ("supervisor", {"own"})],
)
def test_by_default_each_account_reads_the_units_it_reports_on(api, console_province, role, seen):
    response = _get(api, _token_of(role), period="2026-Q3")
    assert response.status_code == 200
    codes = {row["unit_code"] for row in response.get_json()["rows"]}
    assert codes == {_commune(COMMUNES[which]).code for which in seen}


@pytest.mark.parametrize("role", ["anonymous", "revoked", "deactivated"])
def test_without_a_valid_token_the_default_listing_is_401_too(api, console_province, role):
    response = _get(api, _token_of(role), period="2026-Q3")
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"
    assert "Xã" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "header", ["Basic cmV2aWV3ZXI6eA==", "Bearer", "Bearer sipas_" + "A" * 43, "sipas_x"]
)
def test_a_malformed_or_unknown_authorization_is_401(api, console_province, header):
    response = api("get", SCORES, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_supervisor_reads_a_unit_below_their_own_with_its_own_family(api, console_province):
    centre = _commune(COMMUNES["own"]).children[0]
    response = _get(api, _token_of("supervisor"), unit=centre.code, period="2026-Q3")
    rows = response.get_json()["rows"]
    assert response.status_code == 200 and rows
    assert {(row["unit_code"], row["bh_family"]) for row in rows} == {(centre.code, "unit")}


def test_an_unknown_unit_is_404_json(api, console_province):
    response = _get(api, _token_of("reviewer"), unit="NO-SUCH-UNIT")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "2026-13"}, "period"),
        ({"period": "2026-Q5"}, "period"),
        ({"period": "last year"}, "period"),
        ({"period": "2026-06..2026-01"}, "period"),
        ({"period": "0000"}, "period"),
        ({"period": ""}, "period"),
        ({"period": " 2026-07"}, "period"),
        ({"level": ""}, "level"),
        ({"level": "domain"}, "level"),
        ({"level": "all"}, "level"),
    ],
)
def test_a_bad_period_or_level_is_a_400_problem(api, console_province, query, field):
    response = _get(api, _token_of("reviewer"), **query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid"
    assert [problem["field"] for problem in body["problems"]] == [field]
    assert body["problems"][0]["code"] == f"bad_{field}" and body["problems"][0]["message"]


def test_a_bad_period_and_level_are_both_named(api, console_province):
    response = _get(api, _token_of("reviewer"), period="2026-00", level="x")
    assert [p["field"] for p in response.get_json()["problems"]] == ["period", "level"]


@pytest.mark.parametrize("level", ["criterion", "component", "overall"])
def test_level_keeps_only_that_level(api, console_province, level):
    response = _get(api, _token_of("reviewer"), period="2026-Q3", level=level)
    assert {row["level"] for row in response.get_json()["rows"]} == {level}


def test_an_index_with_too_few_answers_has_its_n_and_no_estimate(api, console_province):
    unit = _commune(COMMUNES["other"])  # 12 responses of its predecessor in June 2025
    response = _get(api, _token_of("reviewer"), unit=unit.code, period="2025-06")
    rows = response.get_json()["rows"]
    overall = next(row for row in rows if row["level"] == "overall")
    assert overall["n"] == 12 and overall["status"] == "insufficient"
    assert all(row[name] is None for row in rows for name in NUMBERS + ("qvalue",))
    assert {row["status"] for row in rows} == {"insufficient"}


def _expected_by_unit(runner, tmp_path) -> dict[str, dict[tuple[str, str], dict]]:
    """analysis.score on each commune's exported responses of 2026-Q3."""
    exported = export(runner, tmp_path)
    expected = {}
    for which, name in COMMUNES.items():
        commune = _commune(name)
        codes = {commune.code} | {child.code for child in commune.children}
        rows = [row for row in exported if row["unit_code"] in codes]
        table, count = expected_from_export(rows, ("2026-07", "2026-09"))
        assert count == {"own": 45, "other": 40}[which]
        expected[commune.code] = {(r["level"], r["code"]): r for r in table.rows()}
    return expected


def _independent_statuses(expected: dict) -> dict[tuple[str, str, str], tuple[float, str]]:
    """q-value and status of every cell: BH (statsmodels) over all unit x cell of one level,
    then the rule of SIPAS.md (n < 30 insufficient; >= 80% meets; q < 5% significantly)."""
    found = {}
    for level in ("criterion", "component", "overall"):
        cells = [
            (unit, key, row)
            for unit, rows in expected.items()
            for key, row in rows.items()
            if key[0] == level and not np.isnan(row["pvalue"])
        ]
        qvalues = multipletests([row["pvalue"] for _, _, row in cells], method="fdr_bh")[1]
        for (unit, key, row), q in zip(cells, qvalues, strict=True):
            if row["n"] < 30:
                status = "insufficient"
            elif row["estimate"] >= 0.8:
                status = "meets"
            else:
                status = "significantly_below" if q < 0.05 else "below"
            found[(unit, *key)] = (q, status)
    return found


def test_the_figures_equal_score_on_the_exported_responses(api, runner, console_province, tmp_path):
    expected = _expected_by_unit(runner, tmp_path)
    statuses = _independent_statuses(expected)
    rows = _get(api, _token_of("reviewer"), period="2026-Q3").get_json()["rows"]
    assert len(rows) == sum(len(unit_rows) for unit_rows in expected.values())
    for row in rows:
        wanted = expected[row["unit_code"]][(row["level"], row["code"])]
        assert row["n"] == wanted["n"]
        assert [row[name] for name in NUMBERS] == pytest.approx([wanted[n] for n in NUMBERS])
        qvalue, status = statuses[(row["unit_code"], row["level"], row["code"])]
        assert row["qvalue"] == pytest.approx(qvalue) and row["status"] == status
        assert row["bh_family"] == "province_units" and row["period"] == "2026-Q3"
    assert "significantly_below" in {row["status"] for row in rows}  # the family matters


def _province_page_cells(html: str) -> dict[tuple[str, str], tuple[str | None, int, str]]:
    """(unit name, code) -> (percentage shown, n, status) from the page's units table."""
    table = html.split('class="figures units"', 1)[1].split("</table>", 1)[0]
    codes = re.findall(r"<abbr[^>]*>([^<]+)</abbr>", table)
    found = {}
    for name, cells in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        for code, cell in zip(
            ["overall", *codes], re.findall(r"<td.*?</td>", cells, re.S), strict=True
        ):
            percent = re.search(r"<strong>([\d,]+%)</strong>", cell)
            n = int(re.search(r"n&nbsp;=&nbsp;([\d.]+)", cell)[1].replace(".", ""))
            status = re.search(r"(?:cell|badge) st-(\w+)", cell)[1]
            found[(name, code)] = (percent[1] if percent else None, n, status)
    return found


@pytest.mark.parametrize("period", ["2026-Q3", "2026-08"])
def test_the_rows_are_the_cells_of_the_province_page(api, client, console_province, period):
    rows = _get(api, _token_of("reviewer"), period=period).get_json()["rows"]
    login(client, "reviewer")
    html = client.get(f"/console/province?period={period}&compare=none").get_data(as_text=True)
    shown = _province_page_cells(html)
    composite = [row for row in rows if row["level"] in ("component", "overall")]
    assert len(composite) == len(shown) == 12
    for row in composite:
        percent = vietnamese_percent(row["estimate"]) if row["estimate"] is not None else None
        assert shown[(row["unit_name"], row["code"])] == (percent, row["n"], row["status"])


def test_a_supervisor_reads_the_same_figures_as_the_reviewer(api, console_province):
    unit = _commune(COMMUNES["own"]).code
    reviewer = _get(api, _token_of("reviewer"), unit=unit, period="2026-Q3").get_json()
    supervisor = _get(api, _token_of("supervisor"), unit=unit, period="2026-Q3").get_json()
    assert supervisor == reviewer
