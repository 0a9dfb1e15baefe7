"""Derived data for the dashboards: additive rating summaries per desk x unit x month.

Never the source of truth: ``flask --app wsgi rebuild-summaries`` recomputes every cell from
the responses. A response reaches its cell through ``pending_summaries``, written in the
response's own transaction and emptied by the fold (``services/rating_cells.py``).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow


class RatingCell(db.Model):
    """The summary of every response given at one desk, for one unit, in one local month,
    to one questionnaire version: ``analysis.summary_to_vectors`` as little-endian float64."""

    __tablename__ = "rating_cells"

    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(sa.ForeignKey("desks.id"))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(sa.ForeignKey("instruments.id"))
    month: Mapped[date] = mapped_column(sa.Date, index=True)  # first day, Asia/Ho_Chi_Minh
    responses: Mapped[int]
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("desk_id", "unit_id", "instrument_id", "month"),)


class PendingSummary(db.Model):
    """A stored response not yet folded into its rating cell."""

    __tablename__ = "pending_summaries"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )


class BreakdownCount(db.Model):
    """Respondents of one unit and local month in one group (a procedure, a demographic
    option, an improvement priority; dimension "all" is everyone), and how many of them
    rated the overall question at all and 4-5. Derived data, rebuilt with the cells."""

    __tablename__ = "breakdown_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"))
    month: Mapped[date] = mapped_column(sa.Date)
    dimension: Mapped[str] = mapped_column(sa.String(32))  # "all", "procedure" or a question
    value: Mapped[str] = mapped_column(sa.String(40))
    respondents: Mapped[int]
    overall_valid: Mapped[int]
    overall_satisfied: Mapped[int]

    __table_args__ = (
        sa.UniqueConstraint("unit_id", "month", "dimension", "value"),
        sa.Index("ix_breakdown_counts_unit_id_month", "unit_id", "month"),
    )
