"""cronbach_alpha against pingouin on its published (real-statistics.com) data sets."""

from __future__ import annotations

import warnings

import numpy as np
import pingouin
import pytest

from analysis import cronbach_alpha


def _published_likert_items():
    """pingouin's "cronbach_alpha" data set (www.real-statistics.com): 15 people x 10 items."""
    data = pingouin.read_dataset("cronbach_alpha")
    return data.pivot(index="Subj", values="Scores", columns="Items")


def test_cronbach_alpha_matches_published_likert_example():
    items = _published_likert_items()
    result = cronbach_alpha(items.to_numpy(dtype=float))
    # Published: alpha = 0.592, Feldt 95 % interval 0.195 to 0.840 (pingouin docstring).
    assert result.alpha == pytest.approx(0.5917188485995826, rel=1e-12)
    assert (result.n, result.n_items) == (15, 10)
    ci = result.confidence_interval
    assert (round(ci.low, 3), round(ci.high, 3)) == (0.195, 0.840)


@pytest.mark.parametrize("confidence_level", [0.9, 0.95, 0.99])
def test_cronbach_alpha_listwise_matches_pingouin_on_complete_rows(confidence_level):
    data = pingouin.read_dataset("cronbach_wide_missing")
    result = cronbach_alpha(data.to_numpy(dtype=float), confidence_level=confidence_level)
    complete = data.dropna()
    alpha, (low, high) = pingouin.cronbach_alpha(complete, ci=confidence_level)
    assert result.n == len(complete) == 9
    assert result.alpha == pytest.approx(alpha, rel=1e-12)
    assert result.alpha == pytest.approx(0.8016949152542373, rel=1e-12)  # psych::alpha in R
    ci = result.confidence_interval
    assert (round(ci.low, 3), round(ci.high, 3)) == (pytest.approx(low), pytest.approx(high))


def test_cronbach_alpha_equals_the_covariance_formula(rng):
    items = rng.integers(1, 6, (40, 5)).astype(float) + rng.normal(size=(40, 1))
    covariance = np.cov(items, rowvar=False)
    k = items.shape[1]
    expected = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    assert cronbach_alpha(items).alpha == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("items", "n"),
    [
        (np.full((5, 3), np.nan), 0),
        ([[1.0, 2.0, 3.0]], 1),
        ([[4.0, 4.0], [4.0, 4.0], [4.0, 4.0]], 3),
        ([[1.0, np.nan], [np.nan, 2.0], [3.0, 3.0]], 1),
    ],
    ids=["all-missing", "one-respondent", "no-variance", "one-complete-row"],
)
def test_cronbach_alpha_without_enough_data_is_nan_without_warnings(items, n):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = cronbach_alpha(items)
    assert np.isnan(result.alpha) and result.n == n
    assert np.isnan(result.confidence_interval.low) and np.isnan(result.confidence_interval.high)


@pytest.mark.parametrize(
    ("items", "kwargs", "message"),
    [
        ([[1.0], [2.0]], {}, "at least 2 columns"),
        ([1.0, 2.0, 3.0], {}, "two-dimensional"),
        ([[1.0, 2.0], [2.0, 3.0]], {"confidence_level": 1}, "confidence_level"),
    ],
)
def test_cronbach_alpha_rejects_invalid_arguments(items, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cronbach_alpha(items, **kwargs)
