"""proportion_ci and threshold_test against Newcombe (1998), statsmodels and scipy."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analysis import ConfidenceInterval, proportion_ci, threshold_test

# Newcombe (1998a), Statistics in Medicine 17:857-872, Table I: methods 3 (Wilson score) and
# 5 (Clopper-Pearson "exact"), 95 % intervals.
NEWCOMBE_TABLE_I = [
    # k, n, wilson (low, high), clopper-pearson (low, high)
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1611), (0.0000, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("k", "n", "wilson", "exact"), NEWCOMBE_TABLE_I)
def test_proportion_ci_matches_newcombe_table_i(k, n, wilson, exact):
    interval = proportion_ci(k, n)
    assert (interval.low, interval.high) == pytest.approx(wilson, abs=5e-5)
    interval = proportion_ci(k, n, method="clopper-pearson")
    assert (interval.low, interval.high) == pytest.approx(exact, abs=5e-5)


@pytest.mark.parametrize(
    ("method", "reference"), [("wilson", "wilson"), ("clopper-pearson", "beta")]
)
@pytest.mark.parametrize("confidence_level", [0.8, 0.95, 0.99])
def test_proportion_ci_matches_statsmodels_on_a_grid(method, reference, confidence_level):
    n = np.repeat(np.arange(1, 41), 41)
    k = np.tile(np.arange(41), 40)
    k, n = k[k <= n], n[k <= n]
    interval = proportion_ci(k, n, confidence_level=confidence_level, method=method)
    low, high = proportion_confint(k, n, alpha=1 - confidence_level, method=reference)
    np.testing.assert_allclose(interval.low, low, atol=1e-10)
    np.testing.assert_allclose(interval.high, high, atol=1e-10)


def test_proportion_ci_keeps_the_shape_of_array_inputs():
    interval = proportion_ci(np.array([[1, 2], [3, 4]]), 10)
    assert isinstance(interval, ConfidenceInterval)
    assert interval.low.shape == interval.high.shape == (2, 2)
    assert isinstance(proportion_ci(3, 10).low, float)


@pytest.mark.parametrize("method", ["wilson", "clopper-pearson"])
def test_proportion_ci_handles_zero_all_and_no_trials_without_warnings(method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        interval = proportion_ci([0, 7, 0], [7, 7, 0], method=method)
    assert interval.low[0] == 0.0 and interval.high[1] == 1.0
    assert np.isnan(interval.low[2]) and np.isnan(interval.high[2])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "wald"}, "'wilson', 'clopper-pearson'"),
        ({"confidence_level": 95}, "confidence_level"),
        ({"confidence_level": 0.0}, "confidence_level"),
        ({"k": 11}, "must not exceed n"),
        ({"k": -1}, "non-negative whole numbers"),
        ({"k": 2.5}, "non-negative whole numbers"),
        ({"n": [10, 20, 30], "k": [1, 2]}, "broadcastable"),
    ],
)
def test_proportion_ci_rejects_invalid_arguments(kwargs, message):
    arguments = {"k": 3, "n": 10} | kwargs
    with pytest.raises(ValueError, match=message):
        proportion_ci(**arguments)


@pytest.mark.parametrize("alternative", ["less", "greater"])
@pytest.mark.parametrize("target", [0.5, 0.8, 0.95])
def test_threshold_test_matches_scipy_binomtest(alternative, target):
    n = np.repeat(np.arange(1, 31), 31)
    k = np.tile(np.arange(31), 30)
    k, n = k[k <= n], n[k <= n]
    result = threshold_test(k, n, target=target, alternative=alternative)
    expected = [
        stats.binomtest(int(a), int(b), target, alternative=alternative).pvalue
        for a, b in zip(k, n, strict=True)
    ]
    np.testing.assert_allclose(result.pvalue, expected, rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(result.statistic, k / n)


def test_threshold_test_default_is_one_sided_below_80_percent():
    result = threshold_test(180, 246)
    expected = stats.binomtest(180, 246, 0.8, alternative="less")
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-10)
    assert result.statistic == pytest.approx(180 / 246)
    assert (result.k, result.n, result.target, result.alternative) == (180, 246, 0.8, "less")
    ci = result.proportion_ci()
    assert (ci.low, ci.high) == pytest.approx(tuple(proportion_confint(180, 246, method="wilson")))


def test_threshold_test_with_no_trials_gives_nan_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = threshold_test([0, 0], [0, 3])
    assert np.isnan(result.pvalue[0]) and np.isnan(result.statistic[0])
    assert result.pvalue[1] == pytest.approx(0.2**3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alternative": "two-sided"}, "'less', 'greater'"),
        ({"target": 1.0}, "target"),
        ({"target": "0.8"}, "target"),
        ({"k": 5, "n": 4}, "must not exceed n"),
    ],
)
def test_threshold_test_rejects_invalid_arguments(kwargs, message):
    arguments = {"k": 3, "n": 10} | kwargs
    with pytest.raises(ValueError, match=message):
        threshold_test(**arguments)
