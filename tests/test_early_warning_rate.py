"""The service's chart on simulated in-control desks: its false-alarm rate against the exact
Markov-chain values (``analysis.cusum_arl``; the chain averaged over the baseline's binomial
distribution when p0 is estimated), within Monte Carlo error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from analysis import cusum_arl
from surveyapp.services.early_warning import Rule, score

ROOT = Path(__file__).resolve().parents[1]
RULE = Rule(arl=200.0, odds_ratio=2.0, min_baseline=100, baseline_months=3)


@pytest.fixture(scope="module")
def simulation():
    path = ROOT / "benchmarks" / "early_warning_simulation.py"
    spec = importlib.util.spec_from_file_location("early_warning_simulation", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_known_baseline_mean_run_length_matches_the_markov_chain():
    rng = np.random.default_rng(20261202)
    base = np.r_[np.ones(60), np.zeros(240)].astype(bool)  # exactly 20 % not satisfied
    limits, lengths = {}, []
    for _ in range(300):
        found = score(base, rng.random(2500) < 0.2, RULE, limits)
        assert found.crossed >= 0  # P(no alarm in 2,500) is about e^-12
        lengths.append(found.crossed + 1)
    exact = cusum_arl(limits[0.2], 0.2)
    assert 200 <= exact <= 1.08 * 200
    lengths = np.array(lengths)
    assert abs(lengths.mean() - exact) < 4 * lengths.std(ddof=1) / np.sqrt(lengths.size)


def test_estimated_baseline_false_alarm_probability_matches_the_exact_mixture(simulation):
    rng = np.random.default_rng(7)
    runs, horizon, n = 400, 300, 100
    limits, alarmed = {}, 0
    for _ in range(runs):
        found = score(rng.random(n) < 0.2, rng.random(horizon) < 0.2, RULE, limits)
        alarmed += found.crossed >= 0
    exact = simulation.exact_mixture(
        0.2, n, lambda q: simulation.exact_alarms(q, 0.2, horizon, restart=False, arl=200.0)
    )
    se = np.sqrt(exact * (1 - exact) / runs)
    assert abs(alarmed / runs - exact) < 4 * se
