"""seed-demo: the new Thái Nguyên after the reform of 1 July 2025, with its history inside."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from surveyapp.demo.warnings import DESK
from surveyapp.extensions import db
from surveyapp.models import (
    Answer,
    AuditRecord,
    Desk,
    DeskChart,
    EarlyWarning,
    Notice,
    Response,
    Unit,
    UnitLineage,
    User,
)
from surveyapp.services import lineage, permissions
from surveyapp.services.sign_in import authenticate
from tests.conftest import make_app

REFORM = date(2025, 7, 1)
REFORM_UTC = datetime(2025, 6, 30, 17, 0)  # midnight of 1 July 2025 in Hà Nội, as naive UTC


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One seeded database for the module, seeded through the command as `make demo` does."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        yield result.output
        db.session.remove()
        db.engine.dispose()


def _unit(name: str, *, open_: bool) -> Unit:
    closed = Unit.closed_on.is_(None) if open_ else Unit.closed_on.is_not(None)
    return db.session.scalars(sa.select(Unit).where(Unit.name == name, closed)).one()


def _open_units() -> list[Unit]:
    return list(db.session.scalars(sa.select(Unit).where(Unit.closed_on.is_(None))))


def test_demo_is_the_new_thai_nguyen(demo):
    province = _unit("Tỉnh Thái Nguyên", open_=True)
    assert (province.type_code, province.official_code, province.valid_from) == (
        "province",
        "19",
        REFORM,
    )
    units = _open_units()
    types = defaultdict(list)
    for unit in units:
        types[unit.type_code].append(unit)
        assert unit.valid_from == REFORM
    assert set(types) == {
        "province",
        "provincial_centre",
        "centre_branch",
        "agency",
        "commune",
        "commune_centre",
        "reception_point",
    }
    assert 13 <= len(types["commune"]) <= 18
    assert {"Phường Phan Đình Phùng", "Phường Đức Xuân", "Xã Ba Bể"} <= {
        u.name for u in types["commune"]
    }
    for commune in types["commune"]:
        assert commune.parent_id == province.id and commune.official_code is None
        (centre,) = [c for c in commune.children if c.type_code == "commune_centre"]
        assert centre.name.startswith("Trung tâm Phục vụ hành chính công ") and centre.desks
    active = db.session.scalars(sa.select(Desk).where(Desk.active.is_(True))).all()
    assert 35 <= len(active) <= 45
    assert all(desk.unit.closed_on is None for desk in active)


def test_demo_former_units_close_on_the_reform_day(demo):
    former = db.session.scalars(sa.select(Unit).where(Unit.closed_on.is_not(None))).all()
    assert {u.closed_on for u in former} == {REFORM}
    provinces = {(u.name, u.official_code) for u in former if u.type_code == "province"}
    assert provinces == {("Tỉnh Thái Nguyên", "19"), ("Tỉnh Bắc Kạn", "06")}
    districts = {u.name for u in former if u.type_code == "former_district"}
    assert {
        "Thành phố Bắc Kạn",
        "Huyện Ba Bể",
        "Huyện Chợ Đồn",
        "Thành phố Thái Nguyên",
    } <= districts
    assert not [d for u in former for d in u.desks if d.active]


def test_demo_responses_span_18_months_across_the_reform(demo):
    rows = db.session.execute(
        sa.select(Response.submitted_at, Unit.closed_on, Desk.unit_id, Response.unit_id)
        .join(Unit, Unit.id == Response.unit_id)
        .join(Desk, Desk.id == Response.desk_id)
    ).all()
    assert 30_000 <= len(rows) <= 45_000
    months = sorted({(when.year, when.month) for when, *_ in rows})
    assert len(months) == 18 and months[0] == (2025, 6) and months[-1] == (2026, 11)
    assert all(desk_unit == unit for _, _, desk_unit, unit in rows)
    before = [closed for when, closed, *_ in rows if when < REFORM_UTC]
    after = [closed for when, closed, *_ in rows if when >= REFORM_UTC]
    assert before and set(before) == {REFORM}  # only at desks of units closed by the reform
    assert after and set(after) == {None}  # only at desks of units open since


def test_demo_lineage_shows_the_former_units(demo):
    province = _unit("Tỉnh Thái Nguyên", open_=True)
    merged = {(p.unit.name, p.unit.type_code, p.basis) for p in lineage.predecessors(province)}
    assert ("Tỉnh Thái Nguyên", "province", "Nghị quyết 202/2025/QH15") in merged
    assert ("Tỉnh Bắc Kạn", "province", "Nghị quyết 202/2025/QH15") in merged
    ward = _unit("Phường Đức Xuân", open_=True)
    former = [p.unit for p in lineage.predecessors(ward)]
    assert len(former) >= 2 and all(u.closed_on == REFORM for u in former)
    assert "Phường Đức Xuân" in {u.name for u in former}
    assert {u.parent.name for u in former} == {"Thành phố Bắc Kạn"}
    assert lineage.series_breaks(ward) == [REFORM]


def test_demo_split_unit_is_a_closed_series(demo):
    splits = [u for u in db.session.scalars(sa.select(Unit)) if lineage.split_of(u)]
    assert splits
    for unit in splits:
        split = lineage.split_of(unit)
        assert len(split.successors) >= 2 and split.effective_on == REFORM
        for successor in split.successors:
            assert unit.id not in lineage.history_unit_ids(successor)
        count = sa.select(sa.func.count()).where(Response.unit_id == unit.id)
        assert db.session.scalar(count) > 0


def test_demo_reorganisation_is_in_the_audit_trail(demo):
    actions = defaultdict(int)
    for record in db.session.scalars(
        sa.select(AuditRecord).where(AuditRecord.actor == "command:seed-demo")
    ):
        actions[record.action] += 1
    edges = db.session.scalar(sa.select(sa.func.count()).select_from(UnitLineage))
    closed = db.session.scalar(sa.select(sa.func.count()).where(Unit.closed_on.is_not(None)))
    assert actions["lineage.add"] == edges > 0
    assert actions["unit.merge"] + actions["unit.split"] + actions["unit.close"] == closed
    assert actions["unit.split"] >= 1 and actions["user.create"] >= 4


def _history(unit: Unit) -> set[int]:
    """A new desk-holding unit and the former units whose ratings continue its series."""
    owner = unit.parent if unit.type_code == "commune_centre" else unit
    return {unit.id} | {p.unit.id for p in lineage.predecessors(owner)}


def _shares(unit_ids: set[int]) -> dict[str, tuple[float, float, float]]:
    """Share of ratings >= 4 per component: first three months, last three, all 18."""
    component = sa.func.substr(Answer.criterion, 1, 5)
    rows = db.session.execute(
        sa.select(component, Response.submitted_at, Answer.rating)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.unit_id.in_(unit_ids), Answer.rating.is_not(None))
        .where(Answer.criterion.like("SVC.%"))
    ).all()
    tally: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for code, when, rating in rows:
        month = (when.year - 2025) * 12 + when.month - 6  # 0 is June 2025 (UTC is fine: 9-17h)
        for slot, inside in enumerate((month < 3, month >= 15, True)):
            if inside:
                tally[code][2 * slot] += rating >= 4
                tally[code][2 * slot + 1] += 1
    return {code: (c[0] / c[1], c[2] / c[3], c[4] / c[5]) for code, c in tally.items()}


def test_demo_tells_a_story_of_weak_and_improving_units(demo):
    hosts = [u for u in _open_units() if u.desks]
    shares = {(u.name, code): s for u in hosts for code, s in _shares(_history(u)).items()}
    assert {key for key, (_, late, _) in shares.items() if late < 0.75}
    assert {key for key, (early, late, _) in shares.items() if late - early > 0.10}
    assert sum(whole >= 0.80 for *_, whole in shares.values()) > len(shares) / 2
    bac_kan = _unit("Tỉnh Bắc Kạn", open_=False)
    weak_in_bac_kan = [
        u
        for u in hosts
        if u.type_code == "commune_centre"
        and max(shares[(u.name, "SVC.3")][1:]) < 0.75  # at the end and over the 18 months
        and any(p.unit.parent.parent_id == bac_kan.id for p in lineage.predecessors(u.parent))
    ]
    assert weak_in_bac_kan  # a commune of the former Bắc Kạn, below on civil servants


def test_demo_has_one_tiny_desk(demo):
    counts = db.session.execute(
        sa.select(Desk.id, sa.func.count(Response.id))
        .join(Response, Response.desk_id == Desk.id)
        .where(Desk.active.is_(True))
        .group_by(Desk.id)
    ).all()
    sizes = sorted(n for _, n in counts)
    assert sizes[0] < 100 <= sizes[1] and sizes[len(sizes) // 2] > 400


def test_demo_supervisor_of_two_units_sees_the_centre_and_its_history(demo):
    from surveyapp.demo.organisation import DEMO_PASSWORD

    user = authenticate("motcua.ducxuan", DEMO_PASSWORD)
    assert user is not None and user.role == "supervisor" and len(user.units) == 2
    visible = permissions.visible_unit_ids(user)
    centre = _unit("Trung tâm Phục vụ hành chính công phường Đức Xuân", open_=True)
    assert {centre.id, _unit("Phường Đức Xuân", open_=False).id} <= visible
    assert _unit("Xã Chợ Đồn", open_=True).id not in visible
    roles = {u.role for u in db.session.scalars(sa.select(User))}
    assert roles == {"admin", "reviewer", "supervisor"}


def test_demo_command_prints_the_logins_units_and_a_desk_link(demo):
    assert "motcua.ducxuan" in demo and "Phường Đức Xuân (cũ)" in demo
    assert "sonoivu" in demo and "admin" in demo
    link = next(line for line in demo.splitlines() if line.startswith("Citizen form of"))
    assert "Thái Nguyên" in link and "/q/" in link


def _share_satisfied(component: str, unit_ids: set[int], first: datetime, end: datetime) -> float:
    """Share of ratings 4-5 among the component's answers of these units, from raw answers."""
    rows = db.session.execute(
        sa.select(Answer.rating)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.unit_id.in_(unit_ids), Answer.rating.is_not(None))
        .where(Answer.criterion.like(f"{component}.%"))
        .where(Response.submitted_at >= first, Response.submitted_at < end)
    ).scalars()
    ratings = list(rows)
    return sum(r >= 4 for r in ratings) / len(ratings)


def _province_units_without(codes: set[str]) -> set[int]:
    """Open desk-holding units of the province outside the reporting units ``codes``."""
    hosts = [u for u in _open_units() if u.desks]

    def reporting(unit: Unit) -> str:
        while unit.parent is not None and unit.parent.type_code != "province":
            unit = unit.parent
        return unit.code

    return {u.id for u in hosts if reporting(u) not in codes}


def test_demo_has_plans_in_every_state_with_their_audit_trail(demo):
    from surveyapp.models import Plan
    from surveyapp.services.plans import history

    found = {(p.unit.code, p.component): p for p in db.session.scalars(sa.select(Plan))}
    assert {p.status for p in found.values()} == {
        "draft", "returned", "in_progress", "completed", "evaluated"
    }  # fmt: skip
    assert any(a.overdue(date(2026, 12, 1)) for a in found[("TN.CD", "SVC.3")].actions)
    for plan in found.values():
        trail = history(plan)
        assert trail[0].action == "plan.open"
        reviewers = {r.actor for r in trail if r.action in ("plan.approve", "plan.return")}
        assert trail[0].actor not in reviewers  # nobody reviews their own plan
    returned = found[("TN.TTPV.BK", "SVC.5")]
    assert returned.review_comment and history(returned)[-1].action == "plan.return"


def test_demo_evaluations_tell_a_real_improvement_from_the_province_trend(demo):
    """Ba Bể's SVC.3 rose while the province's did not: improved. Sở Xây dựng's SVC.2 rose
    significantly, but as much as the whole province's: no significant change."""
    from surveyapp.models import Plan

    plans = {p.unit.code: p for p in db.session.scalars(sa.select(Plan).where(
        Plan.status == "evaluated"))}  # fmt: skip
    ba_be, construction = plans["TN.BB"], plans["TN.SXD"]
    assert (ba_be.evaluation["verdict"], ba_be.evaluation["change_verdict"]) == (
        "improved", "improved"
    )  # fmt: skip
    assert construction.evaluation["change_verdict"] == "improved"
    assert construction.evaluation["verdict"] == "no_significant_change"
    did = construction.evaluation["difference_in_differences"]
    assert did["low"] < 0 < did["high"]
    # The story in the raw answers: baseline Jul-Sep 2025, evaluation Sep-Nov 2026 (UTC).
    baseline = (datetime(2025, 7, 1), datetime(2025, 10, 1))
    evaluation = (datetime(2026, 9, 1), datetime(2026, 12, 1))
    others_svc2 = _province_units_without({"TN.SXD"})
    rise_svc2 = _share_satisfied("SVC.2", others_svc2, *evaluation) - _share_satisfied(
        "SVC.2", others_svc2, *baseline
    )
    others_svc3 = _province_units_without({"TN.BB", "TN.CD"})
    rise_svc3 = _share_satisfied("SVC.3", others_svc3, *evaluation) - _share_satisfied(
        "SVC.3", others_svc3, *baseline
    )
    assert rise_svc2 > 0.08 and abs(rise_svc3) < 0.03


def test_demo_has_call_backs_in_every_state_for_the_supervisors(demo):
    from surveyapp.models import FollowUpCase
    from surveyapp.services import follow_ups

    cases = list(db.session.scalars(sa.select(FollowUpCase)))
    assert {case.status for case in cases} == {"open", "contacted", "resolved"}
    assert all(case.contact is not None for case in cases)
    babe = db.session.scalars(sa.select(User).where(User.username == "motcua.babe")).one()
    mine = follow_ups.cases(babe).items
    assert {case.status for case in mine} == {"open", "contacted", "resolved"}
    assert all(permissions.can(babe, "follow_up_edit", case.unit_id) for case in mine)


def test_demo_public_pages_show_the_consoles_figures_and_only_approved_plans(demo):
    import re

    from flask import current_app

    assert "Public page of Xã Ba Bể:" in demo and "/cong-khai/TN.CD" in demo
    client = current_app.test_client()
    assert client.get("/cong-khai/TN.SXD").status_code == 404  # not turned on
    ba_be = client.get("/cong-khai/TN.BB?period=2026-Q3").get_data(True)
    assert "Cải thiện có ý nghĩa thống kê" in ba_be  # its evaluated plan's verdict
    cho_don = client.get("/cong-khai/TN.CD?period=2026-Q3").get_data(True)
    assert "Khảo sát lại thái độ phục vụ sau tập huấn" in cho_don  # the plan under way
    assert "Công khai số điện thoại đường dây nóng" not in cho_don  # its draft plan
    assert "Phó Chủ tịch UBND xã" not in cho_don  # owners are not shown
    client.post("/auth/login", data={"username": "sonoivu", "password": "demo-2026-tn"})
    unit = _unit("Xã Chợ Đồn", open_=True)
    console = client.get(f"/console/units/{unit.id}?period=2026-Q3&compare=none")
    table = console.get_data(True).split("<h2>", 3)[1]
    figures = re.findall(r"<strong>[\d,]+%</strong> <small>\(n&nbsp;=&nbsp;[\d.]+; [^)]+\)", table)
    assert len(figures) == 6 and all(figure in cho_don for figure in figures)


def test_the_demo_flags_the_desk_with_the_late_drop_and_tells_its_supervisor(demo):
    warnings = db.session.scalars(sa.select(EarlyWarning).join(EarlyWarning.desk)).all()
    assert DESK in [w.desk.code for w in warnings]
    dropped = next(w for w in warnings if w.desk.code == DESK)
    assert dropped.not_satisfied / dropped.responses > 2 * dropped.p0
    told = db.session.scalars(
        sa.select(User.username).join(Notice, Notice.user_id == User.id)
        .where(Notice.warning_id == dropped.id)
    ).all()  # fmt: skip
    assert told == ["chinhanh.backan"]
    plan_units = ("TN.BB", "TN.SXD", "TN.CD", "TN.DX")
    assert not [w for w in warnings if w.desk.code.startswith(plan_units)]
    active = db.session.scalar(sa.select(sa.func.count()).where(Desk.active.is_(True)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeskChart)) == active
