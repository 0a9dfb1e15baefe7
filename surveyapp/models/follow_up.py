"""Follow-up of low ratings: a case per response, the citizen's contact apart, staff notes.

The response stays as it was sent (anonymous): the case refers to it, and the only personal
data, the contact the citizen chose to leave, is a row of its own that the purge deletes.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow
from surveyapp.models.org import Unit
from surveyapp.models.user import User

# open -> contacted -> resolved (a case may also be resolved straight from open).
CASE_STATUSES = ("open", "contacted", "resolved")


class FollowUpCase(db.Model):
    """A call-back asked for by the author of one low rating, for the unit's supervisors."""

    __tablename__ = "follow_up_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: one response (and so one signed reference to it) opens at most one case.
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="open", index=True)
    language: Mapped[str] = mapped_column(sa.String(8))  # the citizen's, for the call
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    contacted_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)

    unit: Mapped[Unit] = relationship()
    contact: Mapped[FollowUpContact | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[FollowUpNote]] = relationship(
        back_populates="case", order_by="FollowUpNote.id", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint(sa.column("status").in_(CASE_STATUSES), name="status"),)

    @property
    def title(self) -> str:
        """The audit trail's label: a case number and unit code, never the contact."""
        return f"#{self.id} · {self.unit.code}"


class FollowUpContact(db.Model):
    """How to reach the citizen, with their consent. Erased after the retention period."""

    __tablename__ = "follow_up_contacts"

    case_id: Mapped[int] = mapped_column(
        sa.ForeignKey("follow_up_cases.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    consented_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[FollowUpCase] = relationship(back_populates="contact")

    __table_args__ = (
        sa.CheckConstraint("phone IS NOT NULL OR email IS NOT NULL", name="some_contact"),
    )


class FollowUpNote(db.Model):
    """What a supervisor did or learnt, with who and when."""

    __tablename__ = "follow_up_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        sa.ForeignKey("follow_up_cases.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(sa.Text)

    case: Mapped[FollowUpCase] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()
