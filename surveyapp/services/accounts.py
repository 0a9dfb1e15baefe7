"""Staff accounts: sign-in checks and new accounts (admin use cases: services/staff.py)."""

from __future__ import annotations

from collections.abc import Sequence

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


def create_user(
    username: str, password: str, role: str, full_name: str, units: Sequence[Unit] = ()
) -> User:
    """Add a staff account (password hashed). No commit: the caller's use case commits."""
    user = User(username=username, full_name=full_name, role=role, units=list(units))
    user.set_password(password)
    db.session.add(user)
    return user
