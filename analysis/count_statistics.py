"""Rank statistics from rating counts: Mann-Whitney from histograms, Spearman from joint counts.

These need only the counts a :class:`~analysis.summaries.RatingSummary` keeps, so two stored
cells can be compared without reading their answers.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from analysis._results import CorrelationResult, KeyDriversResult, MannWhitneyResult
from analysis._validation import as_integer_array, check_choice
from analysis.comparisons import ALTERNATIVES
from analysis.drivers import correlation_pvalue, relative_weights_from_moments
from analysis.summaries import RatingSummary


def _mid_ranks(counts: np.ndarray) -> np.ndarray:
    """Mid-rank of each category of sorted, tied values with these counts."""
    return np.cumsum(counts) - counts + (counts + 1) / 2


def compare_histograms(
    x_counts: object, y_counts: object, alternative: str = "two-sided"
) -> MannWhitneyResult:
    """Mann-Whitney U test of two samples given as counts per rating (1, 2, ..., 5).

    Parameters
    ----------
    x_counts, y_counts : array_like of int
        Number of ratings in each category, lowest first, same length (e.g. a row of
        ``summary["histogram"]``).
    alternative : {"two-sided", "less", "greater"}, default "two-sided"
        ``"greater"``: ratings in x tend to be higher than in y.

    Returns
    -------
    MannWhitneyResult
        U of x, the p-value of the normal approximation with tie and continuity corrections
        (as ``scipy.stats.mannwhitneyu(..., method="asymptotic")``), ``rank_biserial`` and
        the sample sizes. An empty sample gives NaN; a single category p = 1.

    Raises
    ------
    ValueError
        For counts that are not non-negative whole numbers, of different lengths, or an
        unknown `alternative`.

    Examples
    --------
    >>> from analysis import compare_histograms
    >>> result = compare_histograms([0, 0, 1, 2, 2], [0, 1, 2, 1, 0])
    >>> result.statistic, round(result.pvalue, 4), result.rank_biserial
    (17.0, 0.0978, 0.7)
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    x, y = as_integer_array("x_counts", x_counts), as_integer_array("y_counts", y_counts)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError("x_counts and y_counts must be 1-D counts of the same categories")
    n1, n2 = int(x.sum()), int(y.sum())
    if n1 == 0 or n2 == 0:
        return MannWhitneyResult(np.nan, np.nan, np.nan, n1, n2)
    total = x + y
    n = n1 + n2
    u1 = float(x @ _mid_ranks(total) - n1 * (n1 + 1) / 2)
    ties = float(np.sum(total**3 - total))
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if variance <= 0:
        return MannWhitneyResult(n1 * n2 / 2, 1.0, 0.0, n1, n2)
    u = {"greater": u1, "less": n1 * n2 - u1}.get(alternative, max(u1, n1 * n2 - u1))
    pvalue = special.ndtr(-(u - n1 * n2 / 2 - 0.5) / np.sqrt(variance))
    pvalue = min(1.0, 2 * pvalue if alternative == "two-sided" else pvalue)
    return MannWhitneyResult(u1, float(pvalue), 2 * u1 / (n1 * n2) - 1, n1, n2)


def spearman_from_counts(joint: object) -> CorrelationResult:
    """Spearman's rho of two ratings from their joint counts (pairwise complete).

    Parameters
    ----------
    joint : array_like of int, shape (categories, categories)
        ``joint[i, j]`` = respondents with the first rating in category i and the second in
        category j (e.g. ``summary["joint"][g, c]``: criterion c against the overall rating).

    Returns
    -------
    CorrelationResult
        ``statistic`` (rho: Pearson correlation of mid-ranks), ``pvalue`` (two-sided, t with
        n - 2 df, as :func:`scipy.stats.spearmanr`) and ``n``.

    Examples
    --------
    >>> from analysis import spearman_from_counts
    >>> result = spearman_from_counts([[2, 1, 0], [0, 3, 1], [0, 1, 2]])
    >>> round(result.statistic, 4), result.n
    (0.7319, 10)
    """
    counts = as_integer_array("joint", joint)
    if counts.ndim != 2:
        raise ValueError(f"joint must be a two-dimensional table of counts; got {counts.shape}")
    n = int(counts.sum())
    rows, columns = counts.sum(axis=1), counts.sum(axis=0)
    if n < 3 or np.count_nonzero(rows) < 2 or np.count_nonzero(columns) < 2:
        return CorrelationResult(np.nan, np.nan, n)
    rank_x, rank_y = _mid_ranks(rows) - (n + 1) / 2, _mid_ranks(columns) - (n + 1) / 2
    covariance = rank_x @ counts @ rank_y
    rho = covariance / np.sqrt((rows @ rank_x**2) * (columns @ rank_y**2))
    rho, pvalue = correlation_pvalue(float(rho), n)
    return CorrelationResult(rho, pvalue, n)


def key_drivers_from_summary(summary: RatingSummary, key: object = None) -> KeyDriversResult:
    """:func:`analysis.key_drivers` for one group of a summary built with ``overall_rating``.

    Spearman from the joint counts; Johnson's relative weights from the pairwise-complete
    moments (``pair_counts``, ``pair_sums``, ``pair_squares``, ``pair_products``). Equals
    ``key_drivers`` on the group's raw ratings (zero-weight respondents left out). `key`
    defaults to the only group.

    Raises
    ------
    ValueError
        If `key` is not a group of the summary.
    """
    row = summary.index(key) if key is not None or summary.keys.size != 1 else 0
    spearman = [spearman_from_counts(table) for table in summary["joint"][row]]
    names = ("pair_counts", "pair_sums", "pair_squares", "pair_products")
    weights, n_pairwise = relative_weights_from_moments(*(summary[name][row] for name in names))
    return KeyDriversResult(
        rho=np.array([result.statistic for result in spearman]),
        pvalue=np.array([result.pvalue for result in spearman]),
        n=np.array([result.n for result in spearman], dtype=np.int64),
        relative_weight=weights,
        r_squared=float(np.sum(weights)),
        n_pairwise=n_pairwise,
    )
