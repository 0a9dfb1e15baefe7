"""SIPAS scores: criterion, component, domain and overall indices with their uncertainty."""

from __future__ import annotations

import numpy as np

from analysis._groups import factorize_groups
from analysis._indices import compute_indices
from analysis._layout import build_layout
from analysis._report import build_table, cell_statistics, check_settings
from analysis._tally import influence_sums, tally_ratings
from analysis.table import ScoreTable


def score(
    ratings: object,
    components: object,
    *,
    criteria: object = None,
    domains: object = None,
    groups: object = None,
    weights: object = None,
    target: float = 0.8,
    min_n: int = 30,
    satisfied_min: float = 4,
    confidence_level: float = 0.95,
    overall: str = "domains",
    significance_level: float = 0.05,
    family: str = "table",
) -> ScoreTable:
    """Score satisfaction ratings the SIPAS way, for every group at every level.

    Parameters
    ----------
    ratings : array_like, shape (n_respondents, n_criteria)
        Ratings on the 1-5 scale; NaN for missing or not applicable.
    components : sequence, length n_criteria
        Component code of each column (e.g. ``"SVC.1"``).
    criteria : sequence, optional
        Unique criterion code of each column; default ``"0"``, ``"1"``, ...
    domains : mapping, optional
        Domain code of each component. Without it all components form one domain and the
        table has no ``"domain"`` rows (they would repeat the overall row).
    groups : array_like or tuple of array_like, optional
        Key of each respondent (unit, desk, month...). A tuple of arrays gives tuple keys,
        e.g. ``groups=(desk, month)``. Groups are reported in sorted key order.
    weights : array_like, optional
        Non-negative weight of each respondent (default 1). A zero weight removes the
        respondent from every sum and count.
    target : float, default 0.8
        The satisfaction target, strictly between 0 and 1.
    min_n : int, default 30
        Cells with fewer valid answers (respondents, for composites) are ``insufficient``.
    satisfied_min : float, default 4
        Lowest rating counted as satisfied (4 = Hài lòng).
    confidence_level : float, default 0.95
        Level of the intervals.
    overall : {"domains", "components"}, default "domains"
        The overall index is the mean of the domain indices, or of all component indices.
    significance_level : float, default 0.05
        False discovery rate under which a below-target cell is ``significantly_below``.
    family : {"table", "level"}, default "table"
        The Benjamini-Hochberg family: every row of the table, or each level separately
        (all group x component cells form one family, all group x criterion cells another...).
        Score a whole report at once (e.g. every unit of a province for one period, with
        ``family="level"``) so that a cell's status is the same wherever it is shown.

    Returns
    -------
    ScoreTable
        One row per group x level x code, group by group; within a group the criteria in
        column order, the components (grouped by domain, in order of first appearance), the
        domains and the overall row. Columns ``group, level, code, estimate, n, se, ci_low,
        ci_high, pvalue, qvalue, status``.

    Raises
    ------
    ValueError
        For ratings outside 1-5, codes or keys of the wrong length, a component without a
        domain, duplicate criterion codes, negative weights, or settings out of range; the
        message names the accepted values.

    Notes
    -----
    Criterion c: :math:`I_c = \\sum_r w_r s_{rc} / \\sum_r w_r v_{rc}` over valid answers
    (:math:`v` valid, :math:`s` satisfied), Wilson interval and exact binomial p-value for
    H1: :math:`p < \\text{target}` (Kish effective n with weights); a criterion without
    answers is NaN. Component, domain and overall indices are means of the indices below
    them that have data; their standard error is linearized over respondents:
    :math:`z_{rc} = w_r (s_{rc} - I_c v_{rc}) / \\sum_r w_r v_{rc}`, a composite's influence
    :math:`z_r` is the same mean of the :math:`z_{rc}`, and
    :math:`\\widehat{V} = \\frac{n}{n-1} \\sum_r z_r^2` within the group, with n the
    respondents who answered the composite. Interval: estimate :math:`\\pm z \\cdot se`,
    clipped to [0, 1]; p-value :math:`\\Phi((I - \\text{target}) / se)`. q-values are
    Benjamini-Hochberg over every row with a p-value (or per level). See ``analysis/README.md``.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import score
    >>> ratings = np.array([[5, 4, 2], [4, 3, 5], [5, 5, np.nan], [2, 4, 4]])
    >>> table = score(ratings, ["A", "A", "B"], criteria=["A1", "A2", "B1"], min_n=2)
    >>> table["code"].tolist()
    ['A1', 'A2', 'B1', 'A', 'B', 'overall']
    >>> table["estimate"].round(3).tolist()
    [0.75, 0.75, 0.667, 0.75, 0.667, 0.708]
    >>> table["n"].tolist()
    [4, 4, 3, 4, 3, 4]
    >>> table.rows()[-1]["status"], round(table.rows()[-1]["se"], 3)
    ('below', 0.107)
    """
    settings = check_settings(
        target, min_n, satisfied_min, confidence_level, overall, significance_level, family
    )
    matrix = _as_ratings(ratings)
    layout = build_layout(components, criteria, domains, matrix.shape[1])
    keys, codes = factorize_groups(groups, matrix.shape[0])
    respondent_weights = _as_weights(weights, matrix.shape[0])
    tally = tally_ratings(
        matrix, layout, codes, keys.size, respondent_weights, settings["satisfied_min"]
    )
    indices = compute_indices(tally, layout, overall == "domains")
    squares = influence_sums(tally, indices, layout, codes, respondent_weights)
    cells = cell_statistics(tally, indices, squares, layout, settings, weights is not None)
    return build_table(cells, keys, layout, settings)


def _as_ratings(ratings: object) -> np.ndarray:
    """A 2-D real array, without copying a NumPy array that already is one."""
    if isinstance(ratings, np.ndarray) and ratings.dtype.kind in "fiu":
        matrix = ratings
    else:
        matrix = np.asarray(ratings, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(
            f"ratings must be two-dimensional (respondents x criteria); got shape {matrix.shape}"
        )
    return matrix


def _as_weights(weights: object, n_rows: int) -> np.ndarray | None:
    """Validated respondent weights, or None for unit weights."""
    if weights is None:
        return None
    array = np.asarray(weights, dtype=float)
    if array.shape != (n_rows,):
        raise ValueError(
            f"weights must have one value per respondent ({n_rows}); got shape {array.shape}"
        )
    if not np.all(np.isfinite(array) & (array >= 0)):
        raise ValueError("weights must be finite and non-negative (0 excludes a respondent)")
    return array
