"""Factorise per-respondent group keys (unit, desk, month...) into dense integer codes once."""

from __future__ import annotations

import numpy as np

# Integer keys whose range is at most this many times the row count are factorised with a
# bincount (linear time) instead of a sort.
_DENSE_RANGE_FACTOR = 4


def _dense_integer_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Sorted unique values and codes via bincount, or None if the key range is too wide."""
    wide = values.astype(np.uint64 if values.dtype.kind == "u" else np.int64)
    low, high = wide.min(), wide.max()
    if int(high) - int(low) > _DENSE_RANGE_FACTOR * values.size + 65536:
        return None
    offset = (wide - low).astype(np.int64)
    present = np.bincount(offset) > 0
    lookup = np.cumsum(present) - 1
    return np.flatnonzero(present).astype(wide.dtype) + low, lookup[offset]


def _factorize_column(name: str, values: object, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique keys of one key column and each row's code."""
    array = np.asarray(values)
    if array.ndim != 1 or array.size != n_rows:
        raise ValueError(
            f"{name} must have one key per respondent ({n_rows}); got shape {array.shape}"
        )
    if array.size and array.dtype.kind in "iub":
        dense = _dense_integer_codes(array)
        if dense is not None:
            uniques, codes = dense
            return uniques.astype(array.dtype), codes
    try:
        uniques, codes = np.unique(array, return_inverse=True)
    except TypeError:
        raise ValueError(f"{name} keys must be sortable (all numbers or all strings)") from None
    return uniques, codes.reshape(-1)


def _object_array(items: list) -> np.ndarray:
    """1-D object array holding *items* as they are (tuples stay tuples)."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def factorize_groups(groups: object, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Group keys (object array, sorted) and each respondent's group number.

    `groups` is None (one group, key None), one array-like of keys, or a tuple of array-likes
    whose keys are tuples (e.g. ``(desk, month)``).
    """
    if groups is None:
        return _object_array([None]), np.zeros(n_rows, dtype=np.int64)
    if not isinstance(groups, tuple):
        uniques, codes = _factorize_column("groups", groups, n_rows)
        return _object_array(uniques.tolist()), codes
    if not groups:
        raise ValueError("groups must be None, an array of keys or a non-empty tuple of arrays")
    parts = [_factorize_column(f"groups[{i}]", column, n_rows) for i, column in enumerate(groups)]
    sizes = [uniques.size for uniques, _ in parts]
    if n_rows == 0:
        return _object_array([]), np.zeros(0, dtype=np.int64)
    combined = np.ravel_multi_index([codes for _, codes in parts], sizes)
    present, codes = _factorize_column("groups", combined, n_rows)
    positions = np.unravel_index(present, sizes)
    columns = [
        uniques[index].tolist() for (uniques, _), index in zip(parts, positions, strict=True)
    ]
    return _object_array(list(zip(*columns, strict=True))), codes
