"""Standard errors, intervals and below-target p-values for every cell of a score table."""

from __future__ import annotations

import numpy as np
from scipy import special

from analysis._indices import linearized_variance
from analysis._tally import Tally
from analysis.proportions import binomial_cdf, wilson_bounds

CellStatistics = dict[str, np.ndarray]

# Below this, a standard error or a distance to the target is floating-point noise: e.g. a
# mean of criteria printed as 80.0 % may be 0.7999999999999999, and a composite whose
# respondents all have the same share gets a standard error of 1e-17 instead of 0.
NOISE = 1e-12


def criterion_statistics(
    tally: Tally, estimate: np.ndarray, z: float, target: float, weighted: bool
) -> CellStatistics:
    """Wilson interval and exact binomial p-value per group x criterion.

    With weights, the binomial size is Kish's effective sample size
    ``n_eff = (sum w)^2 / sum w^2`` and the success count ``estimate * n_eff``; the
    binomial CDF is then evaluated through the incomplete beta function (continuous in the
    counts). With unit weights ``n_eff = n`` and the test is the exact binomial test.
    """
    if weighted:
        n_eff = np.divide(
            tally.weight**2,
            tally.weight_sq,
            out=np.zeros_like(tally.weight),
            where=tally.weight_sq > 0,
        )
        k_eff = np.nan_to_num(estimate, nan=0.0) * n_eff
    else:
        n_eff, k_eff = tally.valid.astype(float), tally.satisfied
    low, high = wilson_bounds(estimate, n_eff, z)
    variance = np.divide(
        estimate * (1 - estimate), n_eff, out=np.full_like(n_eff, np.nan), where=n_eff > 0
    )
    return {
        "estimate": estimate,
        "n": tally.valid,
        "se": np.sqrt(variance),
        "ci_low": low,
        "ci_high": high,
        "pvalue": binomial_cdf(k_eff, n_eff, target),
    }


def normal_pvalue_below(estimate: np.ndarray, se: np.ndarray, target: float) -> np.ndarray:
    """One-sided p-value of ``z = (estimate - target) / se`` for H1: p < target.

    A zero standard error (every respondent alike) gives the limit: 0 below the target, 1 at
    or above it (within `NOISE`). NaN estimate or standard error gives NaN.
    """
    positive = se > NOISE
    z = np.divide(estimate - target, se, out=np.zeros_like(se), where=positive)
    limit = np.where(estimate < target - NOISE, 0.0, 1.0)
    pvalue = np.where(positive, special.ndtr(z), limit)
    return np.where(np.isnan(estimate) | np.isnan(se), np.nan, pvalue)


def composite_statistics(
    estimate: np.ndarray, n: np.ndarray, sum_of_squares: np.ndarray, z: float, target: float
) -> CellStatistics:
    """Linearized standard error, normal interval (clipped to [0, 1]) and z-test p-value."""
    se = np.sqrt(linearized_variance(sum_of_squares, n))
    se = np.where(np.isnan(estimate), np.nan, np.where(se <= NOISE, 0.0, se))
    return {
        "estimate": estimate,
        "n": n,
        "se": se,
        "ci_low": np.clip(estimate - z * se, 0.0, 1.0),
        "ci_high": np.clip(estimate + z * se, 0.0, 1.0),
        "pvalue": normal_pvalue_below(estimate, se, target),
    }
