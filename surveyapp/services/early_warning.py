"""Early warning: a Bernoulli CUSUM per active desk on "not satisfied" against its own level.

"Not satisfied" is an overall rating of 1, 2 or 3 (SIPAS counts 4 and 5 as satisfied); a
response without a valid overall rating is not counted. For a check at time ``now`` (local
months, ``BABEL_DEFAULT_TIMEZONE``):

- the chart counts the responses from the first day of the previous month up to ``now``
  (from the last acknowledgement of a warning of the desk if that is later: the chart
  restarts when someone has looked);
- its in-control rate p0 is the desk's share not satisfied over the
  ``EARLY_WARNING_BASELINE_MONTHS`` (3) full months before that, from at least
  ``EARLY_WARNING_MIN_BASELINE`` (100) answers, else "not enough data" and no chart;
  clipped to 0.01-0.99;
- the limit gives an in-control average run length of ``EARLY_WARNING_ARL`` (1000) responses
  for a shift of the odds by ``EARLY_WARNING_ODDS_RATIO`` (2), ``analysis.cusum_limit``.

A desk whose chart reaches the limit gets one open warning (a unique column decides, so
concurrent checks raise it once) and each of its supervisors a notice, in the check's one
transaction with its audit record. The warning stays open until acknowledged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

import analysis
from surveyapp.extensions import db
from surveyapp.models import Answer, Desk, DeskChart, EarlyWarning, Response
from surveyapp.models.clock import utcnow
from surveyapp.services import audit, notices
from surveyapp.services.periods import Period, local_month

COMMAND = "check-early-warnings"
NOT_SATISFIED_BELOW = 4  # overall ratings 1-3


@dataclass(frozen=True)
class Rule:
    arl: float
    odds_ratio: float
    min_baseline: int
    baseline_months: int


def rule() -> Rule:
    config = current_app.config
    return Rule(
        float(config["EARLY_WARNING_ARL"]),
        float(config["EARLY_WARNING_ODDS_RATIO"]),
        int(config["EARLY_WARNING_MIN_BASELINE"]),
        int(config["EARLY_WARNING_BASELINE_MONTHS"]),
    )


@dataclass(frozen=True)
class Window:
    """Naive UTC bounds: baseline [baseline_from, chart_from), chart [chart_from, until)."""

    baseline_from: datetime
    chart_from: datetime
    until: datetime


def _utc_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def window(now: datetime, baseline_months: int, zone: ZoneInfo) -> Window:
    """The baseline months and the chart's start for a check at ``now`` (naive UTC)."""
    this_month = local_month(now, zone)
    chart_month = Period(this_month, this_month).shifted(-1).first
    baseline_month = Period(this_month, this_month).shifted(-1 - baseline_months).first
    return Window(_utc_midnight(baseline_month, zone), _utc_midnight(chart_month, zone), now)


@dataclass(frozen=True)
class Series:
    """A desk's valid overall ratings in a window, in time order."""

    times: list[datetime]
    not_satisfied: np.ndarray  # bool per response


def read_series(bounds: Window) -> dict[int, Series]:
    """Active desk id -> its series: only the time and overall rating of each response."""
    query = (
        sa.select(Response.desk_id, Response.submitted_at, Answer.rating)
        .join(Answer, sa.and_(Answer.response_id == Response.id, Answer.criterion == "OVERALL"))
        .join(Desk, Desk.id == Response.desk_id)
        .where(
            Desk.active.is_(True),
            Answer.rating.is_not(None),
            Response.submitted_at >= bounds.baseline_from,
            Response.submitted_at < bounds.until,
        )
        .order_by(Response.desk_id, Response.submitted_at, Response.id)
    )
    found = {}
    rows = db.session.execute(query.execution_options(yield_per=20_000))
    for desk_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        chunk = list(group)
        ratings = np.fromiter((row[2] for row in chunk), dtype=np.int16, count=len(chunk))
        found[desk_id] = Series([row[1] for row in chunk], ratings < NOT_SATISFIED_BELOW)
    return found


@dataclass(frozen=True)
class Chart:
    """One desk's chart as run now; ``crossed_at``: the response at which it reached the
    limit (None: within it). Counts and statistic run up to the crossing."""

    desk_id: int
    started_at: datetime
    baseline_responses: int
    baseline_not_satisfied: int
    p0: float | None
    limit: float | None
    statistic: float
    responses: int
    not_satisfied: int
    crossed_at: datetime | None


@dataclass(frozen=True)
class Scored:
    """A chart run on 0/1 arrays: ``crossed`` is the index of the event at which it reached
    the limit (-1: within it); statistic and counts run up to the crossing."""

    p0: float | None
    limit: float | None
    crossed: int
    statistic: float
    responses: int
    not_satisfied: int


def baseline_rate(base: np.ndarray, chosen: Rule) -> float | None:
    """The in-control rate from the baseline, clipped to the chart's range; None if too few."""
    if base.size < chosen.min_baseline:
        return None
    return min(max(float(base.mean()), 0.01), 0.99)


def score(base: np.ndarray, events: np.ndarray, chosen: Rule, limits: dict) -> Scored:
    """The chart of ``events`` against the rate of ``base`` (``limits`` caches h by p0)."""
    p0 = baseline_rate(base, chosen)
    if p0 is None:
        return Scored(None, None, -1, 0.0, int(events.size), int(events.sum()))
    if p0 not in limits:
        limits[p0] = analysis.cusum_limit(p0, chosen.odds_ratio, chosen.arl)
    result = analysis.bernoulli_cusum(events, p0, odds_ratio=chosen.odds_ratio, limit=limits[p0])
    crossed = result.first_alarm
    if crossed < 0:
        statistic = float(result.statistic[-1]) if events.size else 0.0
        return Scored(p0, limits[p0], -1, statistic, int(events.size), int(events.sum()))
    up, _, unit = analysis.cusum_scores(p0, chosen.odds_ratio)
    before = float(result.statistic[crossed - 1]) if crossed else 0.0
    counted = events[: crossed + 1]
    return Scored(
        p0, limits[p0], crossed, before + up * unit, int(counted.size), int(counted.sum())
    )


def run_chart(
    desk_id: int, series: Series, start: datetime, chart_from: datetime, chosen: Rule, limits
) -> Chart:
    """The chart of one desk: baseline before ``chart_from``, events from ``start``."""
    times = np.array(series.times, dtype="datetime64[us]")
    split = int(np.searchsorted(times, np.datetime64(chart_from, "us")))
    begin = max(split, int(np.searchsorted(times, np.datetime64(start, "us"))))
    base = series.not_satisfied[:split]
    found = score(base, series.not_satisfied[begin:], chosen, limits)
    when = series.times[begin + found.crossed] if found.crossed >= 0 else None
    return Chart(
        desk_id, start, int(base.size), int(base.sum()), found.p0, found.limit,
        found.statistic, found.responses, found.not_satisfied, when,
    )  # fmt: skip


def _insert():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def _chart_values(chart: Chart, checked_at: datetime) -> dict:
    return {
        "desk_id": chart.desk_id,
        "checked_at": checked_at,
        "started_at": chart.started_at,
        "baseline_responses": chart.baseline_responses,
        "baseline_not_satisfied": chart.baseline_not_satisfied,
        "p0": chart.p0,
        "decision_limit": chart.limit,
        "statistic": chart.statistic,
        "responses": chart.responses,
        "not_satisfied": chart.not_satisfied,
    }


def _store_chart(chart: Chart, checked_at: datetime) -> None:
    values = _chart_values(chart, checked_at)
    statement = _insert()(DeskChart.__table__).values(**values)
    update = {key: value for key, value in values.items() if key != "desk_id"}
    db.session.execute(statement.on_conflict_do_update(index_elements=["desk_id"], set_=update))


def _raise(chart: Chart, checked_at: datetime) -> EarlyWarning | None:
    """The desk's new open warning, or None when one is open already (also concurrently)."""
    values = _chart_values(chart, checked_at)
    del values["checked_at"]
    statement = (
        _insert()(EarlyWarning.__table__)
        .values(
            **values, open_desk_id=chart.desk_id, raised_at=checked_at, crossed_at=chart.crossed_at
        )
        .on_conflict_do_nothing(index_elements=["open_desk_id"])
        .returning(EarlyWarning.__table__.c.id)
    )
    new_id = db.session.execute(statement).scalar()
    return None if new_id is None else db.session.get(EarlyWarning, new_id)


def _restarts(desk_ids: list[int]) -> dict[int, datetime]:
    """Each desk's last acknowledgement: its chart counts only responses after it."""
    query = (
        sa.select(EarlyWarning.desk_id, sa.func.max(EarlyWarning.acknowledged_at))
        .where(EarlyWarning.desk_id.in_(desk_ids), EarlyWarning.acknowledged_at.is_not(None))
        .group_by(EarlyWarning.desk_id)
    )
    return dict(db.session.execute(query).all())


@dataclass(frozen=True)
class CheckResult:
    desks: int
    charted: int  # desks with enough baseline data for a chart
    raised: list[EarlyWarning]
    notices: int


def check_early_warnings(now: datetime | None = None) -> CheckResult:
    """Run every active desk's chart, keep its state, raise warnings and notices; one commit.

    Every chart is worked out before the first write: on SQLite the write lock, which
    citizens' submissions wait for, is then held only for the few upserts."""
    now = now or utcnow()
    chosen = rule()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    bounds = window(now, chosen.baseline_months, zone)
    desk_ids = list(db.session.scalars(sa.select(Desk.id).where(Desk.active.is_(True))))
    series, restarts = read_series(bounds), _restarts(desk_ids)
    empty, limits = Series([], np.zeros(0, dtype=bool)), {}
    charts = [
        run_chart(
            desk_id,
            series.get(desk_id, empty),
            max(bounds.chart_from, restarts.get(desk_id, bounds.chart_from)),
            bounds.chart_from,
            chosen,
            limits,
        )
        for desk_id in desk_ids
    ]
    raised, notified = [], 0
    for chart in charts:
        _store_chart(chart, now)
        if chart.crossed_at is not None and (warning := _raise(chart, now)) is not None:
            audit.record(
                audit.Actor.command(COMMAND), "raise_warning", warning, after=values_of(warning)
            )
            raised.append(warning)
            notified += notices.notify_warning(warning)
    db.session.commit()
    return CheckResult(len(desk_ids), sum(c.p0 is not None for c in charts), raised, notified)


def values_of(warning: EarlyWarning) -> dict:
    """What an audit record keeps of a warning."""
    return audit.snapshot(
        warning, "desk_id", "p0", "decision_limit", "statistic", "responses", "not_satisfied"
    )
