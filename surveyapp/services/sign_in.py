"""Staff sign-in: password checks with a per-account lockout, and sessions that can be ended.

Both live in the database, so every worker and host sees the same counts and the same ended
sessions. The worker's rate limit per address (LOGIN_RATE_LIMIT) stays as a first filter.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash

from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.models.clock import utcnow

# Checked when the username is unknown or locked, so that timing reveals neither.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummys$" + "0" * 128


def _pause(failures: int) -> timedelta:
    """How long an account waits after ``failures`` attempts: doubling, up to a maximum."""
    config = current_app.config
    doublings = min(failures - config["LOGIN_LOCKOUT_AFTER"], 16)
    seconds = config["LOGIN_LOCKOUT_SECONDS"] * 2**doublings
    return timedelta(seconds=min(seconds, config["LOGIN_LOCKOUT_MAX_SECONDS"]))


def _claim_attempt(user_id: int, now: datetime) -> bool:
    """Count one attempt before the password is checked; False while the account is paused.

    The count and the pause are committed first, so concurrent attempts on any worker are
    counted one after the other (the UPDATE locks the row) and at most LOGIN_LOCKOUT_AFTER
    passwords are checked before the pause, however many arrive at once.
    """
    users = User.__table__
    not_paused = sa.or_(users.c.locked_until.is_(None), users.c.locked_until <= now)
    count = db.session.execute(
        sa.update(users)
        .where(users.c.id == user_id, not_paused)
        .values(failed_logins=users.c.failed_logins + 1)
        .returning(users.c.failed_logins)
    ).scalar()
    if count is not None and count >= current_app.config["LOGIN_LOCKOUT_AFTER"]:
        pause = users.update().where(users.c.id == user_id)
        db.session.execute(pause.values(locked_until=now + _pause(count)))
    db.session.commit()
    return count is not None


def authenticate(username: str, password: str) -> User | None:
    """The active account with this username and password, or None (never saying why)."""
    user = db.session.scalar(db.select(User).where(User.username == username.strip()))
    if user is None or not _claim_attempt(user.id, utcnow()):
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not (user.active and user.check_password(password)):
        return None
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()
    return user


def user_for_session(session_id: str) -> User | None:
    """The account a session cookie names, unless its sessions were ended since it was issued."""
    user_id, _, epoch = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or str(user.session_epoch) != epoch:
        return None
    return user


def sign_out(user: User) -> None:
    """End the account's sessions everywhere: a copied session cookie opens nothing any more."""
    user.end_sessions()
    db.session.commit()
