"""Recording a response: exactly once per submission key, at most once per dossier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from surveyapp.driver_sql import DriverStatement, connection
from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, PendingSummary, Response
from surveyapp.models.clock import utcnow
from surveyapp.services.desk_codes import Dossier
from surveyapp.services.desk_views import DeskView
from surveyapp.services.instruments import InstrumentVersion

if TYPE_CHECKING:  # submissions.submit calls record_response: no import at run time
    from surveyapp.services.submissions import CleanSubmission

# On the driver's cursor (driver_sql.py): a submission's statements cost more through the ORM.
_INSERT_RESPONSE = DriverStatement(sa.insert(Response).returning(Response.id))
_INSERT_ANSWERS = DriverStatement(sa.insert(Answer))
_INSERT_CHOICES = DriverStatement(sa.insert(Choice))
# Queued for the dashboards' rating cells (services/rating_cells.py), in the same transaction.
_QUEUE_FOR_SUMMARY = DriverStatement(sa.insert(PendingSummary))


class DossierAlreadyRated(Exception):
    """This dossier has a rating already; a receipt allows exactly one."""


class KeyReused(Exception):
    """The submission key was stored before with other answers: this is no retry of it."""


@dataclass(frozen=True)
class Recorded:
    response_id: int
    created: bool  # False when the same submission key was stored before (a retry)


def _existing(submission_key: str) -> Response | None:
    return db.session.scalar(sa.select(Response).where(Response.submission_key == submission_key))


def _same_submission(
    stored: Response, desk: DeskView, clean: CleanSubmission, dossier: Dossier | None
) -> bool:
    """Whether ``stored`` holds what ``clean`` says for ``desk``: a retry, not a new response."""
    choices: dict[str, set[str]] = {}
    for choice in stored.choices:
        choices.setdefault(choice.question, set()).add(choice.option)
    kept = (stored.desk_id, stored.dossier_digest, stored.procedure_id, stored.comment)
    kept += (stored.shown_criteria,)
    sent = (desk.id, dossier.digest if dossier else None, clean.procedure_id, clean.comment)
    sent += (clean.shown_criteria,)
    return (
        kept == sent
        and {answer.criterion: answer.rating for answer in stored.answers} == clean.answers
        and choices == {question: set(options) for question, options in clean.choices.items()}
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
    """Add the response, its answers, its choices and its queue row. Never commits."""
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
        "shown_criteria": clean.shown_criteria,
    }
    driver = connection()
    response_id = driver.first(_INSERT_RESPONSE, row).id
    answers = [
        {"response_id": response_id, "criterion": code, "rating": rating}
        for code, rating in clean.answers.items()
    ]
    choices = [
        {"response_id": response_id, "question": question, "option": option}
        for question, options in clean.choices.items()
        for option in options
    ]
    driver.run_many(_INSERT_ANSWERS, answers)
    if choices:
        driver.run_many(_INSERT_CHOICES, choices)
    # In the same transaction: folded into the dashboards once, whatever happens after.
    driver.run_many(_QUEUE_FOR_SUMMARY, [{"response_id": response_id}])
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

    A retry with the same submission key returns the stored id without a second row, and the
    key sent again with other answers raises :class:`KeyReused`; a second rating of the same
    dossier raises :class:`DossierAlreadyRated`. The database's unique
    constraints decide, so both hold under concurrency, and the common case (a new response)
    costs no lookup before the insert. One commit: the response with its rows, or nothing.
    """
    driver = connection()
    try:
        response_id = _insert(desk, instrument, clean, source, dossier)
        driver.commit()
    except IntegrityError:
        driver.rollback()
        existing = _existing(clean.submission_key)
        if existing is not None:
            if not _same_submission(existing, desk, clean, dossier):
                raise KeyReused(clean.submission_key) from None
            return Recorded(existing.id, created=False)
        if dossier is not None and dossier_rated(dossier):
            raise DossierAlreadyRated(dossier.code) from None
        raise
    except Exception:  # the database is unavailable, or anything else: nothing stays pending
        driver.rollback()
        raise
    return Recorded(response_id, created=True)


class Rejected(Exception):
    """The submission breaks a rule; nothing was stored."""

    def __init__(self, problems: list) -> None:
        super().__init__(", ".join(f"{p.field}:{p.code}" for p in problems))
        self.problems = problems
