"""Staff accounts: creating and deactivating them (the admin use cases that commit, with
their audit records, are in services/staff.py; sign-in and sessions in services/sign_in.py)."""

from __future__ import annotations

from collections.abc import Sequence

from surveyapp.extensions import db
from surveyapp.models import Unit, User


def create_user(
    username: str, password: str, role: str, full_name: str, units: Sequence[Unit] = ()
) -> User:
    """Add a staff account (password hashed). No commit: the caller's use case commits."""
    user = User(username=username, full_name=full_name, role=role, units=list(units))
    user.set_password(password)
    db.session.add(user)
    return user


def deactivate_user(user: User) -> None:
    """Close an account and end its open sessions. No commit: the caller's use case commits."""
    user.active = False
    user.end_sessions()
