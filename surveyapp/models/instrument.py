"""Questionnaires as versioned data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow


class Instrument(db.Model):
    """One version of a questionnaire. The definition is frozen once responses use it."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    version: Mapped[int]
    checksum: Mapped[str] = mapped_column(sa.String(64))
    # Deferred: forms use the cached Questionnaire (by checksum) and rarely need the JSON.
    definition: Mapped[dict[str, Any]] = mapped_column(sa.JSON, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("code", "version"),)

    def __repr__(self) -> str:
        return f"<Instrument {self.code} v{self.version}>"
