"""Staff accounts. Citizens never have one."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.extensions import db
from surveyapp.models.org import Unit

ROLES = ("admin", "reviewer", "supervisor")

user_units = sa.Table(
    "user_units",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("unit_id", sa.ForeignKey("units.id"), primary_key=True),
)


class User(UserMixin, db.Model):
    """A staff member: administrator, Home Affairs reviewer, or supervisor of some units."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # Where notices are also e-mailed when MAIL_ENABLED (flask --app wsgi set-notice-email).
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # Part of the id kept in the session cookie: raising it ends every session of the account
    # (sign-out, deactivation, a new password), whichever worker or host serves the next request.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    # Sign-in attempts since the last success, and until when attempts are refused.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    units: Mapped[list[Unit]] = relationship(secondary=user_units, order_by=Unit.code)

    __table_args__ = (sa.CheckConstraint(sa.column("role").in_(ROLES), name="role"),)

    def set_password(self, password: str) -> None:
        """Hash and keep ``password``; sessions opened with the old one end."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Make every session cookie issued so far for this account worthless."""
        self.session_epoch = (self.session_epoch or 0) + 1

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the account and its session epoch."""
        return f"{self.id}:{self.session_epoch or 0}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active
