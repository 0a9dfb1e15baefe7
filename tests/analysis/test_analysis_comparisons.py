"""compare_proportions (Newcombe 1998, statsmodels) and compare_ratings (scipy, pingouin)."""

from __future__ import annotations

import warnings

import numpy as np
import pingouin
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from analysis import compare_proportions, compare_ratings

# Newcombe (1998b), Statistics in Medicine 17:873-890, Table II, method 10 (score interval,
# "hybrid"): 95 % intervals for p1 - p2.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((0, 10, 0, 10), (-0.2775, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
    ((10, 10, 0, 10), (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("counts", "published"), NEWCOMBE_TABLE_II)
def test_compare_proportions_matches_newcombe_table_ii(counts, published):
    interval = compare_proportions(*counts).confidence_interval
    assert (interval.low, interval.high) == pytest.approx(published, abs=5e-5)


def test_compare_proportions_matches_statsmodels_on_random_tables(rng):
    n1, n2 = rng.integers(1, 300, 200), rng.integers(1, 300, 200)
    k1, k2 = rng.binomial(n1, 0.7), rng.binomial(n2, 0.8)
    result = compare_proportions(k1, n1, k2, n2, confidence_level=0.9)
    assert result.difference.shape == (200,)
    for i in range(200):
        low, high = confint_proportions_2indep(
            k1[i], n1[i], k2[i], n2[i], method="newcomb", compare="diff", alpha=0.1
        )
        assert result.confidence_interval.low[i] == pytest.approx(low, abs=1e-10)
        assert result.confidence_interval.high[i] == pytest.approx(high, abs=1e-10)
        if 0 < k1[i] + k2[i] < n1[i] + n2[i]:
            z, p = proportions_ztest([k1[i], k2[i]], [n1[i], n2[i]])
            assert result.statistic[i] == pytest.approx(z, rel=1e-10)
            assert result.pvalue[i] == pytest.approx(p, rel=1e-8)


def test_compare_proportions_degenerate_and_empty_groups_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_proportions([0, 10, 0], [10, 10, 0], [0, 20, 4], [20, 20, 5])
    assert result.statistic[:2].tolist() == [0.0, 0.0]
    assert result.pvalue[:2].tolist() == [1.0, 1.0]
    assert np.isnan(result.difference[2]) and np.isnan(result.pvalue[2])
    assert np.isnan(result.confidence_interval.low[2])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((11, 10, 3, 10), "k1 must not exceed n1"),
        ((1, 10, 3, -1), "n2 must contain non-negative whole numbers"),
        ((1, 10, 3, 2), "k2 must not exceed n2"),
    ],
)
def test_compare_proportions_rejects_invalid_counts(arguments, message):
    with pytest.raises(ValueError, match=message):
        compare_proportions(*arguments)


def test_compare_proportions_rejects_invalid_confidence_level():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        compare_proportions(1, 10, 2, 10, confidence_level=1.5)


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_compare_ratings_matches_scipy_and_pingouin(rng, alternative):
    x = rng.integers(1, 6, 80).astype(float)
    y = rng.integers(2, 6, 60).astype(float)
    x[:5] = np.nan
    result = compare_ratings(x, y, alternative=alternative)
    valid_x = x[~np.isnan(x)]
    expected = stats.mannwhitneyu(valid_x, y, alternative=alternative)
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-12)
    assert (result.n1, result.n2) == (75, 60)
    reference = pingouin.mwu(valid_x, y, alternative=alternative)
    assert result.rank_biserial == pytest.approx(reference["RBC"].iloc[0], abs=1e-12)
    pairs = np.sign(valid_x[:, None] - y[None, :])
    assert result.rank_biserial == pytest.approx(pairs.mean())


def test_compare_ratings_handles_empty_and_constant_samples_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        empty = compare_ratings([np.nan, np.nan], [3, 4])
        constant = compare_ratings([4, 4, 4], [4, 4])
    assert np.isnan(empty.pvalue) and (empty.n1, empty.n2) == (0, 2)
    assert (constant.pvalue, constant.rank_biserial, constant.statistic) == (1.0, 0.0, 3.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alternative": "two_sided"}, "'two-sided', 'less', 'greater'"),
        ({"method": "permutation"}, "'auto', 'asymptotic', 'exact'"),
        ({"x": [[1, 2], [3, 4]]}, "x must be one-dimensional"),
    ],
)
def test_compare_ratings_rejects_invalid_arguments(kwargs, message):
    arguments = {"x": [1, 2, 3], "y": [3, 4, 5]} | kwargs
    with pytest.raises(ValueError, match=message):
        compare_ratings(**arguments)
