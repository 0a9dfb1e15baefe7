"""Small builders for test data. They commit, like a test's "given" step."""

from __future__ import annotations

from itertools import count

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, Desk, Procedure, Response, Unit
from surveyapp.services import desk_codes

_sequence = count(1)


def unit(type_code: str = "commune_centre", parent: Unit | None = None, name: str = "") -> Unit:
    """A unit of ``type_code``; a commune centre gets its commune and province made for it."""
    number = next(_sequence)
    if parent is None and type_code != "province":
        parent_type = {"commune_centre": "commune", "reception_point": "commune_centre"}
        parent = unit(parent_type.get(type_code, "province"))
    default = {"province": "Tỉnh Thái Nguyên", "commune": "Phường Phan Đình Phùng"}
    name = name or default.get(type_code, "Trung tâm Phục vụ hành chính công")
    created = Unit(code=f"U{number}", name=f"{name} {number}", type_code=type_code, parent=parent)
    db.session.add(created)
    db.session.commit()
    return created


def desk_with_code(
    in_unit: Unit | None = None, name: str = "Quầy số 1", form_mode: str = "full"
) -> Desk:
    """A desk with its QR code; full form unless ``form_mode`` says otherwise."""
    in_unit = in_unit or unit()
    desk = Desk(
        unit=in_unit, code=f"{in_unit.code}.Q{next(_sequence)}", name=name, form_mode=form_mode
    )
    db.session.add(desk)
    if not in_unit.procedures:
        in_unit.procedures.extend(
            [
                Procedure(code="1.001193", name="Đăng ký khai sinh"),
                Procedure(code="1.000894", name="Đăng ký kết hôn"),
            ]
        )
    db.session.commit()
    desk_codes.ensure_codes([desk])
    return desk


def desk_path(desk: Desk) -> str:
    return desk_codes.desk_url(desk).removeprefix("http://survey.test")


def token(desk: Desk) -> str:
    return desk_path(desk).rsplit("/", 1)[-1]


def full_answers(rating: int = 4) -> dict[str, int]:
    codes = [
        f"SVC.{c}.{i}" for c, n in ((1, 4), (2, 4), (3, 5), (4, 3), (5, 3)) for i in range(1, n + 1)
    ]
    return {code: rating for code in codes} | {"OVERALL": rating}


def response_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response))


def answer_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Answer))


def database_text() -> str:
    """Every value in every table, as one string: for checking what is (not) stored."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def response(
    desk: Desk, when=None, ratings: dict[str, int | None] | None = None, comment: str | None = None
) -> Response:
    """A stored response at ``desk`` (answers: every criterion 4 unless given), as a given."""
    from surveyapp.models import Instrument
    from surveyapp.models.clock import utcnow

    instrument = db.session.scalar(sa.select(Instrument).where(Instrument.code == "sipas-desk"))
    stored = Response(
        desk_id=desk.id,
        unit_id=desk.unit_id,
        instrument_id=instrument.id,
        submitted_at=when or utcnow(),
        source="form",
        language="vi",
        submission_key=f"test-{next(_sequence)}",
        comment=comment,
    )
    db.session.add(stored)
    db.session.flush()
    for code, rating in (ratings or full_answers()).items():
        db.session.add(Answer(response_id=stored.id, criterion=code, rating=rating))
    db.session.commit()
    return stored
