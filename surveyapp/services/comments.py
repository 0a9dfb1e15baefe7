"""What citizens wrote: a unit's comments for a period, newest first, searchable, filtered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from surveyapp.extensions import db
from surveyapp.models import Answer, Desk, Procedure, Response
from surveyapp.services.periods import Period
from surveyapp.services.scores import utc_bounds

PAGE_SIZE = 20


@dataclass(frozen=True)
class Comment:
    submitted_at: datetime
    desk: str
    procedure: str | None
    overall: int | None
    text: str


@dataclass(frozen=True)
class CommentPage:
    comments: list[Comment]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True)
class CommentFilter:
    search: str = ""
    overall: int | None = None  # the overall rating, 1-5
    procedure_id: int | None = None


def comments(
    unit_ids: sa.Select | list[int], period: Period, chosen: CommentFilter, page: int
) -> CommentPage:
    first, end = utc_bounds(period)
    overall = aliased(Answer)
    query = (
        sa.select(
            Response.submitted_at, Desk.name, Procedure.name, overall.rating, Response.comment
        )
        .join(Desk, Desk.id == Response.desk_id)
        .outerjoin(Procedure, Procedure.id == Response.procedure_id)
        .outerjoin(
            overall, sa.and_(overall.response_id == Response.id, overall.criterion == "OVERALL")
        )
        .where(
            Response.unit_id.in_(unit_ids),
            Response.comment.is_not(None),
            Response.submitted_at >= first,
            Response.submitted_at < end,
        )
    )
    if chosen.search:
        pattern = "%" + chosen.search.lower().replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(sa.func.lower(Response.comment).like(pattern, escape="\\"))
    if chosen.overall is not None:
        query = query.where(overall.rating == chosen.overall)
    if chosen.procedure_id is not None:
        query = query.where(Response.procedure_id == chosen.procedure_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return CommentPage([Comment(*row) for row in rows], total, max(page, 1))
