"""Tokens that other government systems use to read the API on behalf of a staff account."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow
from surveyapp.models.user import User


class ApiToken(db.Model):
    """One bearer token of a staff account. Only a keyed hash of the token is stored: the
    token itself is shown once, when it is created (services/api_tokens.py)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))  # what it is for, e.g. "Cổng dịch vụ công"
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # HMAC-SHA256, hex
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
