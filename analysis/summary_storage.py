"""Rating summaries as flat vectors of plain numbers, one per stored cell (desk x month).

Every entry of a vector is a sum over respondents, so the vectors of disjoint respondent sets
add up element by element: a service may store one vector per cell and add vectors (in Python
or in SQL) before :func:`summary_from_vectors`. Symmetric fields keep their upper triangle
(row by row, ``numpy.triu_indices`` order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis._layout import build_layout
from analysis._summary_build import field_shapes
from analysis.summaries import RatingSummary, sum_by_key

_SYMMETRIC = ("satisfied_products", "valid_products", "pair_counts", "pair_products")


def summary_vector_layout(n_criteria: int, n_components: int) -> dict[str, slice]:
    """Where each field sits in a summary vector (upper triangles for symmetric fields).

    Parameters
    ----------
    n_criteria, n_components : int
        Number of criteria (C) and distinct components (K) of the instrument.

    Returns
    -------
    dict of str to slice
        In storage order: ``weighted`` (1), ``valid``, ``weight``, ``satisfied`` (C each),
        ``satisfied_products`` (C(C+1)/2), ``mixed_products`` (C*C, row-major),
        ``valid_products`` (C(C+1)/2), ``patterns`` (2**K), ``histogram`` ((C+1)*5),
        ``joint`` (C*25), ``pair_counts`` ((C+1)(C+2)/2), ``pair_sums`` and ``pair_squares``
        ((C+1)**2 each), ``pair_products`` ((C+1)(C+2)/2). The last slice ends at the length.

    Examples
    --------
    >>> from analysis import summary_vector_layout
    >>> layout = summary_vector_layout(2, 1)
    >>> list(layout)[:4], layout["valid"], layout["pair_products"].stop
    (['weighted', 'valid', 'weight', 'satisfied'], slice(1, 3, None), 114)
    """
    slices, start = {}, 0
    for name, shape in field_shapes(n_criteria, n_components).items():
        size = shape[0] * (shape[0] + 1) // 2 if name in _SYMMETRIC else int(np.prod(shape))
        slices[name] = slice(start, start + size)
        start += size
    return slices


def vector_length(layout: dict[str, slice]) -> int:
    """Numbers in a vector of this layout (where its last field ends)."""
    return max(part.stop for part in layout.values())


def summary_to_vectors(summary: RatingSummary) -> np.ndarray:
    """One flat float vector per group, rows in ``summary.keys`` order.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import summarize, summary_from_vectors, summary_to_vectors
    >>> summary = summarize(np.array([[5, 4], [3, np.nan]]), ["A", "A"], groups=["x", "y"])
    >>> vectors = summary_to_vectors(summary)
    >>> vectors.shape
    (2, 114)
    >>> total = summary_from_vectors(vectors.sum(axis=0, keepdims=True), ["x+y"],
    ...                              criteria=summary.criteria, components=summary.components)
    >>> total["valid"].tolist()
    [[2.0, 1.0]]
    """
    layout = summary_vector_layout(len(summary.criteria), len(set(summary.components)))
    parts = [_flatten(name, summary[name]) for name in layout]
    return np.concatenate(parts, axis=1)


def summary_from_vectors(
    vectors: object,
    keys: Sequence,
    *,
    criteria: Sequence[str],
    components: Sequence[str],
    satisfied_min: float = 4,
) -> RatingSummary:
    """Rebuild a :class:`RatingSummary` from stored vectors, one row per key.

    Rows with the same key are added up. `criteria`, `components` and `satisfied_min` must be
    those the vectors were built with (they are not stored in the vector).

    Raises
    ------
    ValueError
        If the vectors do not have the layout's length, are negative or not finite, or the
        keys do not match the rows.
    """
    criteria, components = [str(code) for code in criteria], [str(code) for code in components]
    n_components = build_layout(components, criteria, None, len(criteria)).n_components
    shapes = field_shapes(len(criteria), n_components)
    layout = summary_vector_layout(len(criteria), n_components)
    matrix = np.asarray(vectors, dtype=float)
    length = vector_length(layout)
    if matrix.ndim != 2 or matrix.shape[1] != length:
        raise ValueError(
            f"summary vectors must be (cells, {length}) for this instrument; got {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix) & (matrix >= 0)):
        raise ValueError("summary vectors must be finite and non-negative")
    keys = list(keys)
    if len(keys) != matrix.shape[0]:
        raise ValueError(f"keys must have one key per vector ({matrix.shape[0]}); got {len(keys)}")
    fields = {
        name: _unflatten(name, matrix[:, part], shapes[name]) for name, part in layout.items()
    }
    template = RatingSummary(
        np.array([], dtype=object), tuple(criteria), tuple(components), float(satisfied_min), {}
    )
    return sum_by_key(template, keys, fields)


def _flatten(name: str, values: np.ndarray) -> np.ndarray:
    """A field as (groups, numbers), keeping only the upper triangle of symmetric ones."""
    if name in _SYMMETRIC:
        upper = np.triu_indices(values.shape[-1])
        return values[:, upper[0], upper[1]]
    return values.reshape(values.shape[0], -1)


def _unflatten(name: str, values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Inverse of :func:`_flatten` for one field."""
    if name not in _SYMMETRIC:
        return values.reshape(values.shape[0], *shape)
    full = np.zeros((values.shape[0], *shape))
    upper = np.triu_indices(shape[0])
    full[:, upper[0], upper[1]] = values
    full[:, upper[1], upper[0]] = values
    return full
