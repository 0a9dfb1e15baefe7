"""Key-driver analysis: which criteria move the overall rating."""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from analysis._results import KeyDriversResult
from analysis._validation import as_float_matrix, as_float_vector


def key_drivers(ratings: object, overall: object) -> KeyDriversResult:
    """Spearman correlations and Johnson's relative weights of criteria on the overall rating.

    Parameters
    ----------
    ratings : array_like, shape (n_respondents, n_criteria)
        Criterion ratings, NaN for missing or not applicable.
    overall : array_like, shape (n_respondents,)
        Overall satisfaction rating of each respondent, NaN if missing.

    Returns
    -------
    KeyDriversResult
        Per criterion ``rho``, ``pvalue`` and ``n`` (Spearman, pairwise complete: each
        criterion uses every respondent who answered it and the overall question) and
        ``relative_weight`` (listwise complete rows, ``n_complete``), which sum to
        ``r_squared``. Undefined values (fewer than 3 pairs, a constant column, too few
        complete rows for the regression) are NaN.

    Raises
    ------
    ValueError
        If the shapes do not match.

    Notes
    -----
    Spearman's :math:`\\rho` is Pearson's correlation of the mid-ranks; its p-value uses
    :math:`t = \\rho\\sqrt{(n-2)/(1-\\rho^2)}` with :math:`n-2` degrees of freedom, as
    :func:`scipy.stats.spearmanr`.

    Relative weights [1]_: with the predictor correlation matrix
    :math:`R_{xx} = V \\Lambda V^T` and predictor-outcome correlations :math:`r_{xy}`, let
    :math:`\\Lambda^* = V \\Lambda^{1/2} V^T` (correlations of the predictors with their
    closest orthogonal counterparts) and :math:`\\beta = V \\Lambda^{-1/2} V^T r_{xy}`. Then
    :math:`\\varepsilon_j = \\sum_k \\Lambda^{*2}_{jk} \\beta_k^2` and
    :math:`\\sum_j \\varepsilon_j = R^2 = r_{xy}^T R_{xx}^{-1} r_{xy}`. Pearson correlations
    are used, so :math:`R^2` is that of the least-squares regression on the complete rows.

    References
    ----------
    .. [1] Johnson, J. W. (2000). A heuristic method for estimating the relative weight of
       predictor variables in multiple regression. Multivariate Behavioral Research 35, 1-19.

    Examples
    --------
    >>> from analysis import key_drivers
    >>> ratings = [[5, 4], [4, 4], [2, 3], [3, 1], [5, 5], [1, 2], [4, 3]]
    >>> result = key_drivers(ratings, [5, 4, 2, 2, 5, 1, 4])
    >>> result.rho.round(3)
    array([0.991, 0.86 ])
    >>> result.relative_weight.round(3), round(result.r_squared, 3)
    (array([0.623, 0.363]), 0.987)
    """
    matrix = as_float_matrix("ratings", ratings)
    target = as_float_vector("overall", overall)
    if target.size != matrix.shape[0]:
        raise ValueError(
            f"overall must have one value per row of ratings ({matrix.shape[0]}); got {target.size}"
        )
    columns = [_spearman(matrix[:, j], target) for j in range(matrix.shape[1])]
    rho, pvalue, n = (np.array(values) for values in zip(*columns, strict=True))
    complete = ~np.isnan(matrix).any(axis=1) & ~np.isnan(target)
    weights = _relative_weights(matrix[complete], target[complete])
    return KeyDriversResult(
        rho=rho,
        pvalue=pvalue,
        n=n.astype(np.int64),
        relative_weight=weights,
        r_squared=float(np.sum(weights)),
        n_complete=int(complete.sum()),
    )


def _spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float, int]:
    """Spearman rho, two-sided p-value and n over pairs where both are present."""
    both = ~np.isnan(x) & ~np.isnan(y)
    n = int(both.sum())
    if n < 3 or np.ptp(x[both]) == 0 or np.ptp(y[both]) == 0:
        return np.nan, np.nan, n
    rank_x = stats.rankdata(x[both]) - (n + 1) / 2
    rank_y = stats.rankdata(y[both]) - (n + 1) / 2
    rho = float(rank_x @ rank_y / np.sqrt((rank_x @ rank_x) * (rank_y @ rank_y)))
    return (*correlation_pvalue(rho, n), n)


def correlation_pvalue(rho: float, n: int) -> tuple[float, float]:
    """rho clipped to [-1, 1] and its two-sided p-value from Student's t with n - 2 df."""
    rho = min(max(rho, -1.0), 1.0)
    if abs(rho) == 1.0:
        return rho, 0.0
    t = rho * np.sqrt((n - 2) / (1 - rho * rho))
    return rho, float(2 * special.stdtr(n - 2, -abs(t)))


def _relative_weights(predictors: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Johnson's relative weights of complete data; NaN when undefined."""
    n, n_predictors = predictors.shape
    if n < n_predictors + 2 or np.any(np.ptp(predictors, axis=0) == 0) or np.ptp(outcome) == 0:
        return np.full(n_predictors, np.nan)
    correlation = np.corrcoef(np.column_stack([predictors, outcome]), rowvar=False)
    return relative_weights_from_correlation(correlation)


def relative_weights_from_correlation(correlation: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from the correlation matrix of (predictors..., outcome)."""
    n_predictors = correlation.shape[0] - 1
    r_xx, r_xy = correlation[:-1, :-1], correlation[:-1, -1]
    eigenvalues, eigenvectors = np.linalg.eigh(r_xx)
    tolerance = eigenvalues.max() * n_predictors * np.finfo(float).eps
    positive = eigenvalues > tolerance
    root = np.sqrt(np.where(positive, eigenvalues, 0.0))
    inverse_root = np.divide(1.0, root, out=np.zeros_like(root), where=positive)
    lambda_star = (eigenvectors * root) @ eigenvectors.T
    beta = (eigenvectors * inverse_root) @ eigenvectors.T @ r_xy
    return (lambda_star**2) @ (beta**2)
