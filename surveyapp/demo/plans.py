"""Demo improvement plans in every state, made through the plan services (with their audit
trail), after the rating cells are built: a newcomer sees the whole cycle.

Two are evaluated on purpose. Xã Ba Bể's SVC.3 rose while the province stayed flat: an
improvement beyond the trend. Sở Xây dựng's SVC.2 rose as much as the whole province's did
(``simulation.PROVINCE_TREND``): its own change is significant, the plan's effect is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Plan, Unit, User
from surveyapp.services import plans

EVALUATION = "2026-09..2026-11"  # the last three months of the demo


@dataclass(frozen=True)
class DemoPlan:
    unit: str
    component: str
    author: str
    flagged: str
    evaluation: str
    goal: str
    actions: tuple[tuple[str, str, date, str], ...]  # description, owner, due, final status
    steps: tuple[str, ...]  # transitions after opening, in order
    comment: str = ""  # the reviewer's comment when returning


DONE = "done"
PLANS = [
    DemoPlan(
        "TN.BB", "SVC.3", "motcua.babe", "2025-Q3", EVALUATION,
        "SVC.3 đạt 80% trở lên trong quý 4/2026",
        (
            ("Tập huấn kỹ năng giao tiếp cho công chức một cửa", "Phó Chủ tịch UBND xã",
             date(2025, 11, 30), DONE),
            ("Niêm yết tên, chức danh công chức tại quầy", "Văn phòng HĐND và UBND xã",
             date(2025, 10, 31), DONE),
        ),
        ("submit", "approve", "start", "complete", "evaluate"),
    ),
    DemoPlan(
        "TN.SXD", "SVC.2", "motcua.sxd", "2025-Q3", EVALUATION,
        "SVC.2 đạt 80% trở lên trong quý 4/2026",
        (
            ("Rút gọn bảng hướng dẫn thủ tục cấp phép xây dựng", "Phòng Quản lý xây dựng",
             date(2025, 12, 31), DONE),
        ),
        ("submit", "approve", "start", "complete", "evaluate"),
    ),
    DemoPlan(
        "TN.CD", "SVC.3", "motcua.chodon", "2026-Q3", "2027-Q1",
        "SVC.3 đạt 75% trở lên trong quý 1/2027",
        (
            ("Bố trí công chức trực quầy đủ giờ hành chính", "Phó Chủ tịch UBND xã",
             date(2026, 10, 15), DONE),
            ("Khảo sát lại thái độ phục vụ sau tập huấn", "Công chức văn phòng",
             date(2026, 11, 15), "todo"),
            ("Họp rút kinh nghiệm với người dân", "Phó Chủ tịch UBND xã",
             date(2027, 1, 31), "todo"),
        ),
        ("submit", "approve", "start"),
    ),
    DemoPlan(
        "TN.DX.TT", "SVC.1", "motcua.ducxuan", "2025-Q4", "2026-Q3",
        "SVC.1 đạt 80% trở lên trong quý 3/2026",
        (("Thêm ghế chờ và máy lấy số thứ tự", "Giám đốc Trung tâm", date(2026, 3, 31), DONE),),
        ("submit", "approve", "start", "complete"),
    ),
    DemoPlan(
        "TN.TTPV.BK", "SVC.5", "chinhanh.backan", "2025-Q4", "2026-Q3",
        "SVC.5 đạt 80% trở lên",
        (("Hướng dẫn người dân gửi phản ánh", "Trưởng Chi nhánh", date(2026, 2, 28), "todo"),),
        ("submit", "return"),
        "Mục tiêu cần nêu rõ quý đánh giá; bổ sung hành động về xử lý phản ánh.",
    ),
    DemoPlan(
        "TN.CD", "SVC.5", "motcua.chodon", "2026-Q3", "2027-Q1",
        "SVC.5 đạt 80% trở lên trong quý 1/2027",
        (("Công khai số điện thoại đường dây nóng", "Công chức văn phòng",
          date(2026, 12, 31), "todo"),),
        (),
    ),
]  # fmt: skip


def _user(username: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == username)).one()


def _make(spec: DemoPlan, reviewer: User, today: date) -> Plan:
    author = _user(spec.author)
    unit = db.session.scalars(sa.select(Unit).where(Unit.code == spec.unit)).one()
    plan = plans.open_plan(
        author, unit, spec.component, spec.flagged, spec.goal, spec.flagged, spec.evaluation
    )
    for description, owner, due, _ in spec.actions:
        plans.add_action(author, plan, description, owner, due)
    for step in spec.steps:
        who = reviewer if step in ("approve", "return", "evaluate") else author
        plans.move(who, plan, step, today, spec.comment if step == "return" else "")
        if step == "start":  # the actions' progress, while the plan runs
            for action, (*_, status) in zip(plan.actions, spec.actions, strict=True):
                if status != "todo":
                    plans.set_action_status(author, action, status)
    return plan


def seed_plans(today: date, reviewer: str = "sonoivu") -> list[Plan]:
    """Create the demo plans (each service call commits with its audit record)."""
    found = _user(reviewer)
    return [_make(spec, found, today) for spec in PLANS]
