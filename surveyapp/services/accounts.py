"""Staff accounts: creating and deactivating them, and who may see which units.

Sign-in checks and sessions are in :mod:`surveyapp.services.sign_in`.
"""

from __future__ import annotations

from surveyapp.extensions import db
from surveyapp.models import Unit, User


def create_user(username: str, password: str, role: str, full_name: str, unit: Unit | None) -> User:
    """Add a staff account (password hashed). No commit: the caller's use case commits."""
    user = User(username=username, full_name=full_name, role=role, unit=unit)
    user.set_password(password)
    db.session.add(user)
    return user


def deactivate_user(user: User) -> None:
    """Close an account and end its open sessions. No commit: the caller's use case commits."""
    user.active = False
    user.end_sessions()


def visible_unit_ids(user: User) -> set[int] | None:
    """Units a user may see: None means all (admin, reviewer); a supervisor sees a subtree."""
    if user.role in ("admin", "reviewer"):
        return None
    if user.unit_id is None:
        return set()
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in db.session.execute(db.select(Unit.id, Unit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    seen, stack = set(), [user.unit_id]
    while stack:
        unit_id = stack.pop()
        seen.add(unit_id)
        stack.extend(children.get(unit_id, []))
    return seen
