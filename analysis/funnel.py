"""Funnel plot control limits for proportions (Spiegelhalter 2005) and overdispersion."""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from analysis._monitoring_results import ControlLimits, OverdispersionResult
from analysis._results import scalar_or_array
from analysis._validation import (
    as_integer_array,
    check_choice,
    check_confidence_level,
    check_open_unit,
)

FUNNEL_METHODS = ("exact", "normal")


def _exact_limit(n: np.ndarray, target: float, probability: float) -> np.ndarray:
    """Interpolated binomial quantile ``(r_p - alpha) / n`` of Spiegelhalter (2005)."""
    safe_n = np.maximum(n, 1.0)
    r = stats.binom.ppf(probability, safe_n, target)
    below = stats.binom.cdf(r - 1, safe_n, target)
    r = np.where(below >= probability, r - 1, r)  # guard against ppf rounding up
    upper, lower = stats.binom.cdf(r, safe_n, target), stats.binom.cdf(r - 1, safe_n, target)
    alpha = (upper - probability) / (upper - lower)
    return np.where(n > 0, (r - alpha) / safe_n, np.nan)


def funnel_limits(
    n: object,
    target: float = 0.8,
    confidence_level: float = 0.95,
    method: str = "exact",
    phi: float = 1.0,
) -> ControlLimits:
    """Control limits of a funnel plot: where a unit with n answers would fall by chance.

    Parameters
    ----------
    n : int or array_like of int
        Sample sizes (valid answers or respondents) at which to draw the limits.
    target : float, default 0.8
        The proportion p0 the funnel is centred on.
    confidence_level : float, default 0.95
        0.95 and 0.998 are the usual pair (z = 1.960 and 3.090).
    method : {"exact", "normal"}, default "exact"
        Interpolated binomial quantiles, or ``p0 +- z sqrt(p0 (1 - p0) / n)``.
    phi : float, default 1
        Multiplicative overdispersion factor (:func:`overdispersion`); the distance of each
        limit from p0 is multiplied by ``sqrt(phi)``.

    Returns
    -------
    ControlLimits
        ``low`` and ``high``, clipped to [0, 1]; NaN where n = 0.

    Raises
    ------
    ValueError
        For n that are not whole numbers >= 0, an unknown `method`, or a setting out of range.

    Notes
    -----
    Exact limit at probability p (0.025 and 0.975 for 95 %): with F the Binomial(n, p0)
    CDF, :math:`r_p` is the smallest r with :math:`F(r) \\ge p`,
    :math:`\\alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1))` and the limit is
    :math:`(r_p - \\alpha) / n` [1]_.

    References
    ----------
    .. [1] Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional
       performance. Statistics in Medicine 24, 1185-1202.

    Examples
    --------
    >>> from analysis import funnel_limits
    >>> limits = funnel_limits([20, 50, 100], target=0.8)
    >>> limits.low.round(3).tolist(), limits.high.round(3).tolist()
    ([0.584, 0.673, 0.714], [0.938, 0.896, 0.87])
    >>> round(funnel_limits(50, method="normal").low, 3)
    0.689
    """
    sizes = as_integer_array("n", n)
    target = check_open_unit("target", target)
    level = check_confidence_level(confidence_level)
    check_choice("method", method, FUNNEL_METHODS)
    if isinstance(phi, bool) or not isinstance(phi, int | float) or not 0 < phi < np.inf:
        raise ValueError(f"phi must be a positive number; got {phi!r}")
    tails = ((1 - level) / 2, (1 + level) / 2)
    if method == "exact":
        low, high = (_exact_limit(sizes, target, tail) for tail in tails)
    else:
        spread = special.ndtri(tails[1]) * np.sqrt(target * (1 - target) / np.maximum(sizes, 1))
        spread = np.where(sizes > 0, spread, np.nan)
        low, high = target - spread, target + spread
    inflate = np.sqrt(float(phi))
    low, high = (np.clip(target + inflate * (limit - target), 0, 1) for limit in (low, high))
    return ControlLimits(scalar_or_array(low), scalar_or_array(high))


def overdispersion(
    estimate: object, n: object, target: float = 0.8, winsor_fraction: float = 0.1
) -> OverdispersionResult:
    """Multiplicative overdispersion of unit proportions around a target (winsorised).

    Parameters
    ----------
    estimate : array_like
        Each unit's observed proportion; NaN units are left out.
    n : array_like of int
        Each unit's sample size; units with n = 0 are left out.
    target : float, default 0.8
        The proportion p0.
    winsor_fraction : float, default 0.1
        Share of units at each end whose z-score is pulled in to the next one before
        squaring: the ``floor(q I)`` lowest z-scores are set to the next lowest, and
        likewise at the top (as ``scipy.stats.mstats.winsorize(z, (q, q))``).

    Returns
    -------
    OverdispersionResult
        ``phi`` = mean of the winsorised :math:`z_i^2`, with
        :math:`z_i = (y_i - p_0) / \\sqrt{p_0 (1 - p_0) / n_i}`, the raw ``z`` and
        ``n_units``. Pass ``max(phi, 1)`` to :func:`funnel_limits` to widen the limits.

    Examples
    --------
    >>> from analysis import overdispersion
    >>> result = overdispersion([0.70, 0.85, 0.78, 0.92, 0.60], [100, 80, 120, 60, 90])
    >>> round(result.phi, 3), result.n_units
    (7.14, 5)
    """
    proportions = np.asarray(estimate, dtype=float)
    sizes = as_integer_array("n", n)
    target = check_open_unit("target", target)
    if proportions.shape != sizes.shape or proportions.ndim != 1:
        raise ValueError("estimate and n must be one-dimensional and of the same length")
    if not 0 <= winsor_fraction < 0.5:
        raise ValueError(f"winsor_fraction must be in [0, 0.5); got {winsor_fraction!r}")
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (proportions - target) / np.sqrt(target * (1 - target) / sizes)
    z = np.where(sizes > 0, z, np.nan)
    present = np.sort(z[~np.isnan(z)])
    if present.size == 0:
        return OverdispersionResult(np.nan, z, 0)
    cut = int(winsor_fraction * present.size)
    clipped = np.clip(present, present[cut], present[present.size - 1 - cut])
    return OverdispersionResult(float(np.mean(clipped**2)), z, int(present.size))
