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
        ``relative_weight`` (from pairwise-complete Pearson correlations; ``n_pairwise`` is
        the fewest respondents behind one of them), which sum to ``r_squared``. Undefined
        values (fewer than 3 pairs, a constant column; for the weights, a pair of variables
        with fewer than n_criteria + 2 respondents or without variance) are NaN.

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
    are used, so with no missing answer :math:`R^2` is that of least squares.

    Each correlation uses the respondents who rated both of its variables (pairwise
    deletion), which is consistent when answers are missing completely at random, as on the
    quick form, where no response rates every criterion (listwise deletion would keep only
    the full-form responses). A pairwise matrix need not be positive semi-definite: its
    non-positive eigenvalues are dropped (a pseudo-inverse).

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
    weights, n_pairwise = relative_weights_from_moments(*pair_moments(matrix, target))
    return KeyDriversResult(
        rho=rho,
        pvalue=pvalue,
        n=n.astype(np.int64),
        relative_weight=weights,
        r_squared=float(np.sum(weights)),
        n_pairwise=n_pairwise,
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


def pair_moments(ratings: np.ndarray, overall: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pairwise-complete sums of x = (ratings..., overall): counts, sums, squares, products.

    ``counts[i, j]`` respondents rated both i and j; over them ``sums[i, j]`` is the sum of
    x_i, ``squares[i, j]`` of x_i squared, ``products[i, j]`` of x_i x_j.
    """
    x = np.column_stack([ratings, overall])
    rated = (~np.isnan(x)).astype(float)
    value = np.nan_to_num(x, nan=0.0)
    return rated.T @ rated, value.T @ rated, (value**2).T @ rated, value.T @ value


def relative_weights_from_moments(
    counts: np.ndarray, sums: np.ndarray, squares: np.ndarray, products: np.ndarray
) -> tuple[np.ndarray, int]:
    """Johnson's relative weights from pairwise-complete sums (as :func:`pair_moments`).

    Returns the weights (NaN when a pair has fewer than n_predictors + 2 respondents or no
    variance on its rows) and the smallest pair count.
    """
    n_predictors = counts.shape[0] - 1
    n_pairwise = int(round(counts.min())) if counts.size else 0
    undefined = np.full(n_predictors, np.nan)
    if n_pairwise < n_predictors + 2:
        return undefined, n_pairwise
    cross = counts * products - sums * sums.T
    spread = counts * squares - sums**2  # [i, j]: n * sum of squared deviations of x_i
    scale = spread * spread.T
    if np.any(scale <= 0):
        return undefined, n_pairwise
    correlation = cross / np.sqrt(scale)
    np.fill_diagonal(correlation, 1.0)
    return relative_weights_from_correlation(correlation), n_pairwise


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
