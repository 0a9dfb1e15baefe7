"""Bulk-insert simulated responses for one demo unit."""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa

from surveyapp.demo.dates import business_times, month_starts
from surveyapp.demo.quick import NOT_SHOWN, mask_to_draws, quick_from
from surveyapp.demo.simulation import simulate
from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, Instrument, Response, Unit
from surveyapp.services.instruments import questionnaire_for

COMMENTS = {
    "low": [
        "Phải đi lại nhiều lần mới xong hồ sơ.",
        "Cán bộ hướng dẫn chưa rõ ràng.",
        "Chờ đợi quá lâu, không có chỗ ngồi.",
        "Thái độ phục vụ chưa nhiệt tình.",
    ],
    "high": [
        "Cán bộ nhiệt tình, chu đáo.",
        "Thủ tục nhanh gọn, cảm ơn.",
        "Hướng dẫn dễ hiểu, trả kết quả đúng hẹn.",
    ],
}


def _next_id() -> int:
    return (db.session.scalar(sa.select(sa.func.max(Response.id))) or 0) + 1


def _choice_rows(rng: np.random.Generator, questionnaire, ids: np.ndarray) -> list[dict]:
    """Priorities (0-3 each) for everyone; each demographic answered by 60%."""
    rows = []
    for question in questionnaire.choice_questions:
        options = np.array(question.options)
        if question.multiple:
            ranks = rng.random((len(ids), len(options))).argsort(axis=1).argsort(axis=1)
            respondent, option = np.nonzero(ranks < rng.integers(0, 4, (len(ids), 1)))
        else:
            respondent = np.flatnonzero(rng.random(len(ids)) < 0.6)
            option = rng.integers(0, len(options), len(respondent))
        rows += [
            {"response_id": int(ids[r]), "question": question.code, "option": str(options[o])}
            for r, o in zip(respondent, option, strict=True)
        ]
    return rows


def _comment(rng: np.random.Generator, overall: int) -> str | None:
    if rng.random() > 0.08:
        return None
    pool = COMMENTS["low" if overall <= 3 else "high"]
    return pool[rng.integers(len(pool))]


def _response_rows(
    rng: np.random.Generator,
    unit: Unit,
    instrument: Instrument,
    ids: np.ndarray,
    times: list,
    overall: np.ndarray,
    shown: list[str | None],
) -> list[dict]:
    rows = []
    for response_id, when, rating, shown_criteria in zip(
        ids.tolist(), times, overall.tolist(), shown, strict=True
    ):
        desk = unit.desks[rng.integers(len(unit.desks))]
        procedure = unit.procedures[rng.integers(len(unit.procedures))] if unit.procedures else None
        rows.append(
            {
                "id": response_id,
                "desk_id": desk.id,
                "unit_id": unit.id,
                "instrument_id": instrument.id,
                "submitted_at": when,
                "source": "form",
                "language": "vi",
                "submission_key": f"demo-{response_id:08d}",
                "procedure_id": procedure.id if procedure else None,
                "comment": _comment(rng, rating),
                "shown_criteria": shown_criteria,
            }
        )
    return rows


def _answer_rows(codes: list[str], ids: np.ndarray, ratings: np.ndarray, overall: np.ndarray):
    """One row per rated criterion (0 in ``ratings`` is "not applicable", and a criterion
    the quick form did not show has none), then OVERALL."""
    rows = []
    for response_id, row, rating in zip(
        ids.tolist(), ratings.tolist(), overall.tolist(), strict=True
    ):
        rows += [
            {"response_id": response_id, "criterion": code, "rating": value or None}
            for code, value in zip(codes, row, strict=True)
            if value != NOT_SHOWN
        ]
        rows.append({"response_id": response_id, "criterion": "OVERALL", "rating": rating})
    return rows


def insert_unit_responses(
    rng: np.random.Generator,
    unit: Unit,
    instrument: Instrument,
    month_index: np.ndarray,
    targets: np.ndarray,
) -> int:
    """Insert simulated responses for ``unit``: one per entry of the sorted ``month_index``
    (0 is June 2025), satisfied with the per-component ``targets``; quick-form responses
    from the unit's :func:`~surveyapp.demo.quick.quick_from` month. No commit."""
    questionnaire = questionnaire_for(instrument)
    simulated = simulate(rng, questionnaire, targets)
    ratings, shown = simulated.ratings, [None] * len(month_index)
    if quick_from(unit) is not None:
        quick = month_index >= quick_from(unit)
        ratings, shown = mask_to_draws(unit, questionnaire, ratings, quick)
    months = month_starts()
    times = [
        when
        for m, month in enumerate(months)
        for when in business_times(rng, month, int((month_index == m).sum()))
    ]
    count = len(month_index)
    start = _next_id()
    ids = np.arange(start, start + count)
    codes = [c.code for c in questionnaire.criteria]
    tables = (
        (Response, _response_rows(rng, unit, instrument, ids, times, simulated.overall, shown)),
        (Answer, _answer_rows(codes, ids, ratings, simulated.overall)),
        (Choice, _choice_rows(rng, questionnaire, ids)),
    )
    # Core executemany: one statement per table (ORM bulk inserts split rows into groups).
    for model, rows in tables:
        if rows:
            db.session.execute(model.__table__.insert(), rows)
    return count
