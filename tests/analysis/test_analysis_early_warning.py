"""Bernoulli CUSUM: the recursion by hand, and the Markov-chain ARL against a simulation."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

from analysis import bernoulli_cusum, cusum_arl, cusum_limit, cusum_scores

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def simulation():
    spec = importlib.util.spec_from_file_location(
        "analysis_cusum", ROOT / "benchmarks" / "analysis_cusum.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cusum_follows_the_log_likelihood_ratio_recursion():
    # p0 = 0.2, doubled odds: p1 = 1/3; scores ln(5/3) = 0.511 and ln(5/6) = -0.182.
    events = [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    result = bernoulli_cusum(events, p0=0.2, limit=10.0)
    assert result.p1 == pytest.approx(1 / 3)
    expected, total = [], 0.0
    for event in events:
        total = max(0.0, total + (math.log(5 / 3) if event else math.log(5 / 6)))
        expected.append(total)
    np.testing.assert_allclose(result.statistic, expected, rtol=0.025, atol=1e-12)
    assert result.first_alarm == -1 and not result.alarm.any()


def test_a_run_of_dissatisfied_citizens_raises_the_alarm_at_the_limit():
    limit = cusum_limit(0.2, arl=1000)
    up, _, unit = cusum_scores(0.2)
    result = bernoulli_cusum(np.r_[np.zeros(50), np.ones(20)].astype(int), p0=0.2, arl=1000)
    assert result.limit == pytest.approx(limit)
    assert result.first_alarm == 50 + math.ceil(round(limit / unit) / up) - 1
    assert bernoulli_cusum(np.zeros(500, dtype=bool), p0=0.2).first_alarm == -1


def test_cusum_restarts_after_an_alarm():
    result = bernoulli_cusum([1] * 12, p0=0.2, limit=2.0)
    assert np.flatnonzero(result.alarm).tolist() == [3, 7, 11]
    assert result.statistic[[3, 7, 11]].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(("p0", "target"), [(0.1, 300), (0.3, 300)])
def test_in_control_arl_and_detection_match_a_simulation(simulation, p0, target):
    rng = np.random.default_rng(20261201)
    limit = cusum_limit(p0, arl=target)
    chain = cusum_arl(limit, p0)
    assert target <= chain <= 1.08 * target
    lengths = simulation.simulate_run_lengths(p0, p0, limit, 3000, rng)
    se = lengths.std(ddof=1) / np.sqrt(lengths.size)
    assert abs(lengths.mean() - chain) < 4 * se
    shifted = simulation.shifted_rate(p0)
    detection = simulation.simulate_run_lengths(p0, shifted, limit, 3000, rng)
    chain_detection = cusum_arl(limit, p0, p=shifted)
    assert abs(detection.mean() - chain_detection) < 4 * detection.std(ddof=1) / np.sqrt(3000)
    assert chain_detection < target / 5


def test_one_long_chart_alarms_about_once_per_arl():
    rng = np.random.default_rng(7)
    result = bernoulli_cusum(rng.random(60_000) < 0.2, p0=0.2, arl=300)
    gaps = np.diff(np.r_[-1, np.flatnonzero(result.alarm)])
    assert gaps.size > 150
    chain = cusum_arl(result.limit, 0.2)
    assert abs(gaps.mean() - chain) < 4 * gaps.std(ddof=1) / np.sqrt(gaps.size)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bernoulli_cusum([0, 2], p0=0.2), "0/1"),
        (lambda: bernoulli_cusum([[0, 1]], p0=0.2), "1-D"),
        (lambda: bernoulli_cusum([0, 1], p0=0.001), "p0 must be between 0.01 and 0.99"),
        (lambda: bernoulli_cusum([0, 1], p0=0.2, limit=-1.0), "limit must be a positive"),
        (lambda: bernoulli_cusum([0, 1], p0=0.2, odds_ratio=0.5), "odds_ratio"),
        (lambda: cusum_limit(0.2, arl=0.5), "arl must be"),
        (lambda: cusum_arl(3.0, 0.2, p=1.5), "p must be"),
    ],
)
def test_early_warning_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
