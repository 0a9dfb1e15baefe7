"""Citizen responses: one row per response, its ratings and its choices."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow

SOURCES = ("form", "receipt", "api", "import")


class Response(db.Model):
    """A submitted questionnaire. Never holds an IP address or a raw dossier code."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(sa.ForeignKey("desks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instruments.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    source: Mapped[str] = mapped_column(sa.String(16))
    language: Mapped[str] = mapped_column(sa.String(8))
    # Idempotency: a double tap or browser retry carries the same key and is stored once.
    submission_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Keyed hash of the dossier code: one rating per dossier without keeping the code.
    dossier_digest: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    procedure_id: Mapped[int | None] = mapped_column(sa.ForeignKey("procedures.id"))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    # The criteria the citizen was shown, ";"-joined, when the form showed a drawn subset (quick
    # mode); None when it showed every criterion of its version (full form, imports, older rows).
    shown_criteria: Mapped[str | None] = mapped_column(sa.String(200))

    answers: Mapped[list[Answer]] = relationship(order_by="Answer.criterion")
    choices: Mapped[list[Choice]] = relationship(order_by="Choice.question")

    __table_args__ = (
        sa.CheckConstraint(sa.column("source").in_(SOURCES), name="source"),
        # A unit's responses of a period (comments, exports): read by range, not scanned.
        sa.Index("ix_responses_unit_id_submitted_at", "unit_id", "submitted_at"),
    )


class Answer(db.Model):
    """A rating of one criterion. ``rating`` is None for "not applicable"."""

    __tablename__ = "answers"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    criterion: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)

    __table_args__ = (
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )


class Choice(db.Model):
    """An option picked for a non-rating question: priorities, demographics, perception."""

    __tablename__ = "choices"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    option: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
