"""Scores from rating cells: add the cells of a set of units and months, score them with
``analysis.score_summary``. Every figure on a dashboard comes through here."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import sqlalchemy as sa
from flask import current_app

import analysis
from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import RatingCell
from surveyapp.services.instruments import latest_version, version_by_id
from surveyapp.services.periods import Period
from surveyapp.services.rating_cells import VECTOR_TYPE, layout_of

INSTRUMENT = "sipas-desk"


@dataclass(frozen=True)
class Figure:
    """One index as a dashboard shows it: always with its n and interval."""

    level: str
    code: str
    estimate: float
    n: int
    se: float
    ci_low: float
    ci_high: float
    pvalue: float
    qvalue: float
    status: str

    @property
    def enough(self) -> bool:
        return self.status != "insufficient"


@dataclass(frozen=True)
class Cells:
    """Stored cells of one questionnaire layout, and how many responses were left out because
    they answered a version with other criteria."""

    rows: list[sa.Row]
    questionnaire: Questionnaire
    other_versions: int
    complete: bool = True  # False: only the sums scoring needs were read (no drivers)


def settings() -> dict[str, float]:
    config = current_app.config
    return {
        "target": config["SATISFACTION_TARGET"],
        "min_n": config["MIN_VALID_ANSWERS"],
        "confidence_level": config["CONFIDENCE_LEVEL"],
        "significance_level": config["SIGNIFICANCE_LEVEL"],
    }


def _vector_lengths(questionnaire: Questionnaire) -> tuple[int, int]:
    """(bytes of a whole vector, bytes of its leading part that scoring reads)."""
    layout = layout_of(questionnaire)
    slices = analysis.summary_vector_layout(len(layout["criteria"]), len(set(layout["components"])))
    size = VECTOR_TYPE.itemsize
    whole = max(part.stop for part in slices.values())
    return whole * size, slices["histogram"].start * size


def load_cells(
    unit_ids: Iterable[int] | sa.Select,
    months: Period | tuple[date, date],
    *,
    drivers: bool = True,
) -> Cells:
    """The cells of these units in these months, for the latest layout of the desk form.

    ``drivers=False`` reads only the leading sums that scoring needs (about a third of each
    vector: no histograms, joint counts or pairwise moments), for pages that show no key
    drivers.
    """
    first, last = (months.first, months.last) if isinstance(months, Period) else months
    ids = unit_ids if isinstance(unit_ids, sa.Select) else list(unit_ids)
    questionnaire = latest_version(INSTRUMENT).questionnaire
    vector = RatingCell.vector
    if not drivers:
        vector = sa.func.substr(RatingCell.vector, 1, _vector_lengths(questionnaire)[1])
    columns = (
        RatingCell.unit_id,
        RatingCell.desk_id,
        RatingCell.instrument_id,
        RatingCell.month,
        RatingCell.responses,
        vector.label("vector"),
    )
    query = sa.select(*columns).where(
        RatingCell.unit_id.in_(ids), RatingCell.month.between(first, last)
    )
    rows = db.session.execute(query).all()
    layout = layout_of(questionnaire)
    same = {
        i
        for i in {r.instrument_id for r in rows}
        if layout_of(version_by_id(i).questionnaire) == layout
    }
    kept = [r for r in rows if r.instrument_id in same]
    left_out = sum(r.responses for r in rows if r.instrument_id not in same)
    return Cells(kept, questionnaire, left_out, complete=drivers)


def summary(cells: Cells, key: Callable[[sa.Row], Hashable]) -> analysis.RatingSummary | None:
    """The cells added up by ``key`` (e.g. the reporting unit of the cell's unit)."""
    if not cells.rows:
        return None
    whole = _vector_lengths(cells.questionnaire)[0]
    # A vector read without its tail (drivers=False) gets zeros there: scoring never reads it.
    vectors = np.array(
        [
            np.frombuffer(bytes(row.vector).ljust(whole, b"\0"), dtype=VECTOR_TYPE)
            for row in cells.rows
        ]
    )
    return analysis.summary_from_vectors(
        vectors, [key(row) for row in cells.rows], **layout_of(cells.questionnaire)
    )


def score(rating_summary: analysis.RatingSummary | None) -> analysis.ScoreTable | None:
    """Each level of the table is one Benjamini-Hochberg family: all group x component cells
    of the report (for a province: every unit x component of the period)."""
    if rating_summary is None:
        return None
    overall = current_app.config["OVERALL_INDEX"]
    return analysis.score_summary(rating_summary, overall=overall, family="level", **settings())


def figures(table: analysis.ScoreTable | None) -> dict[tuple, Figure]:
    """(group, level, code) -> Figure, for templates and exports."""
    if table is None:
        return {}
    found = {}
    for row in table.rows():
        figure = Figure(**{k: row[k] for k in Figure.__dataclass_fields__})
        found[(row["group"], row["level"], row["code"])] = figure
    return found


def change(now: Figure | None, before: Figure | None) -> analysis.DifferenceResult | None:
    """now - before, with Newcombe's interval (on effective sizes for composites) and its test;
    None unless both indices have enough answers."""
    if now is None or before is None or not (now.enough and before.enough):
        return None
    return analysis.compare_indices(
        (now.estimate, now.se, now.n),
        (before.estimate, before.se, before.n),
        confidence_level=settings()["confidence_level"],
    )


def utc_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period's local months as naive-UTC [start, end) times, for queries on responses."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    end = period.shifted(len(period.months)).first
    return tuple(
        datetime(day.year, day.month, 1, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
        for day in (period.first, end)
    )


def component_titles(questionnaire: Questionnaire, language: str) -> dict[str, str]:
    return {
        component["code"]: component["title"].get(language) or component["title"]["vi"]
        for domain in questionnaire.definition["domains"]
        for component in domain["components"]
    }


def criterion_texts(questionnaire: Questionnaire, language: str) -> dict[str, str]:
    return {c.code: c.text.get(language) or c.text["vi"] for c in questionnaire.criteria}
