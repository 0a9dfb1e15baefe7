"""SIPAS scores: criterion, component, domain and overall indices with their uncertainty."""

from __future__ import annotations

from numbers import Real

import numpy as np

from analysis._groups import factorize_groups
from analysis._indices import Indices, compute_indices
from analysis._inference import composite_statistics, criterion_statistics
from analysis._layout import Layout, build_layout
from analysis._tally import Tally, influence_sums, tally_ratings
from analysis._validation import (
    check_choice,
    check_confidence_level,
    check_count,
    check_open_unit,
    normal_quantile,
)
from analysis.multiple_testing import benjamini_hochberg
from analysis.table import ScoreTable, classify

OVERALL_METHODS = ("domains", "components")
_STATISTICS = ("estimate", "n", "se", "ci_low", "ci_high", "pvalue")


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
    Benjamini-Hochberg over every row with a p-value. See ``analysis/README.md``.

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
    settings = _check_settings(
        target, min_n, satisfied_min, confidence_level, overall, significance_level
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
    cells = _cell_statistics(tally, indices, squares, layout, settings, respondent_weights)
    return _build_table(cells, keys, layout, settings)


def _check_settings(
    target, min_n, satisfied_min, confidence_level, overall, significance_level
) -> dict[str, float]:
    """Validate the scalar settings of :func:`score`."""
    check_choice("overall", overall, OVERALL_METHODS)
    if (
        isinstance(satisfied_min, bool)
        or not isinstance(satisfied_min, Real)
        or not (1 <= satisfied_min <= 5)
    ):
        raise ValueError(f"satisfied_min must be a rating between 1 and 5; got {satisfied_min!r}")
    return {
        "target": check_open_unit("target", target),
        "min_n": check_count("min_n", min_n),
        "satisfied_min": float(satisfied_min),
        "confidence_level": check_confidence_level(confidence_level),
        "significance_level": check_open_unit("significance_level", significance_level),
    }


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


def _cell_statistics(
    tally: Tally,
    indices: Indices,
    squares: np.ndarray,
    layout: Layout,
    settings: dict[str, float],
    weights: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Every statistic as a (groups, rows per group) array, in report order."""
    z, target = normal_quantile(settings["confidence_level"]), settings["target"]
    criterion = criterion_statistics(tally, indices.criterion, z, target, weights is not None)
    estimates = np.column_stack([indices.component, indices.domain, indices.overall])
    composite = composite_statistics(estimates, tally.respondents, squares, z, target)
    position = np.empty(layout.n_criteria, dtype=np.int64)
    position[layout.order] = np.arange(layout.n_criteria)
    keep = _composite_columns(layout)
    return {
        name: np.concatenate([criterion[name][:, position], composite[name][:, keep]], axis=1)
        for name in _STATISTICS
    }


def _composite_columns(layout: Layout) -> np.ndarray:
    """Composite columns reported: components, domains (only if given) and overall."""
    n_components, n_domains = layout.n_components, layout.n_domains
    domains = np.arange(n_components, n_components + n_domains) if layout.report_domains else []
    return np.concatenate([np.arange(n_components), domains, [n_components + n_domains]]).astype(
        np.int64
    )


def _row_labels(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Level and code of each row within one group."""
    domain_codes = layout.domain_codes if layout.report_domains else np.array([], dtype=str)
    codes = np.concatenate(
        [layout.criterion_codes, layout.component_codes, domain_codes, ["overall"]]
    )
    counts = [layout.n_criteria, layout.n_components, domain_codes.size, 1]
    levels = np.repeat(np.array(["criterion", "component", "domain", "overall"]), counts)
    return levels, codes


def _build_table(
    cells: dict[str, np.ndarray], keys: np.ndarray, layout: Layout, settings: dict[str, float]
) -> ScoreTable:
    """Flatten the per-group arrays group by group, add q-values and statuses."""
    flat = {name: values.reshape(-1) for name, values in cells.items()}
    flat["n"] = flat["n"].astype(np.int64)
    qvalue = benjamini_hochberg(flat["pvalue"])
    levels, codes = _row_labels(layout)
    n_groups = keys.size
    columns = {
        "group": np.repeat(keys, levels.size),
        "level": np.tile(levels, n_groups),
        "code": np.tile(codes, n_groups),
        **{name: flat[name] for name in _STATISTICS},
        "qvalue": qvalue,
        "status": classify(
            flat["estimate"],
            flat["n"],
            qvalue,
            settings["target"],
            settings["min_n"],
            settings["significance_level"],
        ),
    }
    for array in columns.values():
        array.flags.writeable = False  # freshly built here: the table may share them
    return ScoreTable(columns)
