"""The kinds of unit since the 2025 reform, as data: installed by ``init-db``, editable there."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import UnitType

# code, Vietnamese name, English name, may host desks, parent types.
BUILTIN_TYPES: tuple[tuple[str, str, str, bool, tuple[str, ...]], ...] = (
    ("province", "Tỉnh, thành phố trực thuộc Trung ương", "Province", False, ()),
    ("agency", "Sở, ban, ngành", "Provincial agency", True, ("province",)),
    (
        "provincial_centre",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Provincial public administrative service centre",
        True,
        ("province",),
    ),
    (
        "centre_branch",
        "Chi nhánh Trung tâm Phục vụ hành chính công",
        "Branch of the provincial centre",
        True,
        ("provincial_centre",),
    ),
    (
        "commune",
        "Xã, phường, đặc khu",
        "Commune, ward or special zone",
        True,
        ("province", "former_district"),
    ),
    (
        "commune_centre",
        "Trung tâm Phục vụ hành chính công xã",
        "Commune public administrative service centre",
        True,
        ("commune",),
    ),
    (
        "reception_point",
        "Điểm tiếp nhận và trả kết quả",
        "Reception and return point",
        True,
        ("commune_centre", "centre_branch", "provincial_centre"),
    ),
    (
        "former_district",
        "Huyện, quận, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)",
        "District level (until 30 June 2025)",
        True,
        ("province",),
    ),
)


def sync_unit_types() -> int:
    """Install the built-in unit types that are missing. Returns how many were added. No commit."""
    present = set(db.session.scalars(sa.select(UnitType.code)))
    added = 0
    for rank, (code, name, name_en, hosts_desks, parents) in enumerate(BUILTIN_TYPES):
        if code not in present:
            db.session.add(
                UnitType(
                    code=code,
                    name=name,
                    name_en=name_en,
                    rank=rank,
                    hosts_desks=hosts_desks,
                    parent_types=list(parents),
                )
            )
            added += 1
    db.session.flush()
    return added
