"""Funnel plot limits against the exact table in CONSOLE.md, scipy and hand formulas."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.stats import mstats

from analysis import funnel_limits, overdispersion

# ../shared/spec/CONSOLE.md: exact limits at p0 = 0.80 (scipy), 95 % and 99.8 %.
CONSOLE_TABLE = {
    20: ((0.584, 0.938), (0.461, 0.996)),
    50: ((0.673, 0.896), (0.601, 0.945)),
    100: ((0.714, 0.870), (0.663, 0.909)),
    400: ((0.759, 0.837), (0.735, 0.858)),
    1000: ((0.774, 0.824), (0.760, 0.838)),
}


def _exact_by_search(n, p0, probability):
    """Spiegelhalter's interpolated limit, searching r upwards with scipy's binomial CDF."""
    cdf = stats.binom(n, p0).cdf
    r = next(r for r in range(n + 1) if cdf(r) >= probability)
    alpha = (cdf(r) - probability) / (cdf(r) - (cdf(r - 1) if r > 0 else 0.0))
    return (r - alpha) / n


@pytest.mark.parametrize(("level", "column"), [(0.95, 0), (0.998, 1)])
def test_exact_limits_reproduce_the_console_table(level, column):
    sizes = np.array(list(CONSOLE_TABLE))
    limits = funnel_limits(sizes, target=0.8, confidence_level=level)
    expected = np.array([CONSOLE_TABLE[n][column] for n in sizes])
    np.testing.assert_allclose(limits.low, expected[:, 0], atol=5e-4)
    np.testing.assert_allclose(limits.high, expected[:, 1], atol=5e-4)
    assert np.round(limits.low, 3).tolist() == expected[:, 0].tolist()
    assert np.round(limits.high, 3).tolist() == expected[:, 1].tolist()


@pytest.mark.parametrize("p0", [0.5, 0.8, 0.9])
@pytest.mark.parametrize("n", [1, 7, 33, 250])
def test_exact_limits_equal_a_direct_search(n, p0):
    for level in (0.95, 0.998):
        limits = funnel_limits(n, target=p0, confidence_level=level)
        tail = (1 - level) / 2
        assert limits.low == pytest.approx(max(0.0, _exact_by_search(n, p0, tail)), abs=1e-12)
        assert limits.high == pytest.approx(min(1.0, _exact_by_search(n, p0, 1 - tail)), abs=1e-12)


def test_normal_limits_use_z_1960_and_3090():
    for level, z in ((0.95, 1.960), (0.998, 3.090)):
        limits = funnel_limits([50, 400], target=0.8, confidence_level=level, method="normal")
        half = z * np.sqrt(0.16 / np.array([50, 400]))
        np.testing.assert_allclose(limits.low, 0.8 - half, atol=2e-4 * half.max())
        np.testing.assert_allclose(limits.high, 0.8 + half, atol=2e-4 * half.max())


def test_seventy_percent_of_fifty_is_inside_the_95_funnel():
    limits = funnel_limits(50, target=0.8)
    assert limits.low < 0.70 < limits.high


def test_overdispersion_is_the_mean_of_winsorised_squared_z(rng):
    n = rng.integers(20, 400, 60)
    truth = np.clip(rng.normal(0.8, 0.06, 60), 0.3, 0.99)
    estimate = rng.binomial(n, truth) / n
    result = overdispersion(estimate, n, target=0.8)
    z = (estimate - 0.8) / np.sqrt(0.8 * 0.2 / n)
    np.testing.assert_allclose(result.z, z)
    expected = np.mean(np.asarray(mstats.winsorize(z, limits=(0.1, 0.1))) ** 2)
    assert result.phi == pytest.approx(expected, rel=1e-12)
    assert result.phi > 1.5  # real spread between units
    widened = funnel_limits(n, target=0.8, phi=result.phi, method="normal")
    expected_high = np.minimum(1.0, 0.8 + 1.959964 * np.sqrt(result.phi * 0.16 / n))
    np.testing.assert_allclose(widened.high, expected_high, rtol=1e-6)


def test_overdispersion_leaves_out_empty_units():
    result = overdispersion([0.7, np.nan, 0.9], [100, 0, 0])
    assert result.n_units == 1 and result.phi == pytest.approx(6.25)
    assert np.isnan(overdispersion([np.nan], [0]).phi)


def test_limits_at_zero_n_are_nan():
    limits = funnel_limits([0, 10])
    assert np.isnan(limits.low[0]) and np.isnan(limits.high[0]) and limits.low[1] > 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: funnel_limits([10.5]), "whole numbers"),
        (lambda: funnel_limits([10], method="poisson"), "method must be one of"),
        (lambda: funnel_limits([10], target=1.2), "target"),
        (lambda: funnel_limits([10], confidence_level=1), "confidence_level"),
        (lambda: funnel_limits([10], phi=0), "phi must be a positive number"),
        (lambda: overdispersion([0.5, 0.6], [10]), "same length"),
        (lambda: overdispersion([0.5], [10], winsor_fraction=0.5), "winsor_fraction"),
    ],
)
def test_funnel_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
