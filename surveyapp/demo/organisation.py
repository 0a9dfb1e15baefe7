"""The demo province: 15 units on three levels, 40 desks, procedures and demo staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from surveyapp.extensions import db
from surveyapp.models import Desk, Procedure, Unit
from surveyapp.services.accounts import create_user

DEMO_PASSWORD = "demo-2026"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    level: str
    parent: str | None
    desks: int
    # Share satisfied per component at the start and the end of the year (default: good).
    profile: dict[str, tuple[float, float]] = field(default_factory=dict)
    volume: float = 1.0


UNITS = [
    UnitSpec("BA", "Tỉnh Bình An", "province", None, 0),
    UnitSpec(
        "BA.TTPV", "Trung tâm Phục vụ hành chính công tỉnh", "department", "BA", 6, volume=1.6
    ),
    UnitSpec("BA.STP", "Sở Tư pháp", "department", "BA", 3),
    UnitSpec("BA.STC", "Sở Tài chính", "department", "BA", 3),
    UnitSpec(
        "BA.SXD",
        "Sở Xây dựng",
        "department",
        "BA",
        3,
        {"SVC.2": (0.70, 0.71), "SVC.4": (0.73, 0.74)},
    ),
    UnitSpec(
        "BA.SNN", "Sở Nông nghiệp và Môi trường", "department", "BA", 3, {"SVC.4": (0.76, 0.77)}
    ),
    UnitSpec("BA.TP", "Thành phố Bình An", "district", "BA", 3, volume=1.3),
    UnitSpec("BA.TPH", "Huyện Tân Phú", "district", "BA", 3, {"SVC.3": (0.66, 0.88)}),
    UnitSpec(
        "BA.DS",
        "Huyện Đông Sơn",
        "district",
        "BA",
        3,
        {"SVC.3": (0.67, 0.68), "SVC.5": (0.70, 0.71), "SVC.1": (0.77, 0.78)},
    ),
    UnitSpec("BA.TP.HB", "Phường Hòa Bình", "commune", "BA.TP", 3),
    UnitSpec("BA.TP.BS", "Phường Bắc Sơn", "commune", "BA.TP", 2),
    UnitSpec("BA.TPH.TL", "Xã Tân Lập", "commune", "BA.TPH", 2, {"SVC.1": (0.62, 0.89)}),
    UnitSpec("BA.TPH.PM", "Xã Phú Mỹ", "commune", "BA.TPH", 2, volume=0.08),
    UnitSpec("BA.DS.DH", "Xã Đông Hưng", "commune", "BA.DS", 2, {"SVC.2": (0.72, 0.73)}),
    UnitSpec("BA.DS.TT", "Thị trấn Đông Sơn", "commune", "BA.DS", 2),
]

PROCEDURES = {
    "commune": [
        ("1.001193", "Đăng ký khai sinh"),
        ("1.000894", "Đăng ký kết hôn"),
        ("2.000815", "Chứng thực bản sao từ bản chính"),
        ("1.003583", "Đăng ký thường trú"),
    ],
    "district": [
        ("1.001612", "Đăng ký thành lập hộ kinh doanh"),
        ("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
        ("2.000908", "Chứng thực hợp đồng, giao dịch"),
    ],
    "department": [
        ("1.008004", "Cấp Phiếu lý lịch tư pháp"),
        ("2.001953", "Đăng ký thành lập doanh nghiệp"),
        ("1.010736", "Cấp Giấy chứng nhận quyền sử dụng đất"),
    ],
}


def create_organisation() -> dict[str, Unit]:
    """Units, desks and procedures of the demo province. No commit."""
    units: dict[str, Unit] = {}
    for spec in UNITS:
        type_code = {"department": "agency", "district": "former_district"}.get(
            spec.level, spec.level
        )
        unit = Unit(
            code=spec.code, name=spec.name, type_code=type_code, parent=units.get(spec.parent)
        )
        units[spec.code] = unit
        db.session.add(unit)
        for number in range(1, spec.desks + 1):
            unit.desks.append(Desk(code=f"{spec.code}.Q{number}", name=f"Quầy số {number}"))
        for code, name in PROCEDURES.get(spec.level, []):
            unit.procedures.append(Procedure(code=code, name=name))
    db.session.flush()
    return units


def create_demo_users(units: dict[str, Unit]) -> list[tuple[str, str, str]]:
    """Demo accounts; returns (username, role, what they see) for printing. No commit."""
    accounts = [
        ("admin", "admin", None, "Quản trị hệ thống"),
        ("sonoivu", "reviewer", None, "Chuyên viên Sở Nội vụ"),
        ("motcua.dongson", "supervisor", "BA.DS", "Trưởng bộ phận một cửa huyện Đông Sơn"),
        ("motcua.tanlap", "supervisor", "BA.TPH.TL", "Trưởng bộ phận một cửa xã Tân Lập"),
    ]
    for username, role, unit_code, full_name in accounts:
        create_user(
            username, DEMO_PASSWORD, role, full_name, [units[unit_code]] if unit_code else []
        )
    return [(username, role, full_name) for username, role, _, full_name in accounts]
