"""key_drivers against scipy.stats.spearmanr, statsmodels OLS and a data-level relative-weight
computation (Johnson 2000, via the orthogonal counterparts Z of the predictors)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import key_drivers


@pytest.fixture
def drivers_data(rng):
    n = 300
    ratings = np.clip(np.round(3 + rng.normal(size=(n, 4)) + rng.normal(size=(n, 1))), 1, 5)
    overall = np.clip(np.round(ratings @ [0.5, 0.3, 0.1, 0.0] / 0.9 + rng.normal(0, 0.7, n)), 1, 5)
    ratings[rng.random(ratings.shape) < 0.08] = np.nan
    overall[rng.random(n) < 0.03] = np.nan
    return ratings, overall


def _johnson_via_orthogonal_counterparts(x, y):
    """Relative weights computed from the data (SVD and least squares), not from R_xx."""
    n = x.shape[0]
    xs = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1) / np.sqrt(n - 1)
    ys = (y - y.mean()) / y.std(ddof=1) / np.sqrt(n - 1)
    p, _, qt = np.linalg.svd(xs, full_matrices=False)
    z = p @ qt
    beta = np.linalg.lstsq(z, ys, rcond=None)[0]
    loadings = np.linalg.lstsq(z, xs, rcond=None)[0]
    return (loadings**2).T @ beta**2


def test_key_drivers_spearman_matches_scipy_pairwise(drivers_data):
    ratings, overall = drivers_data
    result = key_drivers(ratings, overall)
    for j in range(ratings.shape[1]):
        both = ~np.isnan(ratings[:, j]) & ~np.isnan(overall)
        expected = stats.spearmanr(ratings[both, j], overall[both])
        assert result.rho[j] == pytest.approx(expected.statistic, rel=1e-12)
        assert result.pvalue[j] == pytest.approx(expected.pvalue, rel=1e-9)
        assert result.n[j] == both.sum()


def test_key_drivers_relative_weights_sum_to_ols_r_squared(drivers_data):
    ratings, overall = drivers_data
    complete = ~np.isnan(ratings).any(axis=1) & ~np.isnan(overall)
    result = key_drivers(ratings[complete], overall[complete])  # no missing: least squares
    fit = sm.OLS(overall[complete], sm.add_constant(ratings[complete])).fit()
    assert result.n_pairwise == complete.sum()
    assert result.r_squared == pytest.approx(fit.rsquared, rel=1e-10)
    assert result.relative_weight.sum() == pytest.approx(fit.rsquared, rel=1e-10)
    expected = _johnson_via_orthogonal_counterparts(ratings[complete], overall[complete])
    np.testing.assert_allclose(result.relative_weight, expected, rtol=1e-8)
    assert np.argmax(result.relative_weight) == 0


def test_key_drivers_uncorrelated_predictors_get_their_squared_correlation(rng):
    raw = rng.normal(size=(50, 3))
    x, _ = np.linalg.qr(raw - raw.mean(axis=0))  # centred, mutually orthogonal columns
    y = x @ [3.0, 2.0, 1.0] + rng.normal(size=50)
    result = key_drivers(x, y)
    r = np.array([np.corrcoef(x[:, j], y)[0, 1] for j in range(3)])
    np.testing.assert_allclose(result.relative_weight, r**2, rtol=1e-8)


def test_key_drivers_undefined_values_are_nan_without_warnings():
    ratings = np.array([[4, 5, np.nan], [4, 3, 2], [4, 2, np.nan], [4, 4, np.nan]], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = key_drivers(ratings, [5, 3, 2, 4])
    assert np.isnan(result.rho[0])  # constant criterion
    assert result.rho[1] == pytest.approx(1.0) and result.pvalue[1] == 0.0
    assert np.isnan(result.rho[2]) and result.n[2] == 1  # fewer than 3 pairs
    assert np.all(np.isnan(result.relative_weight)) and np.isnan(result.r_squared)


def test_key_drivers_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="one value per row of ratings"):
        key_drivers([[1, 2], [3, 4]], [1, 2, 3])
    with pytest.raises(ValueError, match="two-dimensional"):
        key_drivers([1, 2, 3], [1, 2, 3])
