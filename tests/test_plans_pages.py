"""Plan pages: open from a flag, forms with CSRF and Vietnamese errors, who sees what, the
reviewer's lists and their XLSX, the links from the console and the staff header."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Plan
from surveyapp.services import plan_lists, plans
from surveyapp.services.periods import parse
from tests import plan_data
from tests.plan_data import BASELINE, EVALUATION, Counts

TODAY = date(2026, 12, 1)


@pytest.fixture
def province(app):
    return plan_data.build(Counts((24, 40), (34, 40)), Counts((30, 40), (30, 40)))


def _open(client, province, **changes):
    unit = province["units"]["A"]
    data = {
        "unit_id": unit.id, "component": "SVC.3", "period": BASELINE, "goal": "SVC.3 ≥ 80%",
        "baseline_period": BASELINE, "evaluation_period": EVALUATION,
    } | changes  # fmt: skip
    return client.post("/plans/new", data=data)


def _plan() -> Plan:
    return db.session.scalars(sa.select(Plan)).one()


def test_a_supervisor_opens_a_plan_from_the_unit_page(client, province):
    unit = province["units"]["A"]
    plan_data.login(client, "sup_a")
    page = client.get(f"/console/units/{unit.id}?period={BASELINE}&compare=none").get_data(True)
    link = f"/plans/new?unit_id={unit.id}&amp;component=SVC.3&amp;period={BASELINE}"
    assert link in page and "Kế hoạch cải thiện" in page  # the row link, the header link
    form = client.get(link.replace("&amp;", "&")).get_data(True)
    assert "60,0%" in form and "n&nbsp;=&nbsp;40" in form and "Chờ đợi quá lâu." in form
    response = _open(client, province)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{_plan().id}")
    assert "Bản nháp" in client.get(response.headers["Location"]).get_data(True)


def test_a_refused_form_is_shown_in_vietnamese_and_kept(client, province):
    plan_data.login(client, "sup_a")
    response = _open(client, province, evaluation_period="2025-Q4", goal="Mục tiêu giữ lại")
    html = response.get_data(True)
    assert response.status_code == 400
    assert "Kỳ đánh giá phải bắt đầu sau kỳ gốc." in html and "Mục tiêu giữ lại" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 0


def test_returning_without_a_comment_is_refused_on_the_page(client, province):
    plan_data.login(client, "sup_a")
    _open(client, province)
    plan = _plan()
    client.post(f"/plans/{plan.id}/actions", data={"description": "Tập huấn",
                "owner": "Chủ tịch", "due_on": "01/05/2026"})  # fmt: skip
    assert client.post(f"/plans/{plan.id}/submit").status_code == 303
    plan_data.login(client, "reviewer")
    response = client.post(f"/plans/{plan.id}/return", data={"comment": ""})
    assert response.status_code == 400 and "Hãy nêu lý do trả lại." in response.get_data(True)
    db.session.expire_all()
    assert _plan().status == "submitted"
    assert client.post(f"/plans/{plan.id}/approve").status_code == 303
    db.session.expire_all()
    assert _plan().status == "approved"


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("sup_b", "/plans/{id}", 404),  # another unit's plan does not exist for them
        ("sup_b", "/plans/{id}/submit", 404),
        ("reviewer", "/plans/{id}/submit", 403),
        ("sup_a", "/plans/{id}/approve", 403),
        ("admin", "/plans/{id}/approve", 403),
        ("reviewer", "/plans/{id}", 200),
        ("sup_a", "/plans/{id}", 200),
    ],
)
def test_who_reaches_a_plan(client, province, who, path, status):
    plan = plans.open_plan(plan_data.user("sup_a"), province["units"]["A"], "SVC.3", BASELINE,
                           "x", BASELINE, EVALUATION)  # fmt: skip
    plan_data.login(client, who)
    url = path.format(id=plan.id)
    response = client.get(url) if status == 200 or url.endswith(str(plan.id)) else client.post(url)
    assert response.status_code == status


def test_forms_need_their_csrf_token(app, client, province):
    plan_data.login(client, "sup_a")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _open(client, province)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 0


def _reviewer_setup(province) -> Plan:
    plan = plans.open_plan(plan_data.user("sup_a"), province["units"]["A"], "SVC.3", BASELINE,
                           "SVC.3 ≥ 80%", BASELINE, EVALUATION)  # fmt: skip
    plans.add_action(plan_data.user("sup_a"), plan, "Tập huấn", "Chủ tịch", date(2026, 5, 1))
    plans.add_action(plan_data.user("sup_a"), plan, "Niêm yết", "Văn phòng", date(2027, 5, 1))
    return plan


def test_flags_without_a_plan(province):
    flags = plan_lists.province_flags(province["province"], parse(BASELINE))
    expected = {(province["units"]["A"].id, f"SVC.{i}") for i in range(1, 6)}
    assert {(f.unit_id, f.component) for f in flags} == expected  # B and C: not significant
    _reviewer_setup(province)
    flags = plan_lists.province_flags(province["province"], parse(BASELINE))
    assert {(f.unit_id, f.component) for f in flags} == expected - {
        (province["units"]["A"].id, "SVC.3")
    }


def test_reviewer_lists_and_their_xlsx(client, province):
    plan = _reviewer_setup(province)
    reviewer = plan_data.user("reviewer")
    assert [a.description for a in plan_lists.overdue_actions(reviewer, TODAY)] == ["Tập huấn"]
    assert plan_lists.plans(reviewer, plan_lists.PlanFilter(status="submitted")) == []
    assert plan_lists.plans(reviewer, plan_lists.PlanFilter(component="SVC.3")) == [plan]
    assert plan_lists.plans(plan_data.user("sup_b")) == []
    plan_data.login(client, "reviewer")
    html = client.get(f"/plans/?period={BASELINE}").get_data(True)
    assert "Tập huấn" in html and "Hành động quá hạn" in html and "SVC.1" in html
    response = client.get(f"/plans/export.xlsx?period={BASELINE}")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["plans", "actions", "overdue", "flags_without_plan", "verdicts"]
    plans_sheet = list(book["plans"].values)
    assert plans_sheet[1][:5] == (plan.id, plan.unit.code, plan.unit.name, "SVC.3", "draft")
    assert plans_sheet[1][7] == pytest.approx(0.6)
    overdue = list(book["overdue"].values)
    assert len(overdue) == 2 and overdue[1][4] == "Tập huấn" and overdue[1][8] == "yes"
    flags = {row[2] for row in list(book["flags_without_plan"].values)[1:]}
    assert flags == {"SVC.1", "SVC.2", "SVC.4", "SVC.5"}


def test_evaluated_plan_shows_both_figures_on_the_plan_and_the_province(client, province):
    plan = _reviewer_setup(province)
    for who, step in (("sup_a", "submit"), ("reviewer", "approve"), ("sup_a", "start"),
                      ("sup_a", "complete"), ("reviewer", "evaluate")):  # fmt: skip
        plans.move(plan_data.user(who), plan, step, TODAY)
    plan_data.login(client, "reviewer")
    html = client.get(f"/plans/{plan.id}").get_data(True)
    assert "Cải thiện có ý nghĩa thống kê" in html
    assert "+25,0" in html and "Chênh lệch kép" in html  # the unit's change and the DiD
    overview = client.get(f"/console/province?period={EVALUATION}").get_data(True)
    assert "Kế hoạch cải thiện đã đánh giá" in overview and f"/plans/{plan.id}" in overview
    assert "/static/plans.css" in overview  # the verdict badges' colours
    records = db.session.scalars(sa.select(AuditRecord.action).where(
        AuditRecord.target_type == "plans")).all()  # fmt: skip
    assert records.count("plan.evaluate") == 1


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"period": "not-a-period"}, 400, None),
        ({"unit_id": "x"}, 404, None),
        ({"evaluation_period": "Q5"}, 400, "Ghi kỳ theo dạng 2026-07"),
        ({"goal": ""}, 400, None),
        ({"component": "SVC.9"}, 404, None),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(client, province, changes, status, message):
    plan_data.login(client, "sup_a")
    response = _open(client, province, **changes)
    assert response.status_code == status
    if message:
        assert message in response.get_data(True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 0


def _new_plan_link(unit_id: int, component: str) -> str:
    return f"/plans/new?unit_id={unit_id}&amp;component={component}&amp;period={BASELINE}"


def test_the_unit_page_links_to_the_plan_a_component_already_has(client, province):
    unit = province["units"]["A"]
    plan_data.login(client, "sup_a")
    page = f"/console/units/{unit.id}?period={BASELINE}&compare=none"
    assert _new_plan_link(unit.id, "SVC.3") in client.get(page).get_data(True)
    plan = _reviewer_setup(province)
    html = client.get(page).get_data(True)
    assert _new_plan_link(unit.id, "SVC.3") not in html
    assert f'href="/plans/{plan.id}">Kế hoạch: Bản nháp</a>' in html
    assert _new_plan_link(unit.id, "SVC.1") in html  # the other components have none yet
    plan_data.login(client, "reviewer")  # who may not open plans still finds this one
    assert f'href="/plans/{plan.id}">Kế hoạch: Bản nháp</a>' in client.get(page).get_data(True)


def test_an_evaluated_plan_still_stands_for_the_period_it_was_opened_from(client, province):
    plan = _reviewer_setup(province)
    for who, step in (("sup_a", "submit"), ("reviewer", "approve"), ("sup_a", "start"),
                      ("sup_a", "complete"), ("reviewer", "evaluate")):  # fmt: skip
        plans.move(plan_data.user(who), plan, step, TODAY)
    unit = province["units"]["A"]
    flags = plan_lists.own_flags(plan_data.user("sup_a"), parse(BASELINE))
    assert {f.component for f in flags} == {"SVC.1", "SVC.2", "SVC.4", "SVC.5"}
    plan_data.login(client, "sup_a")
    listed = client.get(f"/plans/?period={BASELINE}").get_data(True)
    assert _new_plan_link(unit.id, "SVC.1") in listed
    assert _new_plan_link(unit.id, "SVC.3") not in listed
    page = client.get(f"/console/units/{unit.id}?period={BASELINE}&compare=none").get_data(True)
    assert f'href="/plans/{plan.id}">Kế hoạch: Đã đánh giá</a>' in page
    assert _new_plan_link(unit.id, "SVC.3") not in page
    # Opened from another period, an evaluated plan leaves room for a new one.
    later = plan_lists.own_flags(plan_data.user("sup_a"), parse("2026-01..2026-06"))
    assert "SVC.3" in {f.component for f in later}
