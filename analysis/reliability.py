"""Internal consistency of a component: Cronbach's alpha with the Feldt interval."""

from __future__ import annotations

import numpy as np
from scipy import special

from analysis._results import ConfidenceInterval, CronbachResult
from analysis._validation import as_float_matrix, check_confidence_level


def cronbach_alpha(items: object, confidence_level: float = 0.95) -> CronbachResult:
    """Cronbach's alpha of a set of items, with Feldt's confidence interval.

    Parameters
    ----------
    items : array_like, shape (n_respondents, n_items)
        Ratings, rows are respondents and columns items; NaN marks a missing answer. Rows with
        any NaN are dropped (listwise deletion). Under the quick form (one criterion of each
        component per response) this keeps exactly the full-form responses: alpha is theirs,
        and NaN with ``n = 0`` when a component has none.
    confidence_level : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    CronbachResult
        ``alpha``, ``confidence_interval``, ``n`` (complete rows) and ``n_items``. Fewer than
        two complete rows, or a total score without variance, give NaN.

    Raises
    ------
    ValueError
        If `items` is not two-dimensional with at least two columns, or `confidence_level` is
        outside (0, 1).

    Notes
    -----
    With k items, item variances :math:`s_i^2` and total-score variance :math:`s_T^2`
    (both with ddof 1) over the n complete rows,

    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\right).

    Feldt's interval uses :math:`F` quantiles with :math:`n-1` and :math:`(n-1)(k-1)` degrees of
    freedom: :math:`1 - (1-\\alpha) F_{1-\\gamma/2}` to :math:`1 - (1-\\alpha) F_{\\gamma/2}`,
    where :math:`\\gamma = 1 -` `confidence_level`.

    Why not a pairwise covariance matrix under the quick form: two criteria of one component
    are never shown together there, so every covariance between the items still comes from
    full-form responses, and mixing in the quick responses' item variances alone would
    combine two samples in one coefficient. Listwise deletion keeps alpha that of one set of
    respondents, with the Feldt interval on their number.

    References
    ----------
    .. [1] Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
       Psychometrika 16, 297-334.
    .. [2] Feldt, L. S., Woodruff, D. J. and Salih, F. A. (1987). Statistical inference for
       coefficient alpha. Applied Psychological Measurement 11, 93-103.

    Examples
    --------
    >>> from analysis import cronbach_alpha
    >>> items = [[4, 5, 4], [3, 3, 4], [5, 5, 5], [2, 3, 2], [4, 4, 3], [3, 4, float("nan")]]
    >>> result = cronbach_alpha(items)
    >>> round(result.alpha, 3), result.n, result.n_items
    (0.913, 5, 3)
    >>> ci = result.confidence_interval
    >>> round(ci.low, 3), round(ci.high, 3)
    (0.561, 0.99)
    """
    level = check_confidence_level(confidence_level)
    matrix = as_float_matrix("items", items)
    n_items = matrix.shape[1]
    if n_items < 2:
        raise ValueError(f"items must have at least 2 columns (items); got {n_items}")
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    n = complete.shape[0]
    alpha = _alpha(complete) if n >= 2 else np.nan
    if np.isnan(alpha):
        return CronbachResult(np.nan, ConfidenceInterval(np.nan, np.nan), n, n_items)
    df_rows, df_error = n - 1, (n - 1) * (n_items - 1)
    tail = (1 - level) / 2
    upper_f = special.fdtri(df_rows, df_error, 1 - tail)
    lower_f = special.fdtri(df_rows, df_error, tail)
    low, high = 1 - (1 - alpha) * upper_f, 1 - (1 - alpha) * lower_f
    interval = ConfidenceInterval(float(low), float(high))
    return CronbachResult(float(alpha), interval, n, n_items)


def _alpha(complete: np.ndarray) -> float:
    """Alpha of a complete matrix with at least two rows; NaN if the total has no variance."""
    n_items = complete.shape[1]
    item_variance = complete.var(axis=0, ddof=1).sum()
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance <= 0:
        return np.nan
    return n_items / (n_items - 1) * (1 - item_variance / total_variance)
