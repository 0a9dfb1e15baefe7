"""Small-number suppression of breakdown cells (the NHS Friends and Family Test's rule)."""

from __future__ import annotations

import numpy as np

from analysis._groups import factorize_groups
from analysis._monitoring_results import SuppressionResult
from analysis._validation import as_integer_array, check_count

REASONS = ("", "small", "complementary", "parent")


def _dense_ranks(counts: np.ndarray) -> np.ndarray:
    """Dense rank of each non-zero count (1 = smallest), 0 for empty cells."""
    ranks = np.zeros(counts.size, dtype=np.int64)
    present = counts > 0
    ranks[present] = np.unique(counts[present], return_inverse=True)[1].reshape(-1) + 1
    return ranks


def _suppress_family(counts, threshold, parent_suppressed) -> np.ndarray:
    """Reason code (index into REASONS) of each cell of one parent."""
    ranks = _dense_ranks(counts)
    reason = np.where((counts > 0) & (counts < threshold), 1, 0)
    smallest_is_small = np.any(reason[ranks == 1] == 1)
    second = np.flatnonzero(ranks == 2)
    if smallest_is_small and second.size and reason[second[0]] == 0:
        reason[second[0]] = 2
    if parent_suppressed:
        reason = np.where((reason == 0) & ((ranks == 1) | (ranks == 2)), 3, reason)
    return reason


def suppress_small_cells(
    n: object,
    parent: object = None,
    *,
    threshold: int = 5,
    parent_suppressed: object = None,
) -> SuppressionResult:
    """Which cells of a breakdown to hide so that no small count can be seen or worked out.

    Parameters
    ----------
    n : array_like of int
        Respondents in each cell (e.g. each procedure or age group of a unit).
    parent : array_like, optional
        Key of the total each cell belongs to (cells of one parent add up to a shown total);
        default: all cells belong to one parent.
    threshold : int, default 5
        Cells with 1 to threshold - 1 respondents are suppressed (empty cells are not).
    parent_suppressed : array_like of bool, optional
        Per cell, whether its parent's own figure is suppressed at the level above (apply
        this function level by level, from the top).

    Returns
    -------
    SuppressionResult
        ``suppressed`` and ``reason`` per cell. Within each parent: every cell with
        1 to threshold - 1 respondents (``"small"``); when the smallest non-empty cell is
        small, also the first cell of the next-smallest size (``"complementary"``), so the
        hidden value cannot be got by subtracting the others from the total; when the
        parent itself is suppressed, its cells of the two smallest sizes (``"parent"``).

    Raises
    ------
    ValueError
        For counts that are not non-negative whole numbers, or inputs of different lengths.

    References
    ----------
    NHS England, Friends and Family Test pipeline, ``src/fft/suppression.py``
    (first-level, second-level and cascade suppression).

    Examples
    --------
    >>> from analysis import suppress_small_cells
    >>> result = suppress_small_cells([3, 80, 150, 0, 12], ["A", "A", "A", "B", "B"])
    >>> result.suppressed.tolist()
    [True, True, False, False, False]
    >>> result.reason.tolist()
    ['small', 'complementary', '', '', '']
    """
    counts = as_integer_array("n", n)
    threshold = check_count("threshold", threshold, minimum=1)
    if counts.ndim != 1:
        raise ValueError(f"n must be one-dimensional; got shape {counts.shape}")
    if parent is not None and np.shape(parent) != counts.shape:
        raise ValueError(f"parent must have one key per cell ({counts.size})")
    _, families = factorize_groups(parent, counts.size)
    above = np.zeros(counts.size, bool) if parent_suppressed is None else parent_suppressed
    above = np.asarray(above)
    if above.shape != counts.shape or above.dtype != bool:
        raise ValueError(f"parent_suppressed must be one bool per cell ({counts.size})")
    reason = np.zeros(counts.size, dtype=np.int64)
    for family in np.unique(families):
        cells = np.flatnonzero(families == family)
        reason[cells] = _suppress_family(counts[cells], threshold, bool(above[cells].any()))
    return SuppressionResult(reason > 0, np.array(REASONS)[reason])
