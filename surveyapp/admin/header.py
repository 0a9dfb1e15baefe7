"""The staff header: who is signed in, and the links their role may use."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from surveyapp.admin.forms import ROLE_LABELS
from surveyapp.models import User
from surveyapp.services.follow_ups import open_count
from surveyapp.services.notices import unread_count
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
    unread_notices: int = 0


def landing_url(user: User) -> str:
    """Where a staff member lands after signing in. The one place to change it: reviewers on
    the province overview, supervisors on their unit's results, administrators on the units."""
    if can(user, "manage_units"):
        return url_for("admin.units")
    return url_for("console.index")


_UNIT_PAGES = tuple(
    f"admin.{name}"
    for name in ("unit", "create_unit", "edit_unit", "close_unit", "merge_units", "split_unit",
                 "set_instrument", "set_public_page", "procedures", "save_procedure",
                 "import_procedures")
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
_PLAN_PAGES = ("plans.plan", "plans.new")
_FOLLOW_UP_PAGES = ("plans.follow_up",)


def _follow_up_link(user: User) -> Link | None:
    """Call-backs, with the number of open cases, for whoever may see cases or their counts."""
    works_cases = any(can(user, "follow_up_view", unit) for unit in user.units)
    if not (works_cases or can(user, "follow_up_counts")):
        return None
    label = _("Call-backs (%(count)s open)", count=open_count(user))
    return Link("plans.follow_ups_index", label, _FOLLOW_UP_PAGES)


def _links(user: User) -> list[Link]:
    results = Link("console.index", _l("Results"), ("console.unit",))
    if can(user, "view_all"):
        results = Link("console.province", _l("Province overview"), ("console.unit",))
    links = [
        results,
        Link("admin.units", _l("Units"), _UNIT_PAGES),
        Link("admin.desks", _l("Desks and QR codes"), _DESK_PAGES),
    ]
    if can(user, "view_all") or any(can(user, "plan_view", unit) for unit in user.units):
        links.append(Link("plans.index", _l("Improvement plans"), _PLAN_PAGES))
    follow_up = _follow_up_link(user)
    if follow_up is not None:
        links.append(follow_up)
    if can(user, "view_all"):
        links.append(Link("admin.staff", _l("Staff accounts"), _STAFF_PAGES))
    if can(user, "view_audit"):
        links.append(Link("admin.audit", _l("Audit trail")))
    return links


STAFF_BLUEPRINTS = ("admin", "console", "plans", "notices")


def init_app(app: Flask) -> None:
    app.context_processor(staff_header)


def staff_header() -> dict[str, Header | None]:
    """Template context of staff pages only (the admin and console blueprints; citizen pages,
    some cached, never carry it): ``staff`` is None when nobody is signed in."""
    if request.blueprint not in STAFF_BLUEPRINTS:
        return {}
    if not current_user or not current_user.is_authenticated:
        return {"staff": None}
    user = current_user._get_current_object()
    return {
        "staff": Header(
            name=user.full_name,
            role=str(ROLE_LABELS.get(user.role, "")),
            units=[unit.name for unit in user.units],
            links=_links(user),
            unread_notices=unread_count(user),
        )
    }
