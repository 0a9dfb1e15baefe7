"""mann_kendall against scipy.stats.kendalltau / theilslopes and a pair-by-pair count;
cochran_armitage against statsmodels' linear-by-linear association test."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import Table

from analysis import cochran_armitage, mann_kendall


def _kendall_s(values):
    """S counted pair by pair."""
    return sum(
        np.sign(values[j] - values[i])
        for i in range(len(values))
        for j in range(i + 1, len(values))
    )


@pytest.fixture
def monthly_index(rng):
    """24 months of an index with a mild upward drift and ties (rounded to 2 decimals)."""
    return np.round(0.72 + 0.003 * np.arange(24) + rng.normal(0, 0.02, 24), 2)


def test_mann_kendall_matches_kendalltau_without_continuity_correction(monthly_index):
    assert len(np.unique(monthly_index)) < monthly_index.size  # the series has ties
    months = np.arange(monthly_index.size)
    result = mann_kendall(monthly_index, continuity_correction=False)
    expected = stats.kendalltau(months, monthly_index, method="asymptotic")
    assert result.statistic == _kendall_s(monthly_index)
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-10)
    assert result.tau == pytest.approx(result.statistic / (24 * 23 / 2))
    assert result.n == 24


def test_mann_kendall_continuity_correction_and_one_sided(monthly_index):
    months = np.arange(monthly_index.size)
    expected = stats.kendalltau(months, monthly_index, method="asymptotic")
    s = _kendall_s(monthly_index)
    sigma = s / stats.norm.isf(expected.pvalue / 2)
    result = mann_kendall(monthly_index, alternative="greater")
    assert result.z == pytest.approx((s - np.sign(s)) / sigma, rel=1e-9)
    assert result.pvalue == pytest.approx(stats.norm.sf(result.z), rel=1e-12)
    decreasing = mann_kendall(-monthly_index, alternative="less")
    assert decreasing.pvalue == pytest.approx(result.pvalue, rel=1e-12)


def test_mann_kendall_slope_is_sens_slope_and_skips_missing_months(monthly_index):
    series = monthly_index.copy()
    series[[3, 10]] = np.nan
    months = np.flatnonzero(~np.isnan(series))
    result = mann_kendall(series)
    assert result.n == 22
    assert result.statistic == _kendall_s(series[months])
    assert result.slope == pytest.approx(stats.theilslopes(series[months], months).slope)


def test_mann_kendall_degenerate_series_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        constant = mann_kendall([0.8, 0.8, 0.8, 0.8])
        short = mann_kendall([0.8, np.nan])
    assert (constant.statistic, constant.z, constant.pvalue, constant.slope) == (0, 0, 1, 0)
    assert short.n == 1 and np.isnan(short.pvalue)


@pytest.mark.parametrize("scores", [None, [1, 2, 3, 5, 8, 9]])
def test_cochran_armitage_matches_linear_by_linear_association(rng, scores):
    n = rng.integers(50, 200, 6)
    k = rng.binomial(n, np.linspace(0.7, 0.8, 6))
    result = cochran_armitage(k, n, scores=scores)
    row_scores = np.arange(6.0) if scores is None else np.asarray(scores, dtype=float)
    reference = Table(np.column_stack([n - k, k])).test_ordinal_association(
        row_scores=row_scores, col_scores=np.array([0.0, 1.0])
    )
    total = n.sum()
    assert result.statistic * np.sqrt((total - 1) / total) == pytest.approx(reference.zscore)
    assert result.pvalue == pytest.approx(2 * stats.norm.sf(abs(result.statistic)))
    slope = np.polyfit(row_scores, k / n, 1, w=np.sqrt(n))[0]
    assert result.slope == pytest.approx(slope, rel=1e-9)
    assert result.n == total


def test_cochran_armitage_degenerate_inputs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        all_satisfied = cochran_armitage([10, 20], [10, 20])
        one_period = cochran_armitage([0, 5, 0], [0, 9, 0])
        empty = cochran_armitage([0, 0], [0, 0])
    assert (all_satisfied.statistic, all_satisfied.pvalue) == (0.0, 1.0)
    assert np.isnan(one_period.statistic) and one_period.n == 9
    assert np.isnan(empty.pvalue) and empty.n == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mann_kendall([1, 2, 3], alternative="up"), "'two-sided', 'less', 'greater'"),
        (lambda: mann_kendall([[1, 2], [3, 4]]), "one-dimensional"),
        (lambda: cochran_armitage([1, 2], [3, 4], alternative="x"), "'two-sided', 'less'"),
        (lambda: cochran_armitage([1, 2], [3, 4], scores=[1, 2, 3]), "scores must be 2"),
        (lambda: cochran_armitage([5, 2], [3, 4]), "k must not exceed n"),
        (lambda: cochran_armitage([[1]], [[3]]), "one-dimensional"),
    ],
)
def test_trend_tests_reject_invalid_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
