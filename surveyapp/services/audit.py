"""Writing the audit trail: inside the transaction of the change it records, never alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, User


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a signed-in staff member, or a command run on the server."""

    name: str
    user_id: int | None = None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.username, user.id)

    @classmethod
    def command(cls, name: str) -> Actor:
        return cls(f"command:{name}")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def snapshot(instance: Any, *fields: str) -> dict[str, Any]:
    """The named attributes of ``instance`` as JSON-ready values."""
    return {field: _plain(getattr(instance, field)) for field in fields}


def _label(target: Any) -> str:
    for field in ("code", "username", "title"):
        if getattr(target, field, None):
            return str(getattr(target, field))[:200]
    return str(target.id)


def record(
    actor: Actor,
    action: str,
    target: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Add an audit record to the current transaction (flushes the target for its id)."""
    db.session.flush()
    entry = AuditRecord(
        actor=actor.name,
        actor_id=actor.user_id,
        action=action,
        target_type=type(target).__tablename__,
        target_id=str(target.id),
        target_label=_label(target),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
