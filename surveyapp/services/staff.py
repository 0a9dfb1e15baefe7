"""Staff accounts: create, change role and units, deactivate, reset the password.
One transaction each, with its audit record (never the password or its hash)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Unit, User
from surveyapp.models.user import ROLES
from surveyapp.services import audit
from surveyapp.services.accounts import create_user, deactivate_user
from surveyapp.services.audit import Actor

MIN_PASSWORD_LENGTH = 10


class StaffError(ValueError):
    """The change would leave an account unusable or unsafe; nothing was changed."""


def _snapshot(user: User) -> dict:
    return audit.snapshot(user, "username", "full_name", "role", "active") | {
        "units": [unit.code for unit in user.units]
    }


def _check(role: str, units: Sequence[Unit]) -> None:
    if role not in ROLES:
        raise StaffError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if role == "supervisor" and not units:
        raise StaffError("a supervisor needs at least one unit")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def create_staff(
    actor: Actor, username: str, full_name: str, role: str, units: Sequence[Unit], password: str
) -> User:
    username = username.strip()
    _check(role, units)
    _check_password(password)
    if not username or db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise StaffError(f"username {username!r} is empty or taken")
    user = create_user(username, password, role, full_name.strip() or username, units)
    audit.record(actor, "user.create", user, after=_snapshot(user))
    db.session.commit()
    return user


def update_staff(
    actor: Actor, user: User, *, full_name: str, role: str, units: Sequence[Unit]
) -> User:
    _check(role, units)
    if actor.user_id == user.id and role != user.role:
        raise StaffError("you cannot change your own role")
    before = _snapshot(user)
    user.full_name, user.role, user.units = full_name.strip() or user.username, role, list(units)
    after = _snapshot(user)
    if after != before:
        audit.record(actor, "user.update", user, before, after)
    db.session.commit()
    return user


def set_active(actor: Actor, user: User, active: bool) -> User:
    if actor.user_id == user.id and not active:
        raise StaffError("you cannot deactivate your own account")
    before = _snapshot(user)
    if active:
        user.active = True
    else:
        deactivate_user(user)  # its open sessions end too
    audit.record(
        actor, "user.activate" if active else "user.deactivate", user, before, _snapshot(user)
    )
    db.session.commit()
    return user


def reset_password(actor: Actor, user: User) -> str:
    """Give the account a new random password, returned once to show to the administrator;
    sessions opened with the old one end."""
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    audit.record(actor, "user.reset_password", user)
    db.session.commit()
    return password
