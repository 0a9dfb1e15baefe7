"""Recording a response: exactly once per submission key, at most once per dossier."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, Response
from surveyapp.models.clock import utcnow
from surveyapp.services.desk_codes import Dossier
from surveyapp.services.desk_views import DeskView
from surveyapp.services.instruments import InstrumentVersion
from surveyapp.services.submissions import CleanSubmission, RawSubmission, validate


class DossierAlreadyRated(Exception):
    """This dossier has a rating already; a receipt allows exactly one."""


@dataclass(frozen=True)
class Recorded:
    response_id: int
    created: bool  # False when the same submission key was stored before (a retry)


def _existing(submission_key: str) -> int | None:
    return db.session.scalar(
        sa.select(Response.id).where(Response.submission_key == submission_key)
    )


def dossier_rated(dossier: Dossier) -> bool:
    query = sa.select(Response.id).where(Response.dossier_digest == dossier.digest)
    return db.session.scalar(query) is not None


def _insert(
    desk: DeskView,
    instrument: InstrumentVersion,
    clean: CleanSubmission,
    source: str,
    dossier: Dossier | None,
) -> int:
    row = {
        "desk_id": desk.id,
        "unit_id": desk.unit_id,
        "instrument_id": instrument.id,
        "submitted_at": utcnow(),
        "source": source,
        "language": clean.language,
        "submission_key": clean.submission_key,
        "dossier_digest": dossier.digest if dossier else None,
        "procedure_id": clean.procedure_id,
        "comment": clean.comment,
    }
    table = Response.__table__
    response_id = db.session.execute(table.insert().returning(table.c.id), row).scalar_one()
    answers = [
        {"response_id": response_id, "criterion": code, "rating": rating}
        for code, rating in clean.answers.items()
    ]
    choices = [
        {"response_id": response_id, "question": question, "option": option}
        for question, options in clean.choices.items()
        for option in options
    ]
    db.session.execute(Answer.__table__.insert(), answers)
    if choices:
        db.session.execute(Choice.__table__.insert(), choices)
    return response_id


def record_response(
    desk: DeskView,
    instrument: InstrumentVersion,
    clean: CleanSubmission,
    *,
    source: str,
    dossier: Dossier | None = None,
) -> Recorded:
    """Store a validated submission in one transaction.

    A retry with the same submission key returns the stored id without a second row; a second
    rating of the same dossier raises :class:`DossierAlreadyRated`. The database's unique
    constraints decide, so both hold under concurrency, and the common case (a new response)
    costs no lookup before the insert.
    """
    try:
        response_id = _insert(desk, instrument, clean, source, dossier)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _existing(clean.submission_key)
        if existing is not None:
            return Recorded(existing, created=False)
        if dossier is not None and dossier_rated(dossier):
            raise DossierAlreadyRated(dossier.code) from None
        raise
    return Recorded(response_id, created=True)


class Rejected(Exception):
    """The submission breaks a rule; nothing was stored."""

    def __init__(self, problems: list) -> None:
        super().__init__(", ".join(f"{p.field}:{p.code}" for p in problems))
        self.problems = problems


def submit(
    desk: DeskView,
    instrument: InstrumentVersion,
    raw: RawSubmission,
    *,
    source: str,
    dossier: Dossier | None = None,
) -> Recorded:
    """Validate ``raw`` against the instrument version the citizen saw, then record it."""
    clean, problems = validate(instrument.questionnaire, desk, raw)
    if problems:
        raise Rejected(problems)
    return record_response(desk, instrument, clean, source=source, dossier=dossier)
