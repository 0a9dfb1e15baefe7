"""In-app notices to staff: made by the services that raise them, read on the notices page.

An early warning goes to every active supervisor of the desk's unit or of a unit above it
(everyone whose console shows the desk); Home Affairs reviewers and administrators see all
warnings on the province overview instead. A notice holds no citizen data: the desk, its unit
and the shares only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from surveyapp.extensions import db
from surveyapp.models import EarlyWarning, Notice, Unit, User, user_units
from surveyapp.models.clock import utcnow


def unit_path(unit_id: int) -> str:
    """The console page of a unit, built without a request (commands make notices too)."""
    adapter = current_app.url_map.bind("localhost")
    return adapter.build("console.unit", {"unit_id": unit_id}) + "#desks"


def _ancestors(unit: Unit) -> list[int]:
    found, current = [], unit
    while current is not None and current.id not in found:
        found.append(current.id)
        current = current.parent
    return found


def warning_recipients(unit: Unit) -> list[User]:
    """Active supervisors of the unit or of a unit above it."""
    query = (
        sa.select(User)
        .join(user_units, user_units.c.user_id == User.id)
        .where(
            user_units.c.unit_id.in_(_ancestors(unit)),
            User.role == "supervisor",
            User.active.is_(True),
        )
        .distinct()
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def notify_warning(warning: EarlyWarning) -> int:
    """A notice per recipient of a new warning, in the caller's transaction. Returns how many."""
    desk = warning.desk
    mail = bool(current_app.config["MAIL_ENABLED"])
    params = {
        "desk": desk.name,
        "desk_code": desk.code,
        "unit": desk.unit.name,
        "p0": warning.p0,
        "share": warning.not_satisfied / max(warning.responses, 1),
        "responses": warning.responses,
    }
    recipients = warning_recipients(desk.unit)
    for user in recipients:
        db.session.add(
            Notice(
                user_id=user.id,
                kind="early_warning",
                params=params,
                link=unit_path(desk.unit_id),
                warning_id=warning.id,
                created_at=warning.raised_at,
                mail_pending=mail and bool(user.email),
            )
        )
    db.session.flush()
    return len(recipients)


def unread_count(user: User) -> int:
    query = sa.select(sa.func.count()).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    return int(db.session.scalar(query) or 0)


def notices_of(user: User, limit: int = 100) -> list[Notice]:
    """A user's latest notices, newest first (the unread count is the header's)."""
    query = (
        sa.select(Notice)
        .where(Notice.user_id == user.id)
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def mark_read(user: User, notice_id: int | None = None, now: datetime | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; one commit. Returns how many.

    Another user's notice id changes nothing (0), like an unknown one."""
    where = [Notice.user_id == user.id, Notice.read_at.is_(None)]
    if notice_id is not None:
        where.append(Notice.id == notice_id)
    changed = db.session.execute(sa.update(Notice).where(*where).values(read_at=now or utcnow()))
    db.session.commit()
    return changed.rowcount


def notice_text(notice: Notice) -> str:
    """The notice in the current language (Vietnamese by default, also in commands)."""
    from flask_babel import gettext as _

    from surveyapp.i18n import number, percent

    params = notice.params
    return _(
        "Early warning: %(desk)s (%(unit)s) has more dissatisfied citizens than usual: "
        "%(share)s not satisfied in the last %(responses)s responses, against %(p0)s over "
        "the three months before.",
        desk=params["desk"],
        unit=params["unit"],
        share=percent(params["share"]),
        responses=number(params["responses"]),
        p0=percent(params["p0"]),
    )
