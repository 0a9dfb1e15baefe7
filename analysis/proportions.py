"""One proportion: confidence intervals and the exact test against a target."""

from __future__ import annotations

import numpy as np
from scipy import special

from analysis._results import (
    ConfidenceInterval,
    ThresholdTestResult,
    scalar_or_array,
)
from analysis._validation import (
    as_counts,
    check_choice,
    check_confidence_level,
    check_open_unit,
    normal_quantile,
)

CI_METHODS = ("wilson", "clopper-pearson")
THRESHOLD_ALTERNATIVES = ("less", "greater")


def wilson_bounds(proportion: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, ...]:
    """Wilson score bounds for observed proportions and (possibly effective) sizes.

    Vectorised; real-valued ``n`` is allowed (Kish effective sizes); NaN where ``n <= 0``.
    """
    has_data = n > 0
    n_safe = np.where(has_data, n, 1.0)
    phat = np.where(has_data, proportion, 0.0)
    z2 = z * z
    denominator = n_safe + z2
    centre = (n_safe * phat + z2 / 2) / denominator
    half_width = z * np.sqrt(n_safe * phat * (1 - phat) + z2 / 4) / denominator
    low = np.where(has_data, np.clip(centre - half_width, 0.0, 1.0), np.nan)
    high = np.where(has_data, np.clip(centre + half_width, 0.0, 1.0), np.nan)
    return low, high


def clopper_pearson_bounds(k: np.ndarray, n: np.ndarray, z_tail: float) -> tuple[np.ndarray, ...]:
    """Exact (Clopper-Pearson) bounds from beta quantiles; *z_tail* is the one-sided tail."""
    has_low, has_high = k > 0, k < n
    k_low = np.where(has_low, k, 1.0)
    low = special.betaincinv(k_low, np.maximum(n - k_low + 1, 1.0), z_tail)
    k_high = np.where(has_high, k, 0.0)
    high = special.betaincinv(k_high + 1, np.maximum(n - k_high, 1.0), 1 - z_tail)
    low = np.where(has_low, low, 0.0)
    high = np.where(has_high, high, 1.0)
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def binomial_cdf(k: np.ndarray, n: np.ndarray, p: float) -> np.ndarray:
    """P(X <= k) for X ~ Binomial(n, p), via the regularized incomplete beta function.

    ``I_{1-p}(n - k, k + 1)`` equals the binomial CDF for whole ``k`` and ``n`` and extends it
    continuously to real values (Kish effective counts). NaN where ``n <= 0``.
    """
    full = k >= n
    cdf = special.betainc(np.where(full, 1.0, n - k), k + 1, 1 - p)
    return np.where(n > 0, np.where(full, 1.0, cdf), np.nan)


def proportion_ci(
    k: object, n: object, confidence_level: float = 0.95, method: str = "wilson"
) -> ConfidenceInterval:
    """Confidence interval for a binomial proportion.

    Parameters
    ----------
    k : int or array_like of int
        Number of successes (satisfied answers).
    n : int or array_like of int
        Number of trials (valid answers); broadcast against `k`. ``n = 0`` gives NaN bounds.
    confidence_level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"wilson", "clopper-pearson"}, default "wilson"
        Wilson score interval or the exact Clopper-Pearson interval.

    Returns
    -------
    ConfidenceInterval
        ``low`` and ``high``, floats for scalar input, arrays of the broadcast shape otherwise.

    Raises
    ------
    ValueError
        If `method` is not accepted, `confidence_level` is outside (0, 1), or `k`, `n` are not
        whole numbers with ``0 <= k <= n``.

    References
    ----------
    .. [1] Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
       comparison of seven methods. Statistics in Medicine 17, 857-872.

    Examples
    --------
    >>> from analysis import proportion_ci
    >>> ci = proportion_ci(81, 263)
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.2553, 0.3662)
    >>> ci = proportion_ci([0, 20], [20, 20], method="clopper-pearson")
    >>> ci.low.round(4), ci.high.round(4)
    (array([0.    , 0.8316]), array([0.1684, 1.    ]))
    """
    check_choice("method", method, CI_METHODS)
    level = check_confidence_level(confidence_level)
    k_array, n_array = as_counts(k, n)
    if method == "wilson":
        proportion = np.divide(k_array, n_array, out=np.zeros_like(k_array), where=n_array > 0)
        low, high = wilson_bounds(proportion, n_array, normal_quantile(level))
    else:
        low, high = clopper_pearson_bounds(k_array, n_array, (1 - level) / 2)
    return ConfidenceInterval(scalar_or_array(low), scalar_or_array(high))


def threshold_test(
    k: object, n: object, target: float = 0.8, alternative: str = "less"
) -> ThresholdTestResult:
    """Exact binomial test of a proportion against a target (is satisfaction below 80 %?).

    Parameters
    ----------
    k : int or array_like of int
        Number of successes.
    n : int or array_like of int
        Number of trials, broadcast against `k`; ``n = 0`` gives NaN.
    target : float, default 0.8
        Proportion under the null hypothesis, strictly between 0 and 1.
    alternative : {"less", "greater"}, default "less"
        ``"less"``: H1 p < target, p-value ``P(X <= k)``; ``"greater"``: H1 p > target,
        p-value ``P(X >= k)``, with X ~ Binomial(n, target).

    Returns
    -------
    ThresholdTestResult
        ``statistic`` (k / n), ``pvalue`` and the inputs; ``proportion_ci()`` gives an interval.

    Raises
    ------
    ValueError
        For an unknown `alternative`, a `target` outside (0, 1) or invalid counts.

    See Also
    --------
    scipy.stats.binomtest : the scalar equivalent.

    Examples
    --------
    >>> from analysis import threshold_test
    >>> result = threshold_test(70, 100, target=0.8)
    >>> round(result.statistic, 2), round(result.pvalue, 4)
    (0.7, 0.0112)
    >>> threshold_test([0, 5], [0, 5]).pvalue
    array([nan,  1.])
    """
    check_choice("alternative", alternative, THRESHOLD_ALTERNATIVES)
    target = check_open_unit("target", target)
    k_array, n_array = as_counts(k, n)
    statistic = np.divide(k_array, n_array, out=np.full_like(k_array, np.nan), where=n_array > 0)
    if alternative == "less":
        pvalue = binomial_cdf(k_array, n_array, target)
    else:
        upper = special.betainc(np.where(k_array > 0, k_array, 1.0), n_array - k_array + 1, target)
        pvalue = np.where(n_array > 0, np.where(k_array > 0, upper, 1.0), np.nan)
    return ThresholdTestResult(
        statistic=scalar_or_array(statistic),
        pvalue=scalar_or_array(pvalue),
        k=scalar_or_array(k_array, int),
        n=scalar_or_array(n_array, int),
        target=target,
        alternative=alternative,
    )
