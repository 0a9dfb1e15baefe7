"""The audit trail: one append-only record per change made by staff or by a command."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow


class AuditRecord(db.Model):
    """Who did what to which record, with the values before and after."""

    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(sa.String(100))  # username, or "command:<name>"
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[str] = mapped_column(sa.String(64))
    target_label: Mapped[str] = mapped_column(sa.String(200))  # a code or username, for people
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class AuditRecordChanged(Exception):
    """Audit records are append-only: the application never updates or deletes one."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_audit_records(session: Session, context, instances) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditRecord) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AuditRecordChanged(f"audit record {instance.id} cannot be changed")
