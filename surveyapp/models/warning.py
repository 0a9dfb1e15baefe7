"""Early warning: each desk's latest CUSUM chart, the warnings it raised, and staff notices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow
from surveyapp.models.org import Desk
from surveyapp.models.user import User


class DeskChart(db.Model):
    """The latest run of a desk's chart (``check-early-warnings`` replaces it each run).

    ``p0`` and ``decision_limit`` are None when the baseline has too few answers (shown as
    "not enough data")."""

    __tablename__ = "desk_charts"

    desk_id: Mapped[int] = mapped_column(sa.ForeignKey("desks.id"), primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime]  # the chart counts responses from here
    baseline_responses: Mapped[int]  # valid overall ratings in the baseline months
    baseline_not_satisfied: Mapped[int]
    p0: Mapped[float | None]
    decision_limit: Mapped[float | None]
    statistic: Mapped[float] = mapped_column(default=0.0)
    responses: Mapped[int] = mapped_column(default=0)  # counted since started_at
    not_satisfied: Mapped[int] = mapped_column(default=0)


class EarlyWarning(db.Model):
    """A desk whose chart crossed its limit. Open until someone responsible acknowledges it;
    ``open_desk_id`` (the desk while open, NULL after) makes one open warning per desk a
    unique constraint, so concurrent checks raise it once."""

    __tablename__ = "early_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(sa.ForeignKey("desks.id"), index=True)
    open_desk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("desks.id"), unique=True)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime]  # first response the chart counted
    crossed_at: Mapped[datetime]  # the response at which it crossed the limit
    p0: Mapped[float]
    decision_limit: Mapped[float]
    statistic: Mapped[float]
    baseline_responses: Mapped[int]
    baseline_not_satisfied: Mapped[int]
    responses: Mapped[int]  # counted from started_at up to the crossing
    not_satisfied: Mapped[int]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    desk: Mapped[Desk] = relationship(foreign_keys=[desk_id])

    @property
    def code(self) -> str:
        """The label of its audit records."""
        return f"{self.desk.code}@{self.raised_at:%Y-%m-%d}"


NOTICE_KINDS = ("early_warning",)


class Notice(db.Model):
    """An in-app message to one staff member; ``params`` fill the kind's translated text.
    ``mail_pending``: an e-mail is still to be sent (only when mail was on at creation and
    the recipient has an address); the sender clears it before sending, so it goes once."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(32))
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(300))
    warning_id: Mapped[int | None] = mapped_column(sa.ForeignKey("early_warnings.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    mail_pending: Mapped[bool] = mapped_column(default=False, index=True)

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint(sa.column("kind").in_(NOTICE_KINDS), name="kind"),
        sa.Index("ix_notices_user_id_read_at", "user_id", "read_at"),
        # One notice per person per warning, however many checks run at once.
        sa.UniqueConstraint("warning_id", "user_id"),
    )
