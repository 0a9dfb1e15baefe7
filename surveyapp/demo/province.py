"""The demo province as data: the new Thái Nguyên, and the units it replaced on 1 July 2025.

Unit names are real (the new communes as listed under Quyết định 19/2025/QĐ-TTg). Which former
communes went into which new one is simplified, a few per new unit: for Phường Phan Đình Phùng,
Quyết Thắng and Tích Lương it follows published lists of Nghị quyết 1683/NQ-UBTVQH15, for Xã Ba
Bể and Chợ Rã the Bắc Kạn plan of April 2025, elsewhere it is only plausible. Ratings, volumes,
desk counts and the agencies' decision number are invented demo data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROVINCE_BASIS = "Nghị quyết 202/2025/QH15"
COMMUNE_BASIS = "Nghị quyết 1683/NQ-UBTVQH15 (demo: thành phần rút gọn)"
AGENCY_BASIS = "Quyết định 999/QĐ-UBND tỉnh Thái Nguyên (số hiệu demo)"
CENTRE_PREFIX = "Trung tâm Phục vụ hành chính công"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    type_code: str
    parent: str | None
    desks: int = 0
    # Share satisfied per component at the start and the end of the 18 months (default: good).
    profile: dict[str, tuple[float, float]] = field(default_factory=dict)
    volume: float = 1.0
    official_code: str | None = None
    name_en: str | None = None


def _english(name: str) -> str:
    kind, _, place = name.partition(" ")
    return f"{place} {'Ward' if kind == 'Phường' else 'Commune'}"


def _commune(code: str, name: str, desks: int, *extra: UnitSpec, **centre) -> list[UnitSpec]:
    """A new commune-level unit and its centre, which holds the desks."""
    local = name[0].lower() + name[1:]
    return [
        UnitSpec(code, name, "commune", "TN", name_en=_english(name)),
        UnitSpec(
            f"{code}.TT",
            f"{CENTRE_PREFIX} {local}",
            "commune_centre",
            code,
            desks,
            name_en=f"Public Administrative Service Centre, {_english(name)}",
            **centre,
        ),
        *extra,
    ]


def _point(code: str, place: str, centre: str, **fields) -> UnitSpec:
    name = f"Điểm tiếp nhận và trả kết quả {place}"
    return UnitSpec(
        code, name, "reception_point", centre, 1, name_en=f"{place} reception point", **fields
    )


NEW_UNITS: list[UnitSpec] = [
    UnitSpec(
        "TN",
        "Tỉnh Thái Nguyên",
        "province",
        None,
        official_code="19",
        name_en="Thái Nguyên Province",
    ),
    UnitSpec(
        "TN.TTPV",
        f"{CENTRE_PREFIX} tỉnh Thái Nguyên",
        "provincial_centre",
        "TN",
        4,
        volume=1.5,
        name_en="Thái Nguyên Provincial Public Administrative Service Centre",
    ),
    UnitSpec(
        "TN.TTPV.BK",
        "Chi nhánh Bắc Kạn, Trung tâm Phục vụ hành chính công tỉnh",
        "centre_branch",
        "TN.TTPV",
        3,
        {"SVC.5": (0.70, 0.87)},
        name_en="Bắc Kạn branch of the provincial centre",
    ),
    UnitSpec("TN.STP", "Sở Tư pháp", "agency", "TN", 2, name_en="Department of Justice"),
    UnitSpec(
        "TN.SXD",
        "Sở Xây dựng",
        "agency",
        "TN",
        2,
        {"SVC.2": (0.62, 0.77), "SVC.4": (0.73, 0.74)},  # SVC.2: the province's trend
        name_en="Department of Construction",
    ),
    UnitSpec(
        "TN.SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "agency",
        "TN",
        2,
        {"SVC.4": (0.76, 0.77)},
        name_en="Department of Agriculture and Environment",
    ),
    *_commune("TN.PDP", "Phường Phan Đình Phùng", 3, volume=1.4),
    *_commune("TN.GS", "Phường Gia Sàng", 2),
    *_commune("TN.QT", "Phường Quyết Thắng", 2),
    *_commune("TN.TL", "Phường Tích Lương", 2),
    *_commune("TN.SC", "Phường Sông Công", 2),
    *_commune("TN.PY", "Phường Phổ Yên", 2, volume=1.2),
    *_commune("TN.DT", "Xã Đại Từ", 2, _point("TN.DT.TT.TH", "Tiên Hội", "TN.DT.TT", volume=0.5)),
    *_commune("TN.DH", "Xã Định Hóa", 1, profile={"SVC.1": (0.74, 0.87)}),
    *_commune("TN.PL", "Xã Phú Lương", 1),
    *_commune("TN.DX", "Phường Đức Xuân", 2, profile={"SVC.1": (0.66, 0.89)}),
    *_commune("TN.BK", "Phường Bắc Kạn", 2),
    *_commune(
        "TN.BB",
        "Xã Ba Bể",
        2,
        _point("TN.BB.TT.NM", "Nam Mẫu", "TN.BB.TT", volume=0.08),
        profile={"SVC.3": (0.68, 0.85)},
        volume=0.8,
    ),
    *_commune("TN.CR", "Xã Chợ Rã", 1, volume=0.8),
    *_commune("TN.CD", "Xã Chợ Đồn", 2, profile={"SVC.3": (0.63, 0.66), "SVC.5": (0.72, 0.74)}),
    *_commune("TN.PT", "Xã Phủ Thông", 1, volume=0.7),
]


def _former(parent: str, *names: str) -> list[UnitSpec]:
    """Former communes (one desk each, at their one-stop department) of a former district."""
    return [
        UnitSpec(f"{parent}.{index:02d}", name, "commune", parent, 1, volume=0.7)
        for index, name in enumerate(names, start=1)
    ]


def _district(code: str, name: str, parent: str, desks: int = 1, **fields) -> UnitSpec:
    return UnitSpec(code, name, "former_district", parent, desks, **fields)


def _provincial_units(province: str, place: str) -> list[UnitSpec]:
    return [
        UnitSpec(
            f"{province}.TTPV",
            f"{CENTRE_PREFIX} tỉnh {place}",
            "provincial_centre",
            province,
            3 if province == "TNC" else 2,
        ),
        UnitSpec(f"{province}.STP", f"Sở Tư pháp tỉnh {place}", "agency", province, 1),
        UnitSpec(f"{province}.SXD", f"Sở Xây dựng tỉnh {place}", "agency", province, 1),
        UnitSpec(
            f"{province}.SNNMT", f"Sở Nông nghiệp và Môi trường tỉnh {place}", "agency", province, 1
        ),
    ]


FORMER_UNITS: list[UnitSpec] = [
    UnitSpec("TNC", "Tỉnh Thái Nguyên", "province", None, official_code="19"),
    *_provincial_units("TNC", "Thái Nguyên"),
    _district("TNC.TPTN", "Thành phố Thái Nguyên", "TNC", 2),
    *_former(
        "TNC.TPTN",
        "Phường Phan Đình Phùng",
        "Phường Hoàng Văn Thụ",
        "Phường Trưng Vương",
        "Phường Gia Sàng",
        "Phường Thịnh Đán",
        "Xã Quyết Thắng",
        "Xã Phúc Hà",
        "Phường Tích Lương",
        "Phường Phú Xá",
    ),
    _district("TNC.TPSC", "Thành phố Sông Công", "TNC"),
    *_former("TNC.TPSC", "Phường Mỏ Chè", "Phường Thắng Lợi"),
    _district("TNC.TPPY", "Thành phố Phổ Yên", "TNC"),
    *_former("TNC.TPPY", "Phường Ba Hàng", "Phường Bãi Bông"),
    _district("TNC.DT", "Huyện Đại Từ", "TNC"),
    *_former("TNC.DT", "Thị trấn Hùng Sơn", "Xã Tiên Hội"),
    _district("TNC.DH", "Huyện Định Hóa", "TNC"),
    *_former("TNC.DH", "Thị trấn Chợ Chu", "Xã Phúc Chu"),
    _district("TNC.PL", "Huyện Phú Lương", "TNC"),
    *_former("TNC.PL", "Thị trấn Đu", "Thị trấn Giang Tiên"),
    UnitSpec("BKC", "Tỉnh Bắc Kạn", "province", None, official_code="06"),
    *_provincial_units("BKC", "Bắc Kạn"),
    _district("BKC.TPBK", "Thành phố Bắc Kạn", "BKC"),
    *_former(
        "BKC.TPBK",
        "Phường Đức Xuân",
        "Phường Sông Cầu",
        "Phường Nguyễn Thị Minh Khai",
        "Phường Phùng Chí Kiên",
        "Phường Huyền Tụng",
    ),
    _district("BKC.BB", "Huyện Ba Bể", "BKC", profile={"SVC.1": (0.72, 0.72)}),
    *_former(
        "BKC.BB", "Xã Nam Mẫu", "Xã Khang Ninh", "Xã Cao Thượng", "Thị trấn Chợ Rã", "Xã Địa Linh"
    ),
    _district("BKC.CD", "Huyện Chợ Đồn", "BKC", profile={"SVC.3": (0.62, 0.62)}),
    *_former("BKC.CD", "Thị trấn Bằng Lũng", "Xã Ngọc Phái"),
    _district("BKC.BT", "Huyện Bạch Thông", "BKC"),
    *_former("BKC.BT", "Thị trấn Phủ Thông", "Xã Vi Hương"),
]

# successor, predecessors merged whole into it, legal basis.
MERGES: list[tuple[str, tuple[str, ...], str]] = [
    ("TN", ("TNC", "BKC"), PROVINCE_BASIS),
    ("TN.TTPV", ("TNC.TTPV",), AGENCY_BASIS),
    ("TN.TTPV.BK", ("BKC.TTPV",), AGENCY_BASIS),
    ("TN.STP", ("TNC.STP", "BKC.STP"), AGENCY_BASIS),
    ("TN.SXD", ("TNC.SXD", "BKC.SXD"), AGENCY_BASIS),
    ("TN.SNNMT", ("TNC.SNNMT", "BKC.SNNMT"), AGENCY_BASIS),
    ("TN.PDP", ("TNC.TPTN.01", "TNC.TPTN.02", "TNC.TPTN.03"), COMMUNE_BASIS),
    ("TN.QT", ("TNC.TPTN.05", "TNC.TPTN.06", "TNC.TPTN.07"), COMMUNE_BASIS),
    ("TN.TL", ("TNC.TPTN.08", "TNC.TPTN.09"), COMMUNE_BASIS),
    ("TN.SC", ("TNC.TPSC.01", "TNC.TPSC.02"), COMMUNE_BASIS),
    ("TN.PY", ("TNC.TPPY.01", "TNC.TPPY.02"), COMMUNE_BASIS),
    ("TN.DT", ("TNC.DT.01", "TNC.DT.02"), COMMUNE_BASIS),
    ("TN.DH", ("TNC.DH.01", "TNC.DH.02"), COMMUNE_BASIS),
    ("TN.PL", ("TNC.PL.01", "TNC.PL.02"), COMMUNE_BASIS),
    ("TN.DX", ("BKC.TPBK.01", "BKC.TPBK.02", "BKC.TPBK.03"), COMMUNE_BASIS),
    ("TN.BK", ("BKC.TPBK.04", "BKC.TPBK.05"), COMMUNE_BASIS),
    ("TN.BB", ("BKC.BB.01", "BKC.BB.02", "BKC.BB.03"), COMMUNE_BASIS),
    ("TN.CR", ("BKC.BB.04", "BKC.BB.05"), COMMUNE_BASIS),
    ("TN.CD", ("BKC.CD.01", "BKC.CD.02"), COMMUNE_BASIS),
    ("TN.PT", ("BKC.BT.01", "BKC.BT.02"), COMMUNE_BASIS),
]

# predecessor, successors it was divided among (its responses stay a closed series), basis.
SPLITS: list[tuple[str, tuple[str, ...], str]] = [
    ("TNC.TPTN.04", ("TN.PDP", "TN.GS"), COMMUNE_BASIS),  # Phường Gia Sàng (cũ)
]


def continued_by(code: str) -> list[str]:
    """Former units whose desks' ratings continue the series of the new desk-holding unit
    ``code``: the units merged into it, or, for a commune centre, into its commune."""
    spec = next(s for s in NEW_UNITS if s.code == code)
    owner = spec.parent if spec.type_code == "commune_centre" else code
    return [old for new, olds, _ in MERGES if new == owner for old in olds]
