"""The staff header: who is signed in, and the links their role may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import ROLE_LABELS
from surveyapp.models import User
from surveyapp.services.permissions import can


@dataclass(frozen=True)
class Link:
    endpoint: str
    label: str
    section: tuple[str, ...] = ()  # the other pages under this link, marked as current

    def is_current(self, endpoint: str | None) -> bool:
        return endpoint == self.endpoint or endpoint in self.section

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


@dataclass(frozen=True)
class Header:
    name: str
    role: str
    units: list[str]
    links: list[Link]


def landing_url(user: User) -> str:
    """Where a staff member lands after signing in. The one place to change it (e.g. for the
    staff console's dashboards): supervisors start at their desks, others at the unit tree."""
    if can(user, "view_all"):
        return url_for("admin.units")
    return url_for("admin.desks")


_UNIT_PAGES = tuple(
    f"admin.{name}"
    for name in ("unit", "create_unit", "edit_unit", "close_unit", "merge_units", "split_unit",
                 "set_instrument", "procedures", "save_procedure", "import_procedures")
)  # fmt: skip
_DESK_PAGES = tuple(
    f"admin.{name}"
    for name in ("desk", "create_desk", "move_desk", "deactivate_desk", "reactivate_desk",
                 "reissue", "poster")
)  # fmt: skip
_STAFF_PAGES = tuple(
    f"admin.{name}"
    for name in ("staff_member", "create_staff", "edit_staff", "set_staff_active",
                 "reset_password")
)  # fmt: skip


def _links(user: User) -> list[Link]:
    links = [
        Link("admin.units", _l("Units"), _UNIT_PAGES),
        Link("admin.desks", _l("Desks and QR codes"), _DESK_PAGES),
    ]
    if can(user, "view_all"):
        links.append(Link("admin.staff", _l("Staff accounts"), _STAFF_PAGES))
    if can(user, "view_audit"):
        links.append(Link("admin.audit", _l("Audit trail")))
    return links


@bp.context_processor  # staff pages only: citizen pages (some cached) never carry it
def staff_header() -> dict[str, Header | None]:
    """Template context: ``staff`` is None for citizens (no header, no extra query)."""
    if not current_user or not current_user.is_authenticated:
        return {"staff": None}
    user = current_user._get_current_object()
    return {
        "staff": Header(
            name=user.full_name,
            role=str(ROLE_LABELS.get(user.role, "")),
            units=[unit.name for unit in user.units],
            links=_links(user),
        )
    }
