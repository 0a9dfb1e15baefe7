"""Improvement plans: a unit x component below the target becomes a goal with actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow
from surveyapp.models.org import Unit
from surveyapp.models.user import User

# draft -> submitted -> approved | returned (-> submitted again) -> in_progress -> completed
# -> evaluated. services/plans.py decides who may move a plan and when.
PLAN_STATUSES = (
    "draft",
    "submitted",
    "returned",
    "approved",
    "in_progress",
    "completed",
    "evaluated",
)
ACTION_STATUSES = ("todo", "in_progress", "done")


class Plan(db.Model):
    """A plan for one unit and one component, opened from a period where it was below."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    component: Mapped[str] = mapped_column(sa.String(16))
    flagged_period: Mapped[str] = mapped_column(sa.String(32))  # a Period.code
    baseline_period: Mapped[str] = mapped_column(sa.String(32))
    evaluation_period: Mapped[str] = mapped_column(sa.String(32))
    goal: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    review_comment: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the plan was opened on (index, weakest criteria, drivers, priorities), as JSON.
    evidence: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # The verdict and its figures, stored when the plan is marked evaluated.
    evaluation: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    unit: Mapped[Unit] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", order_by="PlanAction.id", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        """The audit trail's label: component and unit code."""
        return f"{self.component} · {self.unit.code}"


class PlanAction(db.Model):
    """One thing to do: who, by when, how far."""

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plans.id"), index=True)
    description: Mapped[str] = mapped_column(sa.String(500))
    owner: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(16), default="todo")

    plan: Mapped[Plan] = relationship(back_populates="actions")

    def overdue(self, today: date) -> bool:
        return self.status != "done" and self.due_on < today
