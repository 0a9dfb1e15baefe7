"""Build the demo province: units, desks and procedures, the reorganisation of 1 July 2025
through the organisation services (so the audit trail holds it), and the demo staff."""

from __future__ import annotations

from surveyapp.demo.dates import REFORM_DAY
from surveyapp.demo.province import FORMER_UNITS, MERGES, NEW_UNITS, SPLITS, UnitSpec
from surveyapp.extensions import db
from surveyapp.models import Desk, Procedure, Unit
from surveyapp.services import staff, units
from surveyapp.services.audit import Actor

DEMO_PASSWORD = "demo-2026-tn"  # the staff service asks for 10 characters or more

_COMMUNE_PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh"),
    ("1.000894", "Đăng ký kết hôn"),
    ("2.000815", "Chứng thực bản sao từ bản chính"),
    ("1.003583", "Đăng ký thường trú"),
]
_DISTRICT_PROCEDURES = [
    ("1.001612", "Đăng ký thành lập hộ kinh doanh"),
    ("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("2.000908", "Chứng thực hợp đồng, giao dịch"),
]
_PROVINCIAL_PROCEDURES = [
    ("1.008004", "Cấp Phiếu lý lịch tư pháp"),
    ("2.001953", "Đăng ký thành lập doanh nghiệp"),
    ("1.010736", "Cấp Giấy chứng nhận quyền sử dụng đất"),
]
# Since the reform communes also handle most of what districts used to.
PROCEDURES = {
    "commune_centre": _COMMUNE_PROCEDURES + _DISTRICT_PROCEDURES,
    "reception_point": _COMMUNE_PROCEDURES,
    "commune": _COMMUNE_PROCEDURES,
    "former_district": _DISTRICT_PROCEDURES,
    "provincial_centre": _PROVINCIAL_PROCEDURES,
    "centre_branch": _PROVINCIAL_PROCEDURES,
    "agency": _PROVINCIAL_PROCEDURES,
}


def _add_unit(spec: UnitSpec, parent: Unit | None, **validity) -> Unit:
    units.check_placement(spec.type_code, parent)
    unit = Unit(
        code=spec.code,
        name=spec.name,
        name_en=spec.name_en,
        official_code=spec.official_code,
        type_code=spec.type_code,
        parent=parent,
        **validity,
    )
    db.session.add(unit)
    for number in range(1, spec.desks + 1):
        desk = Desk(code=f"{spec.code}.Q{number}", name=f"Quầy số {number}", form_mode="full")
        unit.desks.append(desk)  # full form; demo/quick.py switches a few
    if spec.desks:
        for code, name in PROCEDURES.get(spec.type_code, []):
            unit.procedures.append(Procedure(code=code, name=name))
    return unit


def create_organisation() -> dict[str, Unit]:
    """The new province (from 1 July 2025) and the former units, all open. One commit.

    New units come first, so that their desks have the lowest ids.
    """
    created: dict[str, Unit] = {}
    for spec in NEW_UNITS:
        created[spec.code] = _add_unit(spec, created.get(spec.parent), valid_from=REFORM_DAY)
    for spec in FORMER_UNITS:
        created[spec.code] = _add_unit(spec, created.get(spec.parent))
    db.session.commit()
    return created


def _depth(unit: Unit) -> int:
    return 0 if unit.parent is None else 1 + _depth(unit.parent)


def reorganise(actor: Actor, created: dict[str, Unit]) -> None:
    """The reform of 1 July 2025 through the services: merges, the split, closed districts.

    Deepest units first: closing a former unit closes everything still open below it.
    """
    changes = [
        (
            created[olds[0]],
            lambda s=new, o=olds, b=basis: units.merge_units(
                actor, created[s], [created[c] for c in o], REFORM_DAY, b
            ),
        )
        for new, olds, basis in MERGES
    ] + [
        (
            created[old],
            lambda o=old, n=news, b=basis: units.split_unit(
                actor, created[o], [created[c] for c in n], REFORM_DAY, b
            ),
        )
        for old, news, basis in SPLITS
    ]
    for _, change in sorted(changes, key=lambda item: -_depth(item[0])):
        change()
    # District level ended: its one-stop departments close, their areas went to new communes.
    for spec in FORMER_UNITS:
        if created[spec.code].closed_on is None:
            units.close_unit(actor, created[spec.code], REFORM_DAY)


# username, role, unit codes, full name
ACCOUNTS = [
    ("admin", "admin", (), "Quản trị hệ thống"),
    ("sonoivu", "reviewer", (), "Chuyên viên Sở Nội vụ"),
    (
        "motcua.ducxuan",
        "supervisor",
        ("TN.DX.TT", "BKC.TPBK.01"),
        "Giám đốc Trung tâm Phục vụ hành chính công phường Đức Xuân",
    ),
    ("motcua.chodon", "supervisor", ("TN.CD",), "Phó Chủ tịch UBND xã Chợ Đồn"),
    ("chinhanh.backan", "supervisor", ("TN.TTPV.BK",), "Trưởng Chi nhánh Bắc Kạn"),
    ("motcua.babe", "supervisor", ("TN.BB",), "Phó Chủ tịch UBND xã Ba Bể"),
    ("motcua.sxd", "supervisor", ("TN.SXD",), "Chánh Văn phòng Sở Xây dựng"),
]


def _label(unit: Unit) -> str:
    return f"{unit.name} (cũ)" if unit.closed_on is not None else unit.name


def create_demo_users(actor: Actor, created: dict[str, Unit]) -> list[tuple[str, str, str]]:
    """Demo accounts through the staff service; returns (username, role, what they see)."""
    accounts = []
    for username, role, codes, full_name in ACCOUNTS:
        given = [created[code] for code in codes]
        staff.create_staff(actor, username, full_name, role, given, DEMO_PASSWORD)
        sees = "; ".join(_label(unit) for unit in given) or "mọi đơn vị"
        accounts.append((username, role, sees))
    return accounts
