"""Follow-up cases, the staff's side: list them, note what was done, move them on, erase the
contacts of resolved cases after FOLLOW_UP_RETENTION_DAYS.

Only the supervisors of the case's unit see a case (services/permissions.py). Each change
commits once with its audit record, and no audit record holds a contact or a note's text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from surveyapp.database import erasing_deleted_rows
from surveyapp.extensions import db
from surveyapp.models import AuditRecord, FollowUpCase, FollowUpContact, FollowUpNote, Unit, User
from surveyapp.models.clock import utcnow
from surveyapp.services import audit
from surveyapp.services.listings import Page, page_of
from surveyapp.services.permissions import can, follow_up_units_select
from surveyapp.text import clean_text

NOTE_MAX_LENGTH = 2000
ERASED = "[đã xóa]"
PER_PAGE = 30
_RANK = sa.case({"open": 0, "contacted": 1}, value=FollowUpCase.status, else_=2)


class FollowUpError(ValueError):
    """A refused change; ``reason`` is a key the pages translate (plans/follow_ups.py)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    stamp: str  # the case's time field this step sets


STEPS = {
    "contact": Step(("open",), "contacted", "contacted_at"),
    "resolve": Step(("open", "contacted"), "resolved", "resolved_at"),
}


def cases(user: User, page: int = 1) -> Page:
    """The user's cases, open first, then by unit (so a page groups them), newest first."""
    units = follow_up_units_select(user)
    if units is None:
        return Page([], 1, 0, PER_PAGE)
    query = (
        sa.select(FollowUpCase)
        .join(Unit, Unit.id == FollowUpCase.unit_id)
        .where(FollowUpCase.unit_id.in_(units))
        .order_by(_RANK, Unit.name, FollowUpCase.opened_at.desc(), FollowUpCase.id.desc())
        .options(selectinload(FollowUpCase.unit), selectinload(FollowUpCase.notes))
    )
    return page_of(query, page, PER_PAGE)


def open_count(user: User) -> int:
    """Open cases the user may work, or for administrators and reviewers in the province."""
    query = sa.select(sa.func.count()).where(FollowUpCase.status == "open")
    units = follow_up_units_select(user)
    if units is not None:
        query = query.where(FollowUpCase.unit_id.in_(units))
    elif not can(user, "follow_up_counts"):
        return 0
    return db.session.scalar(query.select_from(FollowUpCase)) or 0


def counts_by_unit() -> list[tuple[str, Counter]]:
    """(unit name, cases by status) for every unit with a case: no case, note or contact."""
    query = (
        sa.select(Unit.id, Unit.name, FollowUpCase.status, sa.func.count())
        .join(Unit, Unit.id == FollowUpCase.unit_id)
        .group_by(Unit.id, Unit.name, FollowUpCase.status)
        .order_by(Unit.name, Unit.id)
    )
    counts: dict[int, tuple[str, Counter]] = {}
    for unit_id, name, status, number in db.session.execute(query):
        counts.setdefault(unit_id, (name, Counter()))[1][status] = number
    return list(counts.values())


def _check(user: User, case: FollowUpCase) -> None:
    if not can(user, "follow_up_edit", case.unit_id):
        raise FollowUpError("not_allowed")


def _note(user: User, case: FollowUpCase, text: str) -> FollowUpNote | None:
    text = clean_text(text, NOTE_MAX_LENGTH)
    if text is None:
        return None
    note = FollowUpNote(author_id=user.id, text=text)
    case.notes.append(note)
    db.session.flush()
    return note


def add_note(user: User, case: FollowUpCase, text: str) -> FollowUpNote:
    _check(user, case)
    note = _note(user, case, text)
    if note is None:
        raise FollowUpError("note_required")
    audit.record(audit.Actor.of(user), "follow_up.note", case, None, {"note": note.id})
    db.session.commit()
    return note


def move(user: User, case: FollowUpCase, name: str, note: str = "") -> None:
    """Make the step ``name`` (a key of STEPS), with an optional note; one commit."""
    step = STEPS.get(name)
    if step is None:
        raise FollowUpError("unknown_step")
    _check(user, case)
    if case.status not in step.sources:
        raise FollowUpError("wrong_status")
    before = {"status": case.status}
    case.status = step.target
    setattr(case, step.stamp, utcnow())
    written = _note(user, case, note)
    after = {"status": case.status} | ({"note": written.id} if written else {})
    audit.record(audit.Actor.of(user), f"follow_up.{name}", case, before, after)
    db.session.commit()


def allowed_steps(user: User, case: FollowUpCase) -> list[str]:
    if not can(user, "follow_up_edit", case.unit_id):
        return []
    return [name for name, step in STEPS.items() if case.status in step.sources]


def history(case: FollowUpCase) -> list[AuditRecord]:
    query = sa.select(AuditRecord).where(
        AuditRecord.target_type == FollowUpCase.__tablename__,
        AuditRecord.target_id == str(case.id),
    )
    return list(db.session.scalars(query.order_by(AuditRecord.id)))


def _redact(text: str, contact: FollowUpContact) -> str:
    """``text`` without the contact, however a supervisor may have copied it into a note."""
    if contact.phone:
        digits = contact.phone[1:]
        spaced = r"[\s.\-]?".join(re.escape(digit) for digit in digits)
        text = re.sub(rf"(?:\+?84|0)[\s.\-]?{spaced}", ERASED, text)
    if contact.email:
        text = re.sub(re.escape(contact.email), ERASED, text, flags=re.IGNORECASE)
    return text


def purge_contacts(days: int, now: datetime | None = None) -> int:
    """Erase the contacts of cases resolved more than ``days`` days ago (and any copy of
    them in the cases' notes); one commit, one audit record per case. Safe to repeat."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    query = (
        sa.select(FollowUpCase)
        .join(FollowUpContact, FollowUpContact.case_id == FollowUpCase.id)
        .where(FollowUpCase.status == "resolved", FollowUpCase.resolved_at < cutoff)
    )
    actor = audit.Actor.command("purge-contacts")
    with erasing_deleted_rows():
        found = list(db.session.scalars(query))
        for case in found:
            for note in case.notes:
                note.text = _redact(note.text, case.contact)
            db.session.delete(case.contact)
            audit.record(actor, "follow_up.erase_contact", case, None, {"contact": "erased"})
        db.session.commit()
    return len(found)
