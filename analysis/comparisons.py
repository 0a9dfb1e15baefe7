"""Two groups or two periods: difference of proportions and Mann-Whitney on raw ratings."""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from analysis._results import (
    ConfidenceInterval,
    DifferenceResult,
    MannWhitneyResult,
    scalar_or_array,
)
from analysis._validation import (
    as_counts,
    as_float_vector,
    check_choice,
    check_confidence_level,
    normal_quantile,
)
from analysis.proportions import wilson_bounds

ALTERNATIVES = ("two-sided", "less", "greater")
MANN_WHITNEY_METHODS = ("auto", "asymptotic", "exact")


def _pooled_z(k1, n1, k2, n2, difference):
    """Pooled two-proportion z statistic; 0 when both samples are all 0 or all 1."""
    has_data = (n1 > 0) & (n2 > 0)
    n1_safe, n2_safe = np.where(has_data, n1, 1.0), np.where(has_data, n2, 1.0)
    pooled = (k1 + k2) / (n1_safe + n2_safe)
    variance = pooled * (1 - pooled) * (1 / n1_safe + 1 / n2_safe)
    degenerate = variance <= 0
    statistic = np.where(degenerate, 0.0, difference) / np.sqrt(np.where(degenerate, 1.0, variance))
    return np.where(has_data, statistic, np.nan)


def newcombe_bounds(p1, n1, p2, n2, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's hybrid score bounds for p1 - p2 from Wilson limits (real n allowed)."""
    low1, high1 = wilson_bounds(p1, n1, z)
    low2, high2 = wilson_bounds(p2, n2, z)
    low = p1 - p2 - np.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = p1 - p2 + np.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return low, high


def compare_proportions(
    k1: object, n1: object, k2: object, n2: object, confidence_level: float = 0.95
) -> DifferenceResult:
    """Difference of two independent proportions: Newcombe interval and pooled z test.

    Parameters
    ----------
    k1, n1 : int or array_like of int
        Successes and trials in the first group (e.g. this period or this unit).
    k2, n2 : int or array_like of int
        Successes and trials in the second group; all four are broadcast together.
    confidence_level : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    DifferenceResult
        ``difference`` (p1 - p2), ``confidence_interval`` (Newcombe's hybrid score interval,
        method 10 of [1]_), ``statistic`` (pooled z) and ``pvalue`` (two-sided). Empty groups
        give NaN; when both groups are all 0 or all 1 the pooled variance is zero and the
        statistic is defined as 0 (p-value 1).

    Raises
    ------
    ValueError
        For invalid counts or `confidence_level`.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Interval estimation for the difference between independent
       proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890.

    Examples
    --------
    >>> from analysis import compare_proportions
    >>> result = compare_proportions(56, 70, 48, 80)
    >>> round(result.difference, 4)
    0.2
    >>> ci = result.confidence_interval
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.0524, 0.3339)
    >>> round(result.statistic, 3), round(result.pvalue, 4)
    (2.65, 0.008)
    """
    level = check_confidence_level(confidence_level)
    k1, n1 = as_counts(k1, n1, suffix="1")
    k2, n2 = as_counts(k2, n2, suffix="2")
    k1, n1, k2, n2 = np.broadcast_arrays(k1, n1, k2, n2)
    p1 = np.divide(k1, n1, out=np.full_like(k1, np.nan), where=n1 > 0)
    p2 = np.divide(k2, n2, out=np.full_like(k2, np.nan), where=n2 > 0)
    difference = p1 - p2
    low, high = newcombe_bounds(p1, n1, p2, n2, normal_quantile(level))
    statistic = _pooled_z(k1, n1, k2, n2, difference)
    pvalue = 2 * special.ndtr(-np.abs(statistic))
    return DifferenceResult(
        difference=scalar_or_array(difference),
        confidence_interval=ConfidenceInterval(scalar_or_array(low), scalar_or_array(high)),
        statistic=scalar_or_array(statistic),
        pvalue=scalar_or_array(pvalue),
    )


def compare_ratings(
    x: object, y: object, alternative: str = "two-sided", method: str = "auto"
) -> MannWhitneyResult:
    """Mann-Whitney U test of raw ratings between two groups, with the rank-biserial effect.

    Parameters
    ----------
    x, y : array_like
        Ratings (e.g. 1-5) of the two groups; NaN (missing, not applicable) are dropped.
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        ``"greater"``: ratings in `x` tend to be higher than in `y`.
    method : {"auto", "asymptotic", "exact"}, default "auto"
        Passed to :func:`scipy.stats.mannwhitneyu` (asymptotic with tie correction and
        continuity correction; exact only without ties).

    Returns
    -------
    MannWhitneyResult
        ``statistic`` (U of `x`), ``pvalue``, ``rank_biserial`` = ``2 U / (n1 n2) - 1`` and the
        sample sizes. An empty sample gives NaN.

    Raises
    ------
    ValueError
        For an unknown `alternative` or `method`, or inputs that are not one-dimensional.

    Examples
    --------
    >>> from analysis import compare_ratings
    >>> result = compare_ratings([5, 4, 4, 5, 3, float("nan")], [3, 2, 4, 3])
    >>> result.statistic, result.n1, result.n2, round(result.rank_biserial, 2)
    (17.0, 5, 4, 0.7)
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    check_choice("method", method, MANN_WHITNEY_METHODS)
    x_valid = _drop_missing(as_float_vector("x", x))
    y_valid = _drop_missing(as_float_vector("y", y))
    n1, n2 = x_valid.size, y_valid.size
    if n1 == 0 or n2 == 0:
        return MannWhitneyResult(np.nan, np.nan, np.nan, n1, n2)
    if np.ptp(np.concatenate([x_valid, y_valid])) == 0:
        u = n1 * n2 / 2
        return MannWhitneyResult(u, 1.0, 0.0, n1, n2)
    result = stats.mannwhitneyu(x_valid, y_valid, alternative=alternative, method=method)
    u = float(result.statistic)
    return MannWhitneyResult(u, float(result.pvalue), 2 * u / (n1 * n2) - 1, n1, n2)


def _drop_missing(values: np.ndarray) -> np.ndarray:
    """Drop NaN, as scipy's ``nan_policy="omit"`` would."""
    return values[~np.isnan(values)]
