"""Recording a response: exactly once per submission key, at most once per dossier."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from surveyapp.database import DriverStatement
from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, PendingSummary, Response
from surveyapp.models.clock import utcnow
from surveyapp.services import desk_views
from surveyapp.services.desk_codes import Dossier
from surveyapp.services.desk_views import DeskView
from surveyapp.services.instruments import InstrumentVersion
from surveyapp.services.submissions import CleanSubmission, RawSubmission, validate

_RESPONSE_COLUMNS = (
    "desk_id",
    "unit_id",
    "instrument_id",
    "submitted_at",
    "source",
    "language",
    "submission_key",
    "dossier_digest",
    "procedure_id",
    "comment",
)


def _insert_if_unchanged(through_code: bool) -> sa.Insert:
    """INSERT … SELECT the response's values WHERE the desk is as the caller saw it."""
    table = Response.__table__
    params = (sa.bindparam(name, type_=table.c[name].type) for name in _RESPONSE_COLUMNS)
    values = sa.select(*params).where(desk_views.unchanged(through_code))
    return table.insert().from_select(_RESPONSE_COLUMNS, values).returning(table.c.id)


# Built once: on the citizen's path, building and hashing statements cost more than running them.
_INSERT_RESPONSE = {
    through_code: DriverStatement(_insert_if_unchanged(through_code))
    for through_code in (True, False)
}
_INSERT_ANSWERS = DriverStatement(Answer.__table__.insert())
_INSERT_CHOICES = DriverStatement(Choice.__table__.insert())
# Queued for the dashboards' rating cells (services/rating_cells.py), in the same transaction.
_QUEUE_FOR_SUMMARY = DriverStatement(PendingSummary.__table__.insert())


class DeskChanged(Exception):
    """The desk was re-issued a code, deactivated, moved or given another form since it was read."""


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
    sent = (desk.id, dossier.digest if dossier else None, clean.procedure_id, clean.comment)
    return (
        kept == sent
        and {answer.criterion: answer.rating for answer in stored.answers} == clean.answers
        and choices == {question: set(options) for question, options in clean.choices.items()}
    )


def dossier_rated(dossier: Dossier) -> bool:
    query = sa.select(Response.id).where(Response.dossier_digest == dossier.digest)
    return db.session.scalar(query) is not None


def _insert(
    connection: sa.Connection,
    desk: DeskView,
    instrument: InstrumentVersion,
    clean: CleanSubmission,
    source: str,
    dossier: Dossier | None,
) -> int:
    row = desk_views.unchanged_params(desk) | {
        "instrument_id": instrument.id,
        "submitted_at": utcnow(),
        "source": source,
        "language": clean.language,
        "submission_key": clean.submission_key,
        "dossier_digest": dossier.digest if dossier else None,
        "procedure_id": clean.procedure_id,
        "comment": clean.comment,
    }
    statement = _INSERT_RESPONSE[desk.code_key is not None]
    response_id = statement.execute(connection, [row]).scalar()
    if response_id is None:
        raise DeskChanged(desk.code)
    answers = [
        {"response_id": response_id, "criterion": code, "rating": rating}
        for code, rating in clean.answers.items()
    ]
    choices = [
        {"response_id": response_id, "question": question, "option": option}
        for question, options in clean.choices.items()
        for option in options
    ]
    _INSERT_ANSWERS.execute(connection, answers)
    _QUEUE_FOR_SUMMARY.execute(connection, [{"response_id": response_id}])
    if choices:
        _INSERT_CHOICES.execute(connection, choices)
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
    costs no lookup before the insert. ``desk`` may have been kept in memory: the insert checks
    it still holds and raises :class:`DeskChanged` (nothing stored) if not.
    """
    try:
        with db.engine.begin() as connection:
            response_id = _insert(connection, desk, instrument, clean, source, dossier)
    except IntegrityError:
        existing = _existing(clean.submission_key)
        if existing is not None:
            if not _same_submission(existing, desk, clean, dossier):
                raise KeyReused(clean.submission_key) from None
            return Recorded(existing.id, created=False)
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
