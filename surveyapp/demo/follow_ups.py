"""Demo call-backs in every state, opened the way a citizen opens one (a signed reference to a
low rating) and worked through the services by the unit's supervisor, with their audit trail.

The contacts are made up (0900 000 1xx numbers, example.vn addresses).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, FollowUpCase, Response, User
from surveyapp.services import follow_up_offer, follow_ups
from surveyapp.services.permissions import visible_units_select


@dataclass(frozen=True)
class DemoCase:
    supervisor: str
    phone: str
    email: str
    steps: tuple[tuple[str, str], ...]  # (step or "note", note text)


CASES = [
    DemoCase("motcua.babe", "0900 000 101", "", ()),
    DemoCase("motcua.babe", "", "nguoidan.demo1@example.vn", (
        ("contact", "Đã gọi, người dân phản ánh phải chờ lâu ở quầy đất đai; hẹn trả lời."),
    )),
    DemoCase("motcua.babe", "0900 000 103", "", (
        ("contact", "Người dân chưa được hướng dẫn đủ thành phần hồ sơ."),
        ("note", "Đã nhắc công chức quầy 2 hướng dẫn một lần, đầy đủ."),
        ("resolve", "Đã báo lại cho người dân; người dân đồng ý với cách xử lý."),
    )),
    DemoCase("motcua.ducxuan", "+84 900 000 104", "", ()),
    DemoCase("motcua.ducxuan", "0900000105", "nguoidan.demo2@example.vn", (
        ("contact", "Đã gọi lại, hẹn người dân đến nhận kết quả đúng hạn."),
    )),
    DemoCase("motcua.chodon", "0900 000 106", "", ()),
    DemoCase("motcua.sxd", "", "nguoidan.demo3@example.vn", (
        ("resolve", "Đã trả lời bằng thư điện tử về phí thẩm định."),
    )),
]  # fmt: skip


def _user(username: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == username)).one()


def _low_ratings(user: User, count: int) -> list[str]:
    """Submission keys of the newest low ratings in the supervisor's units without a case."""
    query = (
        sa.select(Response.submission_key)
        .join(Answer, (Answer.response_id == Response.id) & (Answer.criterion == "OVERALL"))
        .outerjoin(FollowUpCase, FollowUpCase.response_id == Response.id)
        .where(
            Answer.rating.in_(follow_up_offer.LOW_RATINGS),
            Response.unit_id.in_(visible_units_select(user)),
            FollowUpCase.id.is_(None),
        )
        .order_by(Response.submitted_at.desc())
        .limit(count)
    )
    return list(db.session.scalars(query))


def seed_follow_ups() -> list[FollowUpCase]:
    """Open and work the demo cases (each service call commits with its audit record)."""
    opened = []
    for spec in CASES:
        supervisor = _user(spec.supervisor)
        keys = _low_ratings(supervisor, 1)
        if not keys:
            continue
        signed = follow_up_offer.reference(keys[0])
        case = follow_up_offer.open_case(signed, spec.phone, spec.email, consent=True)
        for step, note in spec.steps:
            if step == "note":
                follow_ups.add_note(supervisor, case, note)
            else:
                follow_ups.move(supervisor, case, step, note)
        opened.append(case)
    return opened
