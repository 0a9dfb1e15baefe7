"""Trend over a monthly series: Mann-Kendall on an index, Cochran-Armitage on counts."""

from __future__ import annotations

import numpy as np
from scipy import special

from analysis._results import CochranArmitageResult, MannKendallResult
from analysis._validation import as_counts, as_float_vector, check_choice

ALTERNATIVES = ("two-sided", "less", "greater")


def _normal_pvalue(z: float, alternative: str) -> float:
    """P-value of a standard normal statistic; "greater" means an increasing trend."""
    if alternative == "two-sided":
        return float(2 * special.ndtr(-abs(z)))
    if alternative == "greater":
        return float(special.ndtr(-z))
    return float(special.ndtr(z))


def mann_kendall(
    series: object, alternative: str = "two-sided", continuity_correction: bool = True
) -> MannKendallResult:
    """Mann-Kendall test for a monotonic trend in an equally spaced series, with Sen's slope.

    Parameters
    ----------
    series : array_like, shape (n_periods,)
        Values in time order (e.g. a monthly satisfaction index); NaN marks a missing period
        and is dropped, the others keep their position for the slope.
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        ``"greater"``: H1 the series increases; ``"less"``: it decreases.
    continuity_correction : bool, default True
        Use ``S - sign(S)`` in the z statistic.

    Returns
    -------
    MannKendallResult
        ``statistic`` (S), ``z``, ``pvalue``, ``tau``, ``slope`` and ``n``. Fewer than two
        points give NaN; a constant series gives ``z = 0`` and ``pvalue = 1``.

    Raises
    ------
    ValueError
        For an unknown `alternative` or a series that is not one-dimensional.

    Notes
    -----
    :math:`S = \\sum_{i<j} \\operatorname{sign}(x_j - x_i)`, with tie-corrected variance
    :math:`\\operatorname{Var} S = [n(n-1)(2n+5) - \\sum_t t(t-1)(2t+5)] / 18` over groups of
    t tied values, :math:`z = (S - \\operatorname{sign} S) / \\sqrt{\\operatorname{Var} S}`
    and a normal p-value. Sen's slope is the median of :math:`(x_j - x_i)/(j - i)`. The
    computation uses all pairs, O(n^2): meant for series of months, not of responses.

    References
    ----------
    .. [1] Mann, H. B. (1945). Nonparametric tests against trend. Econometrica 13, 245-259.
    .. [2] Kendall, M. G. (1975). Rank Correlation Methods, 4th ed. Griffin.
    .. [3] Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
       JASA 63, 1379-1389.

    Examples
    --------
    >>> from analysis import mann_kendall
    >>> result = mann_kendall([0.71, 0.74, 0.73, 0.78, 0.80, float("nan"), 0.83])
    >>> result.statistic, result.n, round(result.pvalue, 4), round(result.slope, 3)
    (13.0, 6, 0.0242, 0.02)
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    values = as_float_vector("series", series)
    times = np.flatnonzero(~np.isnan(values))
    x, n = values[times], times.size
    if n < 2:
        return MannKendallResult(np.nan, np.nan, np.nan, np.nan, np.nan, n)
    first, second = np.triu_indices(n, k=1)
    differences = x[second] - x[first]
    s = float(np.sign(differences).sum())
    _, ties = np.unique(x, return_counts=True)
    variance = (n * (n - 1) * (2 * n + 5) - np.sum(ties * (ties - 1) * (2 * ties + 5))) / 18
    if variance <= 0:
        z, pvalue = 0.0, 1.0
    else:
        correction = np.sign(s) if continuity_correction else 0.0
        z = float((s - correction) / np.sqrt(variance))
        pvalue = _normal_pvalue(z, alternative)
    slope = float(np.median(differences / (times[second] - times[first])))
    return MannKendallResult(s, z, pvalue, s / (n * (n - 1) / 2), slope, n)


def cochran_armitage(
    k: object, n: object, scores: object = None, alternative: str = "two-sided"
) -> CochranArmitageResult:
    """Cochran-Armitage test for a trend in proportions (e.g. satisfied answers per month).

    Parameters
    ----------
    k : array_like of int, shape (n_periods,)
        Successes per period.
    n : array_like of int, shape (n_periods,)
        Trials per period; periods with ``n = 0`` carry no information.
    scores : array_like, optional
        Score of each period (default 0, 1, 2, ...; use month numbers for uneven gaps).
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        ``"greater"``: H1 the proportion increases with the score.

    Returns
    -------
    CochranArmitageResult
        ``statistic`` (z), ``pvalue``, ``slope`` (change in proportion per unit of score) and
        ``n``. No trials or a single scored period give NaN; all successes or all failures give
        ``statistic = 0`` and ``pvalue = 1``.

    Raises
    ------
    ValueError
        For invalid counts, mismatched `scores`, or an unknown `alternative`.

    Notes
    -----
    With :math:`N = \\sum n_i`, :math:`\\bar p = \\sum k_i / N` and
    :math:`\\bar t = \\sum n_i t_i / N`:

    .. math:: z = \\frac{\\sum_i k_i (t_i - \\bar t)}
              {\\sqrt{\\bar p (1 - \\bar p) \\sum_i n_i (t_i - \\bar t)^2}},

    the slope is :math:`\\sum_i k_i (t_i - \\bar t) / \\sum_i n_i (t_i - \\bar t)^2`. The
    linear-by-linear association statistic of Agresti is :math:`z \\sqrt{(N-1)/N}`.

    References
    ----------
    .. [1] Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
       Biometrics 11, 375-386.

    Examples
    --------
    >>> from analysis import cochran_armitage
    >>> result = cochran_armitage([70, 75, 84], [100, 100, 100])
    >>> round(result.statistic, 3), round(result.pvalue, 4), round(result.slope, 3)
    (2.329, 0.0199, 0.07)
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    k_array, n_array = as_counts(k, n)
    if k_array.ndim != 1:
        raise ValueError("k and n must be one-dimensional (one entry per period)")
    default = np.arange(k_array.size, dtype=float)
    t = default if scores is None else as_float_vector("scores", scores)
    if t.shape != k_array.shape or not np.all(np.isfinite(t)):
        raise ValueError(f"scores must be {k_array.size} finite numbers, one per period")
    total = float(n_array.sum())
    if total == 0:
        return CochranArmitageResult(np.nan, np.nan, np.nan, 0)
    centred = t - np.sum(n_array * t) / total
    spread = float(np.sum(n_array * centred**2))
    if spread <= 0:
        return CochranArmitageResult(np.nan, np.nan, np.nan, int(total))
    numerator = float(np.sum(k_array * centred))
    pooled = k_array.sum() / total
    variance = pooled * (1 - pooled) * spread
    z = numerator / np.sqrt(variance) if variance > 0 else 0.0
    pvalue = _normal_pvalue(z, alternative) if variance > 0 else 1.0
    return CochranArmitageResult(float(z), pvalue, numerator / spread, int(total))
