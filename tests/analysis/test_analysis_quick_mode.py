"""The quick form (one criterion per component, the others missing by design) against
independent computations: delta method and bootstrap in NumPy, design draws, pandas'
pairwise-complete correlations with scipy's matrix square root, the covariance formula of
alpha with scipy's F quantiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, stats

from analysis import (
    combine_summaries,
    cronbach_alpha,
    key_drivers,
    key_drivers_from_summary,
    score,
    summarize,
    summary_from_vectors,
    summary_to_vectors,
)

SIZES = {"SVC.1": 4, "SVC.2": 4, "SVC.3": 5, "SVC.4": 3, "SVC.5": 3}
COMPONENTS = [code for code, size in SIZES.items() for _ in range(size)]


def quick(rng, full, components=COMPONENTS):
    """Keep one criterion per component in each row (uniformly), NaN elsewhere."""
    codes = np.asarray(components)
    shown = np.zeros(full.shape, dtype=bool)
    for code in dict.fromkeys(components):
        columns = np.flatnonzero(codes == code)
        drawn = columns[rng.integers(0, columns.size, full.shape[0])]
        shown[np.arange(full.shape[0]), drawn] = True
    return np.where(shown, full, np.nan)


def mixed(simulate, rng, n_quick, n_full, missing=0.0):
    """Quick-form rows then full-form rows, with an overall rating that follows the criteria."""
    full = simulate(rng, n_quick + n_full, len(COMPONENTS), missing=missing)
    ratings = np.vstack([quick(rng, full[:n_quick]), full[n_quick:]])
    overall = np.clip(np.round(np.nanmean(full, axis=1) + rng.normal(0, 0.6, full.shape[0])), 1, 5)
    return ratings, overall


def _composites(satisfied, valid, components):
    """Component indices (mean of the criteria with data) and the overall (mean of components)."""
    index = np.divide(satisfied, valid, out=np.full(valid.shape, np.nan), where=valid > 0)
    codes = np.asarray(components)
    parts = [np.nanmean(index[..., codes == code], axis=-1) for code in dict.fromkeys(components)]
    parts = np.stack(parts, axis=-1)
    return np.concatenate([parts, np.nanmean(parts, axis=-1, keepdims=True)], axis=-1)


def _delta_method_se(ratings, components, column_mask):
    """Delta method: the composites as a function of the means of (satisfied, valid) per
    criterion, a numerical gradient, and the sample covariance of those indicators / n."""
    valid = ~np.isnan(ratings)
    rows = (valid & column_mask).any(axis=1)
    data = np.column_stack([(ratings >= 4) & valid, valid])[rows].astype(float)
    n, c = data.shape[0], ratings.shape[1]
    means = data.mean(axis=0)

    def composite(theta):
        return _composites(theta[:c], theta[c:], components)

    gradient = np.empty((means.size, len(set(components)) + 1))
    for j in range(means.size):
        step = np.zeros_like(means)
        step[j] = 1e-6
        gradient[j] = (composite(means + step) - composite(means - step)) / 2e-6
    covariance = np.cov(data, rowvar=False, ddof=1)
    return np.sqrt(np.einsum("jl,jk,kl->l", gradient, covariance, gradient) / n)


def _score_composites(table, column):
    return table[column][table["level"] != "criterion"].astype(float)


def test_linearized_se_under_the_quick_design_equals_the_delta_method(simulate, rng):
    components = ["A", "A", "A", "B", "B"]
    full = simulate(rng, 90, 5, missing=0.05)
    ratings = np.vstack([quick(rng, full[:70], components), full[70:]])
    se = _score_composites(score(ratings, components, min_n=1), "se")
    codes = np.asarray(components)
    for position, code in enumerate(["A", "B", None]):
        mask = np.ones(5, dtype=bool) if code is None else codes == code
        expected = _delta_method_se(ratings, components, mask)[position if code else -1]
        assert se[position] == pytest.approx(expected, rel=1e-6)


def test_linearized_se_under_the_quick_design_agrees_with_a_bootstrap(simulate, rng):
    ratings = quick(rng, simulate(rng, 400, len(COMPONENTS), missing=0.0))
    se = _score_composites(score(ratings, COMPONENTS), "se")
    valid = ~np.isnan(ratings)
    satisfied, valid = ((ratings >= 4) & valid).astype(float), valid.astype(float)
    resamples = np.random.default_rng(7).multinomial(400, np.full(400, 1 / 400), size=4000)
    boot = _composites(resamples @ satisfied, resamples @ valid, COMPONENTS)
    np.testing.assert_allclose(se, boot.std(axis=0, ddof=1), rtol=0.05)


def test_quick_indices_are_unbiased_over_draws_of_the_shown_criteria(simulate, rng):
    full = simulate(rng, 300, len(COMPONENTS), missing=0.0)
    draws = 1500
    stacked = np.vstack([quick(rng, full) for _ in range(draws)])
    table = score(stacked, COMPONENTS, groups=np.repeat(np.arange(draws), 300), min_n=1)
    estimates = table["estimate"].reshape(draws, -1)
    satisfied = (full >= 4).sum(axis=0)
    truth = np.r_[satisfied / 300, _composites(satisfied, np.full(19, 300.0), COMPONENTS)]
    error = estimates.mean(axis=0) - truth
    standard_error = estimates.std(axis=0, ddof=1) / np.sqrt(draws)
    assert np.all(np.abs(error) < 4 * standard_error)
    assert np.all(np.abs(error) < 0.003)


def _johnson(correlation):
    """Johnson (2000) with scipy's principal square root of R_xx."""
    r_xx, r_xy = correlation[:-1, :-1], correlation[:-1, -1]
    root = np.real(linalg.sqrtm(r_xx))
    beta = np.linalg.solve(root, r_xy)
    return (root**2) @ (beta**2)


def _pairwise(ratings, overall):
    frame = pd.DataFrame(np.column_stack([ratings, overall]))
    present = frame.notna().to_numpy().astype(int)
    counts = [
        int(np.sum(present[:, i] & present[:, j]))
        for i in range(present.shape[1])
        for j in range(present.shape[1])
    ]
    return frame.corr().to_numpy(), min(counts)


def test_key_drivers_use_pairwise_complete_correlations(simulate, rng):
    ratings, overall = mixed(simulate, rng, 240, 80, missing=0.05)
    correlation, fewest = _pairwise(ratings, overall)
    assert np.linalg.eigvalsh(correlation).min() > 0  # so the square root is real
    result = key_drivers(ratings, overall)
    np.testing.assert_allclose(result.relative_weight, _johnson(correlation), rtol=1e-8)
    r_xy = correlation[:-1, -1]
    expected_r2 = r_xy @ np.linalg.solve(correlation[:-1, :-1], r_xy)
    assert result.r_squared == pytest.approx(expected_r2, rel=1e-9)
    assert result.n_pairwise == fewest
    assert fewest < 80  # within-component pairs come from the full-form rows only


def test_summary_drivers_under_the_quick_design_equal_the_direct_ones_on_the_union(simulate, rng):
    ratings, overall = mixed(simulate, rng, 300, 100)
    order = rng.permutation(400)
    ratings, overall = ratings[order], overall[order]
    parts = [
        summarize(ratings[rows], COMPONENTS, overall_rating=overall[rows])
        for rows in (slice(0, 150), slice(150, 330), slice(330, 400))
    ]
    added = combine_summaries(parts)
    vectors = np.concatenate([summary_to_vectors(part) for part in parts]).sum(axis=0)
    stored = summary_from_vectors(
        vectors[None, :], ["all"], criteria=added.criteria, components=added.components
    )
    correlation, fewest = _pairwise(ratings, overall)
    for summary in (added, stored):
        result = key_drivers_from_summary(summary)
        np.testing.assert_allclose(result.relative_weight, _johnson(correlation), rtol=1e-8)
        assert result.n_pairwise == fewest
        for j in range(len(COMPONENTS)):
            both = ~np.isnan(ratings[:, j])
            expected = stats.spearmanr(ratings[both, j], overall[both])
            assert result.rho[j] == pytest.approx(expected.statistic, rel=1e-12)
            assert result.n[j] == both.sum()


def test_quick_only_responses_have_spearman_drivers_but_no_relative_weights(simulate, rng):
    ratings, overall = mixed(simulate, rng, 500, 0)
    for result in (
        key_drivers(ratings, overall),
        key_drivers_from_summary(summarize(ratings, COMPONENTS, overall_rating=overall)),
    ):
        assert result.n_pairwise == 0  # two criteria of one component are never shown together
        assert np.all(np.isnan(result.relative_weight)) and np.isnan(result.r_squared)
        assert np.all(np.isfinite(result.rho))
        assert np.all((result.n > 60) & (result.n < 200))  # about 500 / criteria of component


@pytest.mark.parametrize("component", ["SVC.1", "SVC.3", "SVC.5"])
def test_cronbach_alpha_under_the_quick_design_is_that_of_the_full_form_rows(
    simulate, rng, component
):
    ratings, _ = mixed(simulate, rng, 300, 90)
    items = ratings[:, np.asarray(COMPONENTS) == component]
    full_rows = items[300:]
    k = items.shape[1]
    covariance = np.cov(full_rows, rowvar=False, ddof=1)
    alpha = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    f_high, f_low = stats.f.ppf([0.975, 0.025], 89, 89 * (k - 1))
    result = cronbach_alpha(items)
    assert result.n == 90
    assert result.alpha == pytest.approx(alpha, rel=1e-12)
    assert result.confidence_interval.low == pytest.approx(1 - (1 - alpha) * f_high, rel=1e-9)
    assert result.confidence_interval.high == pytest.approx(1 - (1 - alpha) * f_low, rel=1e-9)
    only_quick = cronbach_alpha(items[:300])
    assert only_quick.n == 0 and np.isnan(only_quick.alpha)
