"""Response exports: one row per response, UTF-8 with BOM so Excel shows Vietnamese."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC
from typing import IO
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, Desk, Instrument, Procedure, Response, Unit
from surveyapp.services.instruments import questionnaire_for

BATCH = 2000
NOT_APPLICABLE = "NA"
FIXED_COLUMNS = [
    "response_id",
    "submitted_at",
    "unit_code",
    "unit_name",
    "desk_code",
    "instrument",
    "instrument_version",
    "source",
    "language",
    "procedure_code",
]


def _columns() -> tuple[list[str], list[str]]:
    """Rating and choice columns: the union over every instrument version in the database."""
    ratings: dict[str, None] = {}
    choices: dict[str, None] = {}
    for instrument in db.session.scalars(sa.select(Instrument).order_by(Instrument.id)):
        questionnaire = questionnaire_for(instrument)
        ratings |= dict.fromkeys(questionnaire.rating_codes)
        choices |= dict.fromkeys(question.code for question in questionnaire.choice_questions)
    return list(ratings), list(choices)


def _batches() -> Iterator[list[sa.Row]]:
    query = (
        sa.select(
            Response.id,
            Response.submitted_at,
            Unit.code,
            Unit.name,
            Desk.code,
            Instrument.code,
            Instrument.version,
            Response.source,
            Response.language,
            Procedure.code,
            Response.comment,
        )
        .join(Unit, Response.unit_id == Unit.id)
        .join(Desk, Response.desk_id == Desk.id)
        .join(Instrument, Response.instrument_id == Instrument.id)
        .outerjoin(Procedure, Response.procedure_id == Procedure.id)
        .order_by(Response.id)
    )
    last_id = 0
    while rows := db.session.execute(query.where(Response.id > last_id).limit(BATCH)).all():
        yield rows
        last_id = rows[-1][0]


def _details(ids: list[int]) -> tuple[dict, dict]:
    ratings: dict[int, dict[str, str]] = defaultdict(dict)
    where = Answer.response_id.between(ids[0], ids[-1])
    for response_id, criterion, rating in db.session.execute(
        sa.select(Answer.response_id, Answer.criterion, Answer.rating).where(where)
    ):
        ratings[response_id][criterion] = NOT_APPLICABLE if rating is None else str(rating)
    picked: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for response_id, question, option in db.session.execute(
        sa.select(Choice.response_id, Choice.question, Choice.option)
        .where(Choice.response_id.between(ids[0], ids[-1]))
        .order_by(Choice.response_id, Choice.question, Choice.option)
    ):
        picked[response_id][question].append(option)
    return ratings, picked


def write_responses_csv(stream: IO[str]) -> int:
    """Write every response to ``stream`` (opened with newline=''). Returns the row count.

    Ratings are 1-5, ``NA`` for "not applicable", empty when not answered; multiple choices are
    joined with ``;``; times are local (BABEL_DEFAULT_TIMEZONE) in ISO 8601.
    """
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    rating_codes, choice_codes = _columns()
    writer = csv.writer(stream)
    writer.writerow(FIXED_COLUMNS + rating_codes + choice_codes + ["comment"])
    count = 0
    for rows in _batches():
        ratings, picked = _details([row[0] for row in rows])
        for row in rows:
            when = row[1].replace(tzinfo=UTC).astimezone(zone).isoformat(timespec="seconds")
            writer.writerow(
                [row[0], when, *row[2:10]]
                + [ratings[row[0]].get(code, "") for code in rating_codes]
                + [";".join(picked[row[0]].get(code, [])) for code in choice_codes]
                + [row[10] or ""]
            )
        count += len(rows)
    return count
