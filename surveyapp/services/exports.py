"""Response exports: one row per response, for a scope of units and a period.

Rows are read in batches of ``BATCH`` responses (keyset on the id), so memory stays the same
whatever the number of responses: CSV goes out as chunks of text (UTF-8 with BOM so Excel
shows Vietnamese), XLSX through XlsxWriter's ``constant_memory`` mode into a temporary file.
Nothing personal is exported: there are no contact fields, only the answers, the desk, the
procedure and the free-text comment.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC
from typing import IO
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import xlsxwriter
from flask import current_app

from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, Desk, Instrument, Procedure, Response, Unit
from surveyapp.services import scores
from surveyapp.services.instruments import questionnaire_for
from surveyapp.services.periods import Period

BATCH = 2000
NOT_APPLICABLE = "NA"
ALL_SHOWN = "all"  # shown_criteria of a response that was shown every criterion (full form)
BOM = "\ufeff"
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
    "shown_criteria",
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


def _query(unit_ids: sa.Select | list[int] | None, period: Period | None) -> sa.Select:
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
            Response.shown_criteria,
        )
        .join(Unit, Response.unit_id == Unit.id)
        .join(Desk, Response.desk_id == Desk.id)
        .join(Instrument, Response.instrument_id == Instrument.id)
        .outerjoin(Procedure, Response.procedure_id == Procedure.id)
        .order_by(Response.id)
    )
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(unit_ids))
    if period is not None:
        first, end = scores.utc_bounds(period)
        query = query.where(Response.submitted_at >= first, Response.submitted_at < end)
    return query


def _batches(query: sa.Select) -> Iterator[list[sa.Row]]:
    last_id = 0
    while rows := db.session.execute(query.where(Response.id > last_id).limit(BATCH)).all():
        yield rows
        last_id = rows[-1][0]


def _details(ids: list[int]) -> tuple[dict, dict]:
    ratings: dict[int, dict[str, str]] = defaultdict(dict)
    for response_id, criterion, rating in db.session.execute(
        sa.select(Answer.response_id, Answer.criterion, Answer.rating).where(
            Answer.response_id.in_(ids)
        )
    ):
        ratings[response_id][criterion] = NOT_APPLICABLE if rating is None else str(rating)
    picked: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for response_id, question, option in db.session.execute(
        sa.select(Choice.response_id, Choice.question, Choice.option)
        .where(Choice.response_id.in_(ids))
        .order_by(Choice.response_id, Choice.question, Choice.option)
    ):
        picked[response_id][question].append(option)
    return ratings, picked


def response_rows(
    unit_ids: sa.Select | list[int] | None = None, period: Period | None = None
) -> Iterator[list[list]]:
    """The header, then batches of rows: every response of these units (None: all) in the
    period (None: all time). Ratings are 1-5, ``NA`` for "not applicable", empty when not
    answered; multiple choices are joined with ``;``; times are local ISO 8601.
    ``shown_criteria`` is ``all`` for a full form, else the ``;``-joined criteria a quick form
    drew: a criterion outside it was not shown (empty, and not "skipped")."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    rating_codes, choice_codes = _columns()
    yield [FIXED_COLUMNS + rating_codes + choice_codes + ["comment"]]
    for rows in _batches(_query(unit_ids, period)):
        ratings, picked = _details([row[0] for row in rows])
        yield [
            [row[0], row[1].replace(tzinfo=UTC).astimezone(zone).isoformat(timespec="seconds")]
            + list(row[2:10])
            + [row[11] or ALL_SHOWN]
            + [ratings[row[0]].get(code, "") for code in rating_codes]
            + [";".join(picked[row[0]].get(code, [])) for code in choice_codes]
            + [row[10] or ""]
            for row in rows
        ]


def write_responses_csv(
    stream: IO[str], unit_ids: sa.Select | list[int] | None = None, period: Period | None = None
) -> int:
    """Write the responses to ``stream`` (opened with newline=''). Returns the row count."""
    writer = csv.writer(stream)
    count = -1
    for batch in response_rows(unit_ids, period):
        writer.writerows(batch)
        count += len(batch)
    return count


def csv_chunks(unit_ids: sa.Select | list[int] | None, period: Period | None) -> Iterator[str]:
    """The CSV as text chunks, one per batch, the first starting with the BOM."""
    yield BOM
    for batch in response_rows(unit_ids, period):
        buffer = io.StringIO()
        csv.writer(buffer).writerows(batch)
        yield buffer.getvalue()


def responses_xlsx(unit_ids: sa.Select | list[int] | None, period: Period | None) -> IO[bytes]:
    """The responses as an XLSX workbook in an (already unlinked) temporary file, at 0."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "in_memory": False})
        sheet = workbook.add_worksheet("responses")
        bold = workbook.add_format({"bold": True})
        row_number = 0
        for batch in response_rows(unit_ids, period):
            for row in batch:
                sheet.write_row(row_number, 0, row, bold if row_number == 0 else None)
                row_number += 1
        workbook.close()
        return open(path, "rb")  # noqa: SIM115 (the caller streams and closes it)
    finally:
        os.unlink(path)
