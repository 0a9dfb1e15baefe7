"""Additive rating summaries: build once per cell (desk x month), add at read time, score.

A :class:`RatingSummary` holds, per group, sums over respondents from which every figure of
:func:`analysis.score` follows exactly (fields: ``analysis/_summary_build.py``; algebra:
``analysis/README.md``; flat vectors: :mod:`analysis.summary_storage`). Sums of disjoint
respondent sets add up, so a service can store one summary per desk x month as a flat vector
and sum vectors when it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from analysis._groups import factorize_groups
from analysis._layout import build_layout
from analysis._report import check_satisfied_min
from analysis._summary_build import summary_fields
from analysis._validation import as_float_vector
from analysis.scoring import _as_ratings, _as_weights
from analysis.table import read_only

MAX_COMPONENTS = 12


@dataclass(frozen=True, repr=False)
class RatingSummary:
    """Additive sums of ratings per group; add with ``+``, regroup, store as vectors.

    Attributes
    ----------
    keys : ndarray of object
        Group keys in sorted order (None without groups; tuples for tuple groups).
    criteria, components : tuple of str
        Criterion code and component code of each column, as given to :func:`summarize`.
    satisfied_min : float
        Lowest rating counted as satisfied.
    fields : Mapping[str, ndarray]
        Each field with the groups on the first axis; read with ``summary["valid"]``. Names and
        shapes: ``analysis/_summary_build.py`` and :func:`summary_vector_layout`.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import summarize
    >>> ratings = np.array([[5, 4], [2, np.nan], [4, 4]])
    >>> part = summarize(ratings, ["A", "A"], groups=["d1", "d2", "d1"])
    >>> both = part + part
    >>> both.keys.tolist(), both["valid"].tolist()
    (['d1', 'd2'], [[4.0, 4.0], [2.0, 0.0]])
    >>> both.regroup(["unit", "unit"])["satisfied"].tolist()
    [[4.0, 4.0]]
    """

    keys: np.ndarray
    criteria: tuple[str, ...]
    components: tuple[str, ...]
    satisfied_min: float
    fields: Mapping[str, np.ndarray]

    def __post_init__(self) -> None:
        frozen = {name: read_only(values) for name, values in self.fields.items()}
        object.__setattr__(self, "fields", MappingProxyType(frozen))

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.fields[name]
        except KeyError:
            raise KeyError(f"no field {name!r}; fields are {list(self.fields)}") from None

    def __repr__(self) -> str:
        return f"RatingSummary(groups={self.keys.size}, criteria={len(self.criteria)})"

    def __add__(self, other: RatingSummary) -> RatingSummary:
        return combine_summaries([self, other])

    def index(self, key: object) -> int:
        """Position of group *key* (a ValueError names the keys if it is absent)."""
        matches = [i for i, existing in enumerate(self.keys.tolist()) if existing == key]
        if not matches:
            raise ValueError(f"no group {key!r}; groups are {self.keys.tolist()}")
        return matches[0]

    def regroup(self, new_keys: Sequence | Callable[[object], object]) -> RatingSummary:
        """Sum groups into coarser ones, e.g. desk x month cells into unit x quarter.

        *new_keys* is one new key per group (in ``keys`` order) or a function of the old key.
        """
        if callable(new_keys):
            new_keys = [new_keys(key) for key in self.keys.tolist()]
        new_keys = list(new_keys)
        if len(new_keys) != self.keys.size:
            raise ValueError(
                f"regroup needs one new key per group ({self.keys.size}); got {len(new_keys)}"
            )
        return sum_by_key(self, new_keys, self.fields)


def sum_by_key(template: RatingSummary, new_keys: list, fields: Mapping) -> RatingSummary:
    """Sum rows of *fields* that share a key; keys sorted."""
    try:
        ordered = sorted(set(new_keys))
    except TypeError:
        raise ValueError("group keys must be sortable (all numbers, strings or tuples)") from None
    position = {key: i for i, key in enumerate(ordered)}
    codes = np.array([position[key] for key in new_keys], dtype=np.int64)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) > 0])
    summed = {
        name: np.add.reduceat(np.asarray(values, dtype=float)[order], starts, axis=0)
        if order.size
        else np.zeros((0, *np.shape(values)[1:]))
        for name, values in fields.items()
    }
    keys = np.empty(len(ordered), dtype=object)
    keys[:] = ordered
    return RatingSummary(
        keys, template.criteria, template.components, template.satisfied_min, _fresh(summed)
    )


def _fresh(fields: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Mark arrays built here read-only, so the summary shares them instead of copying."""
    for values in fields.values():
        values.flags.writeable = False
    return fields


def combine_summaries(summaries: Iterable[RatingSummary]) -> RatingSummary:
    """Add summaries of disjoint respondent sets; groups with the same key are summed.

    Raises
    ------
    ValueError
        If there is no summary, or they differ in criteria, components or satisfied_min.
    """
    parts = list(summaries)
    if not parts:
        raise ValueError("combine_summaries needs at least one summary")
    first = parts[0]
    for part in parts[1:]:
        same = (part.criteria, part.components, part.satisfied_min) == (
            first.criteria,
            first.components,
            first.satisfied_min,
        )
        if not same:
            raise ValueError(
                "summaries can only be added with the same criteria, components and satisfied_min"
            )
    keys = [key for part in parts for key in part.keys.tolist()]
    fields = {name: np.concatenate([part[name] for part in parts]) for name in first.fields}
    return sum_by_key(first, keys, fields)


def summarize(
    ratings: object,
    components: object,
    *,
    criteria: object = None,
    groups: object = None,
    weights: object = None,
    satisfied_min: float = 4,
    overall_rating: object = None,
) -> RatingSummary:
    """Additive summary of ratings per group, from which :func:`score_summary` scores.

    Parameters
    ----------
    ratings, components, criteria, groups, weights, satisfied_min
        As for :func:`analysis.score`; ratings must be whole numbers 1-5 (or NaN).
    overall_rating : array_like, shape (n_respondents,), optional
        The overall satisfaction rating (1-5, NaN if missing) for histograms, the criterion x
        overall joint counts and the moments behind :func:`key_drivers_from_summary`.

    Returns
    -------
    RatingSummary
        One row of sums per group. Respondents with zero weight are left out of every field.

    Raises
    ------
    ValueError
        For ratings that are not whole numbers 1-5, more than 12 components, and every input
        :func:`analysis.score` rejects.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import summarize
    >>> summary = summarize(np.array([[5, 4, 2], [4, 3, np.nan]]), ["A", "A", "B"])
    >>> summary["valid"].tolist(), summary["satisfied"].tolist()
    ([[2.0, 2.0, 1.0]], [[2.0, 1.0, 0.0]])
    >>> summary["patterns"].tolist()  # respondents by components answered: {A}, {A, B}
    [[0.0, 1.0, 0.0, 1.0]]
    """
    matrix = _whole_ratings("ratings", _as_ratings(ratings))
    layout = build_layout(components, criteria, None, matrix.shape[1])
    if layout.n_components > MAX_COMPONENTS:
        raise ValueError(f"summaries support at most {MAX_COMPONENTS} components")
    satisfied_min = check_satisfied_min(satisfied_min)
    keys, codes = factorize_groups(groups, matrix.shape[0])
    overall = _overall_column(overall_rating, matrix.shape[0])
    position = np.empty(layout.n_criteria, dtype=np.int64)
    position[layout.order] = np.arange(layout.n_criteria)
    bits = layout.component_of[position]  # one domain: components in order of first appearance
    fields = summary_fields(
        matrix,
        overall,
        codes,
        keys.size,
        _as_weights(weights, matrix.shape[0]),
        bits,
        satisfied_min,
    )
    component_codes = tuple(layout.component_codes[bits].tolist())
    criteria_codes = tuple(layout.criterion_codes.tolist())
    return RatingSummary(keys, criteria_codes, component_codes, satisfied_min, _fresh(fields))


def _whole_ratings(name: str, values: np.ndarray) -> np.ndarray:
    """*values* as floats if every entry is NaN or a whole number 1-5."""
    values = values.astype(float, copy=False)
    present = values[~np.isnan(values)]
    if np.any((present < 1) | (present > 5) | (present != np.round(present))):
        raise ValueError(f"{name} must be whole numbers 1-5, with NaN for missing")
    return values


def _overall_column(overall_rating: object, n_rows: int) -> np.ndarray:
    if overall_rating is None:
        return np.full(n_rows, np.nan)
    overall = _whole_ratings("overall_rating", as_float_vector("overall_rating", overall_rating))
    if overall.size != n_rows:
        raise ValueError(
            f"overall_rating must have one value per respondent ({n_rows}); got {overall.size}"
        )
    return overall
