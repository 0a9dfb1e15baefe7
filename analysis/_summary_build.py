"""Per-group additive sums of ratings behind :func:`analysis.summarize`.

Rows are sorted by group and read in chunks, so each chunk's bincounts span only the few
groups it contains.

Every field is a sum over respondents (positive weight only), so the fields of disjoint
respondent sets add up. Shapes per group, criteria in column order (C criteria, K components):

* ``weighted`` ()           1 if the sums carry weights (added up: the number of weighted parts)
* ``valid`` (C)             number of valid answers
* ``weight`` (C)            sum of w over valid answers
* ``satisfied`` (C)         sum of w over satisfied answers
* ``satisfied_products`` (C, C)  sum of w**2 y_c y_c'   (y: satisfied, m: valid indicator)
* ``mixed_products`` (C, C)      sum of w**2 y_c m_c'
* ``valid_products`` (C, C)      sum of w**2 m_c m_c'
* ``patterns`` (2**K)       respondents by the set of components answered (bit k = component k,
  components in order of first appearance)
* ``histogram`` (C + 1, 5)  counts of ratings 1..5 per criterion; last row the overall rating
* ``joint`` (C, 5, 5)       counts of (criterion rating, overall rating) pairs
* ``pair_counts`` (C + 1, C + 1)    respondents who rated both i and j, x = (ratings..., overall)
* ``pair_sums`` (C + 1, C + 1)      [i, j]: sum of x_i over them
* ``pair_squares`` (C + 1, C + 1)   [i, j]: sum of x_i**2 over them
* ``pair_products`` (C + 1, C + 1)  sum of x_i x_j over them
  (unweighted pairwise-complete moments behind the key drivers' correlations)
"""

from __future__ import annotations

import numpy as np

CHUNK_ROWS = 8_192
SCALE = 5


def _sums(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group sums of the columns of *values* (rows, M); shape (groups, M)."""
    width = values.shape[1]
    cells = groups[:, None] * width + np.arange(width)
    total = np.bincount(cells.ravel(), weights=values.ravel(), minlength=n_groups * width)
    return total.reshape(n_groups, width)


def _products(groups: np.ndarray, a: np.ndarray, b: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group sums of the outer products a_r b_r'; shape (groups, A, B).

    *groups* is sorted, so each group is a block of rows and its sum one matrix product.
    """
    out = np.zeros((n_groups, a.shape[1], b.shape[1]))
    if groups.size == 0:
        return out
    bounds = np.flatnonzero(np.diff(groups)) + 1
    for start, stop in zip(np.r_[0, bounds], np.r_[bounds, groups.size], strict=True):
        out[groups[start]] = a[start:stop].T @ b[start:stop]
    return out


def _counts(cells: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(cells, minlength=size).astype(float)


def _chunk_fields(ratings, overall, groups, weights, bits, satisfied_min, n_groups):
    """All fields of one chunk of rows (weights are positive here)."""
    n_criteria = ratings.shape[1]
    valid = ~np.isnan(ratings)
    satisfied = valid & (ratings >= satisfied_min)
    weighted_valid, weighted_satisfied = valid * weights[:, None], satisfied * weights[:, None]
    answered = np.column_stack([valid[:, bits == k].any(axis=1) for k in range(bits.max() + 1)])
    pattern = answered.astype(np.int64) @ (1 << np.arange(answered.shape[1]))
    values = np.nan_to_num(ratings, nan=1.0).astype(np.int64) - 1
    rated = np.column_stack([valid, ~np.isnan(overall)])
    scores = np.column_stack([values, np.nan_to_num(overall, nan=1.0).astype(np.int64) - 1])
    hist_cells = (groups[:, None] * (n_criteria + 1) + np.arange(n_criteria + 1)) * SCALE + scores
    both = valid & rated[:, -1:]
    joint_cells = ((groups[:, None] * n_criteria + np.arange(n_criteria)) * SCALE + values) * SCALE
    joint_cells += scores[:, -1:]
    present = rated.astype(float)
    value = np.where(rated, scores + 1.0, 0.0)
    patterns = 1 << answered.shape[1]
    return {
        "valid": _sums(groups, valid.astype(float), n_groups),
        "weight": _sums(groups, weighted_valid, n_groups),
        "satisfied": _sums(groups, weighted_satisfied, n_groups),
        "satisfied_products": _products(groups, weighted_satisfied, weighted_satisfied, n_groups),
        "mixed_products": _products(groups, weighted_satisfied, weighted_valid, n_groups),
        "valid_products": _products(groups, weighted_valid, weighted_valid, n_groups),
        "patterns": _counts(groups * patterns + pattern, n_groups * patterns),
        "histogram": _counts(hist_cells[rated], n_groups * (n_criteria + 1) * SCALE),
        "joint": _counts(joint_cells[both], n_groups * n_criteria * SCALE * SCALE),
        "pair_counts": _products(groups, present, present, n_groups),
        "pair_sums": _products(groups, value, present, n_groups),
        "pair_squares": _products(groups, value**2, present, n_groups),
        "pair_products": _products(groups, value, value, n_groups),
    }


def summary_fields(
    ratings: np.ndarray,
    overall: np.ndarray,
    groups: np.ndarray,
    n_groups: int,
    weights: np.ndarray | None,
    bits: np.ndarray,
    satisfied_min: float,
) -> dict[str, np.ndarray]:
    """Every field for every group; *bits* is each column's component number."""
    n_criteria, n_components = ratings.shape[1], int(bits.max()) + 1
    shapes = field_shapes(n_criteria, n_components)
    fields = {name: np.zeros((n_groups, *shape)) for name, shape in shapes.items()}
    fields["weighted"][:] = 0.0 if weights is None else 1.0
    kept = np.arange(ratings.shape[0]) if weights is None else np.flatnonzero(weights > 0)
    kept = kept[np.argsort(groups[kept], kind="stable")]  # a chunk spans few groups
    unit = np.ones(ratings.shape[0]) if weights is None else weights
    for start in range(0, kept.size, CHUNK_ROWS):
        rows = kept[start : start + CHUNK_ROWS]
        first = groups[rows[0]]
        local = groups[rows] - first
        span = int(local[-1]) + 1
        chunk = _chunk_fields(
            ratings[rows], overall[rows], local, unit[rows], bits, satisfied_min, span
        )
        for name, values in chunk.items():
            fields[name][first : first + span] += values.reshape(span, *shapes[name])
    return fields


def field_shapes(n_criteria: int, n_components: int) -> dict[str, tuple[int, ...]]:
    """Shape of each field for one group, in storage order."""
    pairs, variables = (n_criteria, n_criteria), (n_criteria + 1, n_criteria + 1)
    return {
        "weighted": (),
        "valid": (n_criteria,),
        "weight": (n_criteria,),
        "satisfied": (n_criteria,),
        "satisfied_products": pairs,
        "mixed_products": pairs,
        "valid_products": pairs,
        "patterns": (2**n_components,),
        "histogram": (n_criteria + 1, SCALE),
        "joint": (n_criteria, SCALE, SCALE),
        "pair_counts": variables,
        "pair_sums": variables,
        "pair_squares": variables,
        "pair_products": variables,
    }
