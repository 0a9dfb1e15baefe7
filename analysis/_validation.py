"""Argument checks shared by the public functions (SciPy style: fail early, name the accepted)."""

from __future__ import annotations

from collections.abc import Collection
from numbers import Real

import numpy as np
from scipy import special


def check_choice(name: str, value: object, choices: Collection[str]) -> str:
    """Return *value* if it is one of *choices*, else raise a ValueError naming them."""
    if not isinstance(value, str) or value not in choices:
        accepted = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {accepted}; got {value!r}")
    return value


def check_open_unit(name: str, value: object) -> float:
    """Return *value* as a float if it is a real number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 < float(value) < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1; got {value!r}")
    return float(value)


def check_confidence_level(value: object) -> float:
    """Return the confidence level as a float in (0, 1)."""
    return check_open_unit("confidence_level", value)


def normal_quantile(confidence_level: float) -> float:
    """Two-sided normal critical value z such that P(|Z| <= z) = confidence_level."""
    return float(special.ndtri(0.5 + confidence_level / 2))


def check_count(name: str, value: object, minimum: int = 0) -> int:
    """Return *value* as an int if it is a whole number >= *minimum*."""
    valid = (
        not isinstance(value, bool)
        and isinstance(value, Real)
        and np.isfinite(value)
        and value == int(value)
        and value >= minimum
    )
    if not valid:
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}")
    return int(value)


def as_integer_array(name: str, value: object) -> np.ndarray:
    """Return *value* as a float array of non-negative whole numbers."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain non-negative whole numbers; got dtype {array.dtype}")
    array = array.astype(float)
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array != np.floor(array)):
        raise ValueError(f"{name} must contain non-negative whole numbers")
    return array


def as_counts(k: object, n: object, suffix: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Return successes and trials as broadcast float arrays with ``0 <= k <= n``."""
    k_name, n_name = f"k{suffix}", f"n{suffix}"
    k_array = as_integer_array(k_name, k)
    n_array = as_integer_array(n_name, n)
    try:
        k_array, n_array = np.broadcast_arrays(k_array, n_array)
    except ValueError:
        raise ValueError(f"{k_name} and {n_name} must have broadcastable shapes") from None
    if np.any(k_array > n_array):
        raise ValueError(f"{k_name} must not exceed {n_name}")
    return k_array, n_array


def as_float_vector(name: str, value: object) -> np.ndarray:
    """Return a 1-D float array (NaN allowed)."""
    array = np.asarray(value, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got shape {array.shape}")
    return array


def as_float_matrix(name: str, value: object) -> np.ndarray:
    """Return a 2-D float array, rows are respondents (NaN allowed)."""
    array = np.asarray(value, dtype=float)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be two-dimensional (respondents x columns); got shape {array.shape}"
        )
    return array
