"""Early warning: the rule on constructed data, the command's idempotence and restarts."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from analysis import cusum_limit
from surveyapp.extensions import db
from surveyapp.models import AuditRecord, DeskChart, EarlyWarning, Notice, User
from surveyapp.services.early_warning import check_early_warnings
from surveyapp.services.warning_lists import acknowledge
from tests import warning_data
from tests.warning_data import CHART_START, NOW, add_responses, baseline


@pytest.fixture
def place(app):
    return warning_data.build()


def _warnings():
    return list(db.session.scalars(sa.select(EarlyWarning).order_by(EarlyWarning.id)))


def _exact_crossing(pattern: list[int], p0: float, limit: float) -> int:
    """Index of the first response at which S_t = max(0, S_{t-1} + W_t) reaches the limit,
    with the unrounded log-likelihood ratio scores of doubled odds (p1 = 2 p0 / (1 + p0))."""
    p1 = 2 * p0 / (1 + p0)
    up, down = math.log(p1 / p0), math.log((1 - p1) / (1 - p0))
    total = 0.0
    for index, bad in enumerate(pattern):
        previous, total = total, max(0.0, total + (up if bad else down))
        if total >= limit:
            # The chart rounds its scores (by at most 2.5 %): the data keep clear of the edge.
            assert previous < limit - 0.1 and total > limit + 0.1
            return index
    return -1


def test_an_in_control_desk_of_known_composition_raises_nothing(place):
    baseline(place.desk)  # 300 answers, 60 not satisfied: p0 = 0.2
    add_responses(place.desk, CHART_START, [1, 0, 0, 0, 0] * 60, timedelta(hours=3))
    result = check_early_warnings(NOW)
    assert result.raised == [] and _warnings() == []
    chart = db.session.get(DeskChart, place.desk.id)
    assert (chart.baseline_responses, chart.baseline_not_satisfied) == (300, 60)
    assert chart.p0 == pytest.approx(0.2)
    assert chart.decision_limit == pytest.approx(cusum_limit(0.2, 2.0, 1000))
    assert (chart.responses, chart.not_satisfied) == (300, 60)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 0


def test_a_shift_alarms_at_the_step_the_recursion_gives(place):
    baseline(place.desk)
    pattern = [1, 0, 0, 0, 0] * 20 + [1, 1, 0] * 40  # p = 0.2, then 2/3 not satisfied
    times = add_responses(place.desk, CHART_START, pattern, timedelta(hours=3))
    expected = _exact_crossing(pattern, 0.2, cusum_limit(0.2, 2.0, 1000))
    assert 100 < expected < len(pattern)
    check_early_warnings(NOW)
    [warning] = _warnings()
    assert warning.crossed_at == times[expected]
    assert warning.responses == expected + 1
    assert warning.not_satisfied == sum(pattern[: expected + 1])
    assert warning.p0 == pytest.approx(0.2) and warning.baseline_responses == 300
    assert warning.statistic >= warning.decision_limit and warning.open_desk_id == place.desk.id
    assert warning.started_at == datetime(2026, 9, 30, 17, 0)  # 1 October, 00:00 in Hà Nội


def test_a_desk_without_enough_baseline_answers_gets_no_chart(place):
    baseline(place.desk, responses=99)
    add_responses(place.desk, CHART_START, [1] * 100, timedelta(hours=3))
    result = check_early_warnings(NOW)
    assert result.raised == [] and result.charted == 0
    chart = db.session.get(DeskChart, place.desk.id)
    assert chart.p0 is None and chart.baseline_responses == 99


def test_the_command_twice_raises_one_warning_and_one_notice_per_supervisor(place, runner):
    baseline(place.desk)
    add_responses(place.desk, CHART_START, [1] * 40, timedelta(hours=3))
    args = ["check-early-warnings", "--as-of", f"{NOW:%Y-%m-%dT%H:%M}"]
    first = runner.invoke(args=args, catch_exceptions=False)
    assert "1 new warnings" in first.output, first.output
    second = runner.invoke(args=args, catch_exceptions=False)
    assert "0 new warnings" in second.output
    [warning] = _warnings()
    recipients = db.session.scalars(
        sa.select(User.username).join(Notice, Notice.user_id == User.id).order_by(User.username)
    ).all()
    assert recipients == ["sup", "sup.centre"]  # the commune's and the centre's; not "other"
    audits = db.session.scalars(
        sa.select(AuditRecord).where(AuditRecord.action == "raise_warning")
    ).all()
    assert [(a.actor, a.target_id) for a in audits] == [
        ("command:check-early-warnings", str(warning.id))
    ]


def test_an_acknowledged_warning_closes_and_the_chart_restarts(place):
    baseline(place.desk)
    add_responses(place.desk, CHART_START, [1] * 40, timedelta(hours=3))
    check_early_warnings(NOW)
    [warning] = _warnings()
    supervisor = db.session.scalar(sa.select(User).where(User.username == "sup"))
    acknowledge(supervisor, warning.id, now=NOW)
    assert warning.open_desk_id is None and warning.acknowledged_by_id == supervisor.id
    check_early_warnings(NOW + timedelta(hours=1))
    assert len(_warnings()) == 1  # nothing new since the acknowledgement
    assert db.session.get(DeskChart, place.desk.id).responses == 0
    add_responses(place.desk, NOW + timedelta(hours=2), [1] * 40, timedelta(minutes=10))
    check_early_warnings(NOW + timedelta(days=1))
    assert len(_warnings()) == 2 and _warnings()[1].open_desk_id == place.desk.id


def test_the_window_follows_local_months(app):
    from zoneinfo import ZoneInfo

    from surveyapp.services.early_warning import window

    # 00:30 on 1 December in Hà Nội is still 30 November in UTC: December has begun, so the
    # chart counts from 1 November and the baseline is August to October (local midnights).
    bounds = window(datetime(2026, 11, 30, 17, 30), 3, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert bounds.chart_from == datetime(2026, 10, 31, 17, 0)
    assert bounds.baseline_from == datetime(2026, 7, 31, 17, 0)
    assert bounds.until == datetime(2026, 11, 30, 17, 30)


@pytest.mark.postgresql
def test_two_checks_at_once_raise_one_warning_and_one_notice_each(app, place):
    import threading

    baseline(place.desk)
    add_responses(place.desk, CHART_START, [1] * 40, timedelta(hours=3))
    db.session.remove()
    start, errors = threading.Barrier(2), []

    def check() -> None:
        with app.app_context():
            try:
                start.wait()
                check_early_warnings(NOW)
            except Exception as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_warnings()) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 2


def test_an_inactive_supervisor_gets_no_notice(place):
    db.session.scalar(sa.select(User).where(User.username == "sup.centre")).active = False
    db.session.commit()
    baseline(place.desk)
    add_responses(place.desk, CHART_START, [1] * 40, timedelta(hours=3))
    assert check_early_warnings(NOW).notices == 1
    [notice] = db.session.scalars(sa.select(Notice)).all()
    assert notice.user.username == "sup" and notice.link.startswith("/console/units/")
