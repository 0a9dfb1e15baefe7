"""Staff accounts: sign-in checks and who may see which units."""

from __future__ import annotations

from werkzeug.security import check_password_hash

from surveyapp.extensions import db
from surveyapp.models import Unit, User

# Checked when the username is unknown, so that timing does not reveal which usernames exist.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalar(db.select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.active and user.check_password(password) else None


def create_user(username: str, password: str, role: str, full_name: str, unit: Unit | None) -> User:
    """Add a staff account (password hashed). No commit: the caller's use case commits."""
    user = User(username=username, full_name=full_name, role=role, unit=unit)
    user.set_password(password)
    db.session.add(user)
    return user


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
