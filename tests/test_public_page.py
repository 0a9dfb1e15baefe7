"""The public page "Người dân góp ý – chúng tôi đã làm": off by default, turned on by an
administrator (audited), the console's own figures, small numbers hidden, approved plans only,
no comment, desk or staff name, cacheable."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
import sqlalchemy as sa
from scipy.stats import norm

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Plan, Unit
from surveyapp.services import plans, public_page, units
from surveyapp.services.audit import Actor
from tests import plan_data
from tests.plan_data import BASELINE, EVALUATION, Counts

TODAY = date(2026, 12, 1)
FIGURE = re.compile(r"<strong>[\d,]+%</strong> <small>\(n&nbsp;=&nbsp;[\d.]+; [\d,]+%–[\d,]+%\)")


@pytest.fixture
def province(app):
    return plan_data.build(Counts((24, 40), (34, 40)), Counts((30, 40), (30, 40)))


@pytest.fixture
def unit_a(province) -> Unit:
    unit = province["units"]["A"]
    public_page.set_public_page(Actor.command("test"), unit, True)
    return unit


def _page(client, unit: Unit, query: str = "") -> str:
    response = client.get(f"/cong-khai/{unit.code}{query}")
    assert response.status_code == 200
    return response.get_data(True)


def _percent(value: float) -> str:
    return f"{100 * value:.1f}".replace(".", ",") + "%"


def test_the_page_is_off_by_default_and_unknown_codes_are_404(client, province):
    unit = province["units"]["B"]
    assert unit.public_page is False
    assert client.get(f"/cong-khai/{unit.code}").status_code == 404
    assert client.get("/cong-khai/NO.SUCH.UNIT").status_code == 404
    public_page.set_public_page(Actor.command("test"), unit, True)
    assert client.get(f"/cong-khai/{unit.code}").status_code == 200
    public_page.set_public_page(Actor.command("test"), unit, False)
    assert client.get(f"/cong-khai/{unit.code}").status_code == 404


def test_indices_are_the_consoles_and_match_the_formula(client, unit_a):
    html = _page(client, unit_a, f"?period={EVALUATION}")
    assert "Người dân góp ý – chúng tôi đã làm" in html
    assert [label in html for label in ("Quý 4/2025", "Quý 1/2026", "Quý 2/2026", "Quý 3/2026")]
    # Every respondent gives every criterion the same rating: each index is k / n with
    # se = sqrt(p (1 - p) / (n - 1)), the interval p ± z se.
    z = norm.ppf(0.975)
    for k in (24, 34):
        p = k / 40
        half = z * math.sqrt(p * (1 - p) / 39)
        expected = f"<strong>{_percent(p)}</strong> <small>(n&nbsp;=&nbsp;40; "
        expected += f"{_percent(p - half)}–{_percent(p + half)})</small>"
        assert html.count(expected) == 6  # overall and the five components
    plan_data.login(client, "reviewer")
    for period in (BASELINE, EVALUATION):
        console = client.get(f"/console/units/{unit_a.id}?period={period}&compare=none")
        shown = console.get_data(True).split("<h2>", 3)[1]  # the table of components
        figures = FIGURE.findall(shown)
        assert len(figures) == 6 and all(figure in html for figure in figures)
    assert html.count("Dưới mục tiêu có ý nghĩa") == 6 and html.count("Đạt mục tiêu") >= 6


def test_a_small_cell_is_hidden_as_on_the_dashboards(client, unit_a):
    # Monthly periods: July has 14 of the unit's 40 answers (12 satisfied: 85,7%), August and
    # September 13 (11: 84,6%), fewer than MIN_VALID_ANSWERS (30).
    html = _page(client, unit_a, "?period=2026-09")
    assert "Tháng 6/2026" in html and "Tháng 9/2026" in html
    assert "85,7%" not in html and "84,6%" not in html
    assert "chưa đủ dữ liệu</span> <small>(n&nbsp;=&nbsp;14)" in html
    plan_data.login(client, "reviewer")
    console = client.get(f"/console/units/{unit_a.id}?period=2026-07&compare=none")
    assert "chưa đủ dữ liệu</span> <small>(n&nbsp;=&nbsp;14)" in console.get_data(True)


def _plan(unit: Unit, component: str, steps: tuple[str, ...], action: str, owner: str) -> Plan:
    author, reviewer = plan_data.user("sup_a"), plan_data.user("reviewer")
    plan = plans.open_plan(author, unit, component, BASELINE, f"{component} ≥ 80%", BASELINE,
                           EVALUATION)  # fmt: skip
    plans.add_action(author, plan, action, owner, date(2026, 5, 1))
    for step in steps:
        who = reviewer if step in ("approve", "return", "evaluate") else author
        plans.move(who, plan, step, TODAY, "Ghi chú riêng của Sở" if step == "return" else "")
    return plan


def test_only_approved_plans_and_later_are_shown_without_names(client, unit_a, province):
    progress = ("submit", "approve", "start")
    evaluated = progress + ("complete", "evaluate")
    _plan(unit_a, "SVC.1", (), "Hành động bản nháp", "Trưởng phòng")
    _plan(unit_a, "SVC.2", ("submit",), "Hành động chờ duyệt", "Trưởng phòng")
    _plan(unit_a, "SVC.4", ("submit", "return"), "Hành động bị trả lại", "Trưởng phòng")
    _plan(unit_a, "SVC.3", progress, "Tập huấn giao tiếp", "Ông Nguyễn Văn Hùng")
    _plan(unit_a, "SVC.5", evaluated, "Công khai đường dây nóng", "Bà Trần Thị Lan")
    html = _page(client, unit_a, f"?period={EVALUATION}")
    assert "Tập huấn giao tiếp" in html and "Công khai đường dây nóng" in html
    assert "Đang thực hiện" in html and "quá hạn" in html  # due 01/05/2026, not done
    assert "Cải thiện có ý nghĩa thống kê" in html  # the verdict of the evaluated plan
    for hidden in ("Hành động bản nháp", "Hành động chờ duyệt", "Hành động bị trả lại",
                   "Ghi chú riêng của Sở", "Nguyễn Văn Hùng", "Trần Thị Lan"):  # fmt: skip
        assert hidden not in html
    desk = unit_a.children[0].desks[0]
    staff = [u.full_name for u in province["users"].values()] + list(province["users"])
    for hidden in [desk.name, desk.code, unit_a.children[0].name, "Chờ đợi quá lâu.", *staff]:
        assert hidden not in html  # no desk, no unit below, no comment, no staff member


def test_plans_of_another_unit_are_not_shown(client, unit_a, province):
    other = province["units"]["B"]  # 75% in the baseline: below the target
    plans_b = plans.open_plan(plan_data.user("admin"), other, "SVC.3", BASELINE, "x", BASELINE,
                              EVALUATION)  # fmt: skip
    plans.add_action(plan_data.user("admin"), plans_b, "Hành động của xã B", "y", TODAY)
    plans.move(plan_data.user("admin"), plans_b, "submit", TODAY)
    plans.move(plan_data.user("reviewer"), plans_b, "approve", TODAY)
    html = _page(client, unit_a)
    assert "Chưa có kế hoạch cải thiện nào được phê duyệt." in html
    assert "Hành động của xã B" not in html


def test_the_page_is_cacheable_and_has_an_english_version(client, unit_a):
    response = client.get(f"/cong-khai/{unit_a.code}?period={EVALUATION}")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in response.headers["Vary"] and "Set-Cookie" not in response.headers
    again = client.get(
        f"/cong-khai/{unit_a.code}?period={EVALUATION}",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    english = client.get(f"/cong-khai/{unit_a.code}?period={EVALUATION}&lang=en")
    assert english.headers["Cache-Control"] == "private, max-age=300"
    assert "Citizens’ feedback – what we did" in english.get_data(True)
    assert "<script" not in english.get_data(True)


@pytest.mark.parametrize("period", ["2026-01..2026-06", "2026-Q5", "tuần 3"])
def test_a_bad_period_is_a_400(client, unit_a, period):
    assert client.get(f"/cong-khai/{unit_a.code}?period={period}").status_code == 400


def test_a_closed_unit_keeps_its_page_up_to_its_closing_but_cannot_be_turned_on(
    client, unit_a, province
):
    units.close_unit(Actor.command("test"), unit_a, date(2026, 7, 1))
    html = _page(client, unit_a)
    assert "Quý 3/2025" in html and "Quý 2/2026" in html and "Quý 3/2026" not in html
    other = province["units"]["B"]
    units.close_unit(Actor.command("test"), other, date(2026, 7, 1))
    with pytest.raises(units.OrgError, match="is closed"):
        public_page.set_public_page(Actor.command("test"), other, True)
    assert client.get(f"/cong-khai/{other.code}").status_code == 404


def _audit() -> list[AuditRecord]:
    query = sa.select(AuditRecord).where(AuditRecord.action == "unit.public_page")
    return list(db.session.scalars(query.order_by(AuditRecord.id)))


def test_an_administrator_turns_it_on_and_off_with_an_audit_record(client, province):
    unit = province["units"]["B"]
    plan_data.login(client, "admin")
    admin_page = client.get(f"/admin/units/{unit.id}").get_data(True)
    assert "Bật trang công khai" in admin_page
    url = f"/admin/units/{unit.id}/public-page"
    assert client.post(url, data={"public-enabled": "on"}).status_code == 303
    assert client.post(url, data={"public-enabled": "on"}).status_code == 303  # no change
    assert client.get(f"/cong-khai/{unit.code}").status_code == 200
    assert f'href="/cong-khai/{unit.code}"' in client.get(f"/admin/units/{unit.id}").get_data(True)
    assert client.post(url, data={"public-enabled": "off"}).status_code == 303
    assert client.get(f"/cong-khai/{unit.code}").status_code == 404
    records = _audit()
    assert [(r.actor, r.before, r.after) for r in records] == [
        ("admin", {"public_page": False}, {"public_page": True}),
        ("admin", {"public_page": True}, {"public_page": False}),
    ]
    assert client.post(url, data={"public-enabled": "yes"}).status_code == 400


@pytest.mark.parametrize(("who", "status"), [("sup_a", 403), ("reviewer", 403), ("sup_b", 404)])
def test_only_administrators_may_turn_it_on(client, province, who, status):
    unit = province["units"]["A"]
    plan_data.login(client, who)
    response = client.post(f"/admin/units/{unit.id}/public-page", data={"public-enabled": "on"})
    assert response.status_code == status
    db.session.expire_all()
    assert unit.public_page is False and _audit() == []
    assert client.get(f"/cong-khai/{unit.code}").status_code == 404
