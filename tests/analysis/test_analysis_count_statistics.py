"""Mann-Whitney, Spearman and key drivers from summary counts, against scipy and pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import (
    compare_histograms,
    key_drivers,
    key_drivers_from_summary,
    spearman_from_counts,
    summarize,
)

CATEGORIES = np.arange(1, 6)


@pytest.fixture
def rated(survey, rng):
    """The survey with an overall rating that follows the criteria, and some zero weights."""
    mean = np.nanmean(survey.ratings, axis=1)
    overall = np.clip(np.round(mean + rng.normal(0, 0.7, mean.size)), 1, 5)
    overall[rng.random(mean.size) < 0.1] = np.nan
    weights = survey.weights.copy()
    weights[:30] = 0.0
    summary = summarize(
        survey.ratings,
        survey.components,
        groups=survey.groups,
        weights=weights,
        overall_rating=overall,
    )
    return summary, overall, weights


def _expand(counts):
    return np.repeat(CATEGORIES[: len(counts)], np.asarray(counts, dtype=int))


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_histogram_mann_whitney_equals_scipy_on_the_raw_ratings(survey, rated, alternative):
    summary, overall, weights = rated
    kept = weights > 0
    for column in [0, 7, 18]:
        x = survey.ratings[kept & (survey.groups == "desk-a"), column]
        y = survey.ratings[kept & (survey.groups == "desk-c"), column]
        expected = stats.mannwhitneyu(x[~np.isnan(x)], y[~np.isnan(y)], alternative=alternative)
        result = compare_histograms(
            summary["histogram"][summary.index("desk-a"), column],
            summary["histogram"][summary.index("desk-c"), column],
            alternative=alternative,
        )
        assert result.statistic == expected.statistic
        assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-12)
    # The overall rating of desk-b (last histogram row) against criterion 18 of desk-a.
    z = overall[kept & (survey.groups == "desk-b")]
    expected = stats.mannwhitneyu(z[~np.isnan(z)], x[~np.isnan(x)], alternative=alternative)
    result = compare_histograms(
        summary["histogram"][summary.index("desk-b"), -1],
        summary["histogram"][summary.index("desk-a"), 18],
        alternative,
    )
    assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([0, 0, 1, 2, 2], [0, 1, 2, 1, 0]),
        ([30, 2, 0, 0, 1], [0, 0, 0, 4, 40]),
        ([0, 0, 0, 5, 0], [0, 0, 0, 0, 3]),
        ([1, 1, 1, 1, 1], [2, 0, 3, 0, 9]),
    ],
)
def test_histogram_mann_whitney_with_heavy_ties(x, y):
    for alternative in ("two-sided", "less", "greater"):
        expected = stats.mannwhitneyu(_expand(x), _expand(y), alternative=alternative)
        result = compare_histograms(x, y, alternative=alternative)
        assert result.statistic == expected.statistic
        assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-12)
        assert result.rank_biserial == pytest.approx(2 * expected.statistic / (sum(x) * sum(y)) - 1)


def test_histogram_edge_cases_and_errors():
    assert np.isnan(compare_histograms([0, 0, 0], [1, 2, 0]).pvalue)
    same = compare_histograms([0, 4, 0], [0, 3, 0])
    assert (same.statistic, same.pvalue, same.rank_biserial) == (6.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="same categories"):
        compare_histograms([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="non-negative whole numbers"):
        compare_histograms([1, -2, 0], [1, 2, 3])
    with pytest.raises(ValueError, match="alternative must be one of"):
        compare_histograms([1, 2, 0], [1, 2, 3], alternative="two_sided")


def test_spearman_from_joint_counts_equals_scipy_pairwise_complete(survey, rated):
    summary, overall, weights = rated
    rows = (weights > 0) & (survey.groups == "desk-b")
    for column in range(survey.ratings.shape[1]):
        x, y = survey.ratings[rows, column], overall[rows]
        both = ~np.isnan(x) & ~np.isnan(y)
        expected = stats.spearmanr(x[both], y[both])
        result = spearman_from_counts(summary["joint"][summary.index("desk-b"), column])
        assert result.n == both.sum()
        assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
        assert result.pvalue == pytest.approx(expected.pvalue, rel=1e-9)


def test_spearman_from_counts_undefined_and_errors():
    assert np.isnan(spearman_from_counts([[3, 0], [0, 0]]).statistic)
    assert np.isnan(spearman_from_counts([[1, 0], [0, 1]]).statistic)
    with pytest.raises(ValueError, match="two-dimensional"):
        spearman_from_counts([1, 2, 3])


def test_key_drivers_from_summary_equal_the_raw_computation(survey, rated):
    summary, overall, weights = rated
    rows = (weights > 0) & (survey.groups == "desk-a")
    columns = [0, 4, 8, 13, 16]
    small = summarize(
        survey.ratings[:, columns],
        ["A", "A", "B", "B", "C"],
        groups=survey.groups,
        weights=weights,
        overall_rating=overall,
    )
    result = key_drivers_from_summary(small, "desk-a")
    raw = key_drivers(survey.ratings[rows][:, columns], overall[rows])
    np.testing.assert_allclose(result.rho, raw.rho, rtol=1e-12)
    np.testing.assert_allclose(result.relative_weight, raw.relative_weight, rtol=1e-9)
    assert result.n.tolist() == raw.n.tolist() and result.n_pairwise == raw.n_pairwise
    frame = pd.DataFrame(np.column_stack([survey.ratings[rows][:, columns], overall[rows]]))
    correlation = frame.corr().to_numpy()  # pandas: pairwise-complete Pearson
    r_xy = correlation[:-1, -1]
    expected = r_xy @ np.linalg.solve(correlation[:-1, :-1], r_xy)
    assert result.r_squared == pytest.approx(expected, rel=1e-9)
    assert result.n_pairwise == int(frame.notna().astype(int).T.dot(frame.notna()).min().min())
    with pytest.raises(ValueError, match="no group"):
        key_drivers_from_summary(summary, "desk-z")


def test_key_drivers_from_summary_without_overall_rating_are_undefined(survey):
    result = key_drivers_from_summary(summarize(survey.ratings, survey.components))
    assert np.all(np.isnan(result.rho)) and np.all(np.isnan(result.relative_weight))
    assert result.n_pairwise == 0
