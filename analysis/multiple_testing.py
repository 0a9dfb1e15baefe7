"""False discovery rate control across the cells of one report."""

from __future__ import annotations

import numpy as np


def benjamini_hochberg(pvalues: object) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), ignoring NaN.

    Parameters
    ----------
    pvalues : array_like
        P-values of any shape, in [0, 1]; NaN marks a cell without a test.

    Returns
    -------
    ndarray
        q-values of the same shape: NaN where the p-value is NaN; the family is every non-NaN
        entry, so ``m`` is their count.

    Raises
    ------
    ValueError
        If a p-value is outside [0, 1].

    Notes
    -----
    With the m p-values sorted, :math:`p_{(1)} \\le \\dots \\le p_{(m)}`,

    .. math:: q_{(i)} = \\min\\left(1, \\min_{j \\ge i} \\frac{m}{j} p_{(j)}\\right).

    A cell is a discovery at false discovery rate :math:`\\alpha` when :math:`q \\le \\alpha`.
    This matches ``statsmodels.stats.multitest.multipletests(method="fdr_bh")`` and
    :func:`scipy.stats.false_discovery_control`, which do not accept NaN.

    References
    ----------
    .. [1] Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. Journal of the Royal Statistical
       Society B 57, 289-300.

    Examples
    --------
    >>> from analysis import benjamini_hochberg
    >>> benjamini_hochberg([0.01, 0.04, float("nan"), 0.03, 0.5]).round(4)
    array([0.04  , 0.0533,    nan, 0.0533, 0.5   ])
    """
    p = np.asarray(pvalues, dtype=float)
    tested = ~np.isnan(p)
    values = p[tested]
    if np.any((values < 0) | (values > 1)):
        raise ValueError("pvalues must be between 0 and 1 (or NaN)")
    q = np.full(p.shape, np.nan)
    m = values.size
    if m == 0:
        return q
    order = np.argsort(values, kind="stable")
    scaled = values[order] * m / np.arange(1, m + 1)
    monotone = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(monotone, 1.0)
    q[tested] = adjusted
    return q
