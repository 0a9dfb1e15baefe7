"""The two passes over the ratings behind :func:`analysis.score`.

Ratings are read in chunks of rows, so temporaries stay small whatever the number of
respondents. Each answer becomes a *cell number* ``(group * C + criterion) * 3 + state`` with
state 0 = missing, not applicable or zero weight, 1 = valid but not satisfied, 2 = satisfied.

* Pass 1 counts cells with ``np.bincount`` (weighted sums with the weights), giving every
  group's criterion tallies, and counts the respondents who answered each composite.
* Pass 2 looks the cell numbers up in a table of influence values (built from pass 1), sums
  them into each respondent's influence on every composite and accumulates squares per group.

No Python loop runs over groups or respondents, only over chunks, criteria blocks and levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis._layout import Layout

if TYPE_CHECKING:
    from analysis._indices import Indices

CHUNK_ROWS = 65_536
STATES = 3


@dataclass(frozen=True)
class Tally:
    """Per group x criterion (internal order) sums of one set of ratings.

    ``valid``: answers with positive weight; ``weight``, ``satisfied``, ``weight_sq``: sums of
    w, w over satisfied answers and w**2 over valid answers; ``respondents``: (levels, groups)
    respondents with at least one valid answer in each component, domain and overall;
    ``cells``: per chunk, the (criteria, rows) cell numbers reused by pass 2.
    """

    valid: np.ndarray
    weight: np.ndarray
    satisfied: np.ndarray
    weight_sq: np.ndarray
    respondents: np.ndarray
    cells: tuple[np.ndarray, ...]


def _states(block: np.ndarray, layout: Layout, satisfied_min: float, positive) -> np.ndarray:
    """State of each answer, shape (criteria, rows) in internal order; validates the values."""
    lowest, highest = np.fmin.reduce(block, axis=None), np.fmax.reduce(block, axis=None)
    if lowest < 1 or highest > 5:
        raise ValueError("ratings must be on the 1-5 scale, with NaN for missing or not applicable")
    state = (block >= satisfied_min).view(np.int8) + (~np.isnan(block)).view(np.int8)
    if positive is not None:
        state *= positive[:, None]
    return state.T[layout.order]


def _block_sums(values: np.ndarray, blocks: list[slice], reduce=np.add.reduce) -> np.ndarray:
    """Reduce each block of rows of a (members, respondents) array; (blocks, respondents)."""
    out = np.empty((len(blocks), values.shape[1]), dtype=values.dtype)
    for row, block in enumerate(blocks):
        reduce(values[block], axis=0, out=out[row])
    return out


def _answered(valid: np.ndarray, layout: Layout, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Respondents with >= 1 valid answer per component, domain and overall; (levels, groups)."""
    by_component = _block_sums(valid, layout.component_slices, np.logical_or.reduce)
    by_domain = _block_sums(by_component, layout.domain_slices, np.logical_or.reduce)
    levels = [*by_component, *by_domain, by_domain.any(axis=0)]
    return np.stack([np.bincount(groups, weights=level, minlength=n_groups) for level in levels])


def tally_ratings(
    ratings: np.ndarray,
    layout: Layout,
    groups: np.ndarray,
    n_groups: int,
    weights: np.ndarray | None,
    satisfied_min: float,
) -> Tally:
    """Pass 1: criterion tallies per group and composite respondent counts."""
    n_criteria = layout.n_criteria
    size = n_groups * n_criteria * STATES
    index_type = np.int32 if size < 2**31 else np.int64
    base = (groups * (n_criteria * STATES)).astype(index_type)
    offsets = (np.arange(n_criteria) * STATES).astype(index_type)[:, None]
    counts, sums, squares = np.zeros(size, np.int64), np.zeros(size), np.zeros(size)
    levels = layout.n_components + layout.n_domains + 1
    respondents, cells = np.zeros((levels, n_groups)), []
    for start in range(0, ratings.shape[0], CHUNK_ROWS):
        rows = slice(start, start + CHUNK_ROWS)
        positive = None if weights is None else weights[rows] > 0
        state = _states(ratings[rows], layout, satisfied_min, positive)
        chunk_cells = base[rows] + offsets
        chunk_cells += state
        counts += np.bincount(chunk_cells.ravel(), minlength=size)
        if weights is not None:
            repeated = np.broadcast_to(weights[rows], state.shape).ravel()
            sums += np.bincount(chunk_cells.ravel(), weights=repeated, minlength=size)
            squares += np.bincount(chunk_cells.ravel(), weights=repeated**2, minlength=size)
        respondents += _answered(state > 0, layout, groups[rows], n_groups)
        cells.append(chunk_cells)
    return _tally_from_counts(
        counts, sums, squares, weights is None, respondents, cells, (n_groups, n_criteria, STATES)
    )


def _tally_from_counts(counts, sums, squares, unweighted, respondents, cells, shape) -> Tally:
    """Collapse the state counts into valid / satisfied tallies."""
    counts = counts.reshape(shape)
    valid = counts[..., 1] + counts[..., 2]
    if unweighted:
        weight, satisfied, weight_sq = (
            valid.astype(float),
            counts[..., 2].astype(float),
            valid.astype(float),
        )
    else:
        sums, squares = sums.reshape(shape), squares.reshape(shape)
        weight, satisfied = sums[..., 1] + sums[..., 2], sums[..., 2]
        weight_sq = squares[..., 1] + squares[..., 2]
    return Tally(valid, weight, satisfied, weight_sq, respondents.T.astype(np.int64), tuple(cells))


def influence_sums(
    tally: Tally,
    indices: Indices,
    layout: Layout,
    groups: np.ndarray,
    weights: np.ndarray | None,
) -> np.ndarray:
    """Pass 2: per group, the sum over respondents of squared influence; (groups, levels).

    ``indices.influence_table`` holds, per cell number, a criterion's contribution to its
    component's influence (before the respondent's weight); ``component_in_domain`` (K, G)
    and ``overall_weights`` (D or K, G) combine components into domains and the overall index.
    """
    table, component_in_domain = indices.influence_table, indices.component_in_domain
    overall_weights, overall_by_domain = indices.overall_weights, indices.overall_by_domain
    n_groups = component_in_domain.shape[1]
    levels = layout.n_components + layout.n_domains + 1
    totals = np.zeros((levels, n_groups))
    start = 0
    for chunk_cells in tally.cells:
        rows = slice(start, start + chunk_cells.shape[1])
        start = rows.stop
        chunk_groups = groups[rows]
        by_component = _block_sums(table[chunk_cells], layout.component_slices)
        if weights is not None:
            by_component *= weights[rows]
        scaled = by_component * component_in_domain[:, chunk_groups]
        by_domain = _block_sums(scaled, layout.domain_slices)
        parts = by_domain if overall_by_domain else by_component
        overall = np.einsum("ij,ij->j", parts, overall_weights[:, chunk_groups])
        for level, influence in enumerate([*by_component, *by_domain, overall]):
            totals[level] += np.bincount(chunk_groups, weights=influence**2, minlength=n_groups)
    return totals.T
