"""SIPAS index arithmetic on per-group tallies: criterion ratios, composite means, influence.

Everything here works on (groups, criteria) arrays, never on respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis._layout import Layout
from analysis._tally import Tally


@dataclass(frozen=True)
class Indices:
    """Estimates per group (rows) and the coefficients of the linearized variance.

    ``criterion`` (G, C) in internal order, ``component`` (G, K), ``domain`` (G, D),
    ``overall`` (G,). ``influence_table`` is flat over cell numbers; ``component_in_domain``
    (K, G) and ``overall_weights`` (D or K, G) are the weights of the composite means.
    """

    criterion: np.ndarray
    component: np.ndarray
    domain: np.ndarray
    overall: np.ndarray
    influence_table: np.ndarray
    component_in_domain: np.ndarray
    overall_weights: np.ndarray
    overall_by_domain: bool


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Elementwise ratio, NaN where the denominator is zero (no warning)."""
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    return np.divide(numerator, denominator, out=out, where=denominator > 0)


def _mean_of_present(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the non-NaN values in each block of columns, and how many there were."""
    present = ~np.isnan(values)
    counts = np.add.reduceat(present.astype(np.int64), starts, axis=1)
    sums = np.add.reduceat(np.where(present, values, 0.0), starts, axis=1)
    return _divide(sums, counts), counts


def _weights_of_present(means: np.ndarray, counts: np.ndarray, block_of: np.ndarray) -> np.ndarray:
    """Weight 1/count of each present member in its block's mean, 0 if absent; (members, G)."""
    share = _divide(np.ones_like(counts, dtype=float), counts)[:, block_of]
    return np.where(np.isnan(means), 0.0, share).T


def compute_indices(tally: Tally, layout: Layout, overall_by_domain: bool) -> Indices:
    """Criterion ratios, composite means and the influence coefficients, per group.

    A criterion with no valid answer in a group is NaN there and the composites average the
    criteria (components) that have data, so their influence weights use those counts.
    """
    criterion = _divide(tally.satisfied, tally.weight)
    component, criteria_present = _mean_of_present(criterion, layout.component_starts)
    domain, components_present = _mean_of_present(component, layout.domain_starts)
    parts = domain if overall_by_domain else component
    overall, parts_present = _mean_of_present(parts, np.array([0]))
    scale = _divide(
        np.ones_like(tally.weight), criteria_present[:, layout.component_of] * tally.weight
    )
    scale = np.nan_to_num(scale, nan=0.0)
    filled = np.nan_to_num(criterion, nan=0.0)
    table = np.stack([np.zeros_like(scale), -scale * filled, scale * (1 - filled)], axis=-1)
    n_parts = parts.shape[1]
    return Indices(
        criterion=criterion,
        component=component,
        domain=domain,
        overall=overall[:, 0],
        influence_table=table.reshape(-1),
        component_in_domain=_weights_of_present(component, components_present, layout.domain_of),
        overall_weights=_weights_of_present(parts, parts_present, np.zeros(n_parts, np.int64)),
        overall_by_domain=overall_by_domain,
    )


def linearized_variance(sum_of_squares: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``n / (n - 1) * sum of squared influences``; NaN for fewer than two respondents."""
    factor = _divide(n.astype(float), n - 1.0)
    return np.where(n >= 2, factor * sum_of_squares, np.nan)
