"""False discovery rate control across the cells of one report."""

from __future__ import annotations

import numpy as np

from analysis._monitoring_results import CellFlags
from analysis._validation import check_count, check_open_unit
from analysis.table import classify


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


def flag_cells(
    estimate: object,
    n: object,
    pvalue: object,
    *,
    target: float = 0.8,
    min_n: int = 30,
    significance_level: float = 0.05,
) -> CellFlags:
    """Statuses of a family of cells, with Benjamini-Hochberg over exactly these cells.

    Use it to give one report one family: pass every unit x component cell of the province
    for the period (e.g. the ``component`` rows of a score table of all its units), and a
    cell's status no longer depends on which other rows a page happens to show.

    Parameters
    ----------
    estimate, n, pvalue : array_like, same shape
        Each cell's index, its n and its below-target p-value (NaN: no test).
    target, min_n, significance_level
        As for :func:`analysis.score`.

    Returns
    -------
    CellFlags
        ``qvalue`` and ``status`` per cell, with the precedence of :func:`analysis.score`:
        ``insufficient`` (n < min_n or no estimate), ``meets`` (estimate >= target),
        ``significantly_below`` (q < significance_level), otherwise ``below``.

    Raises
    ------
    ValueError
        If the shapes differ, a p-value is outside [0, 1] or a setting is out of range.

    Examples
    --------
    >>> from analysis import flag_cells
    >>> flags = flag_cells([0.7, 0.85, 0.6, 0.5], [120, 80, 200, 12], [0.02, 0.9, 0.001, 0.1])
    >>> flags.status.tolist()
    ['significantly_below', 'meets', 'significantly_below', 'insufficient']
    >>> flags.qvalue.round(4).tolist()
    [0.04, 0.9, 0.004, 0.1333]
    """
    settings = (
        check_open_unit("target", target),
        check_count("min_n", min_n),
        check_open_unit("significance_level", significance_level),
    )
    estimates, counts = np.asarray(estimate, dtype=float), np.asarray(n, dtype=float)
    pvalues = np.asarray(pvalue, dtype=float)
    if not estimates.shape == counts.shape == pvalues.shape:
        raise ValueError("estimate, n and pvalue must have the same shape")
    qvalue = benjamini_hochberg(pvalues)
    return CellFlags(qvalue, classify(estimates, counts, qvalue, *settings))
