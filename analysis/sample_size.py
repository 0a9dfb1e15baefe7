"""How many respondents a survey needs for a given margin of error."""

from __future__ import annotations

import numpy as np

from analysis._results import scalar_or_array
from analysis._validation import check_confidence_level, normal_quantile


def sample_size(
    margin: object,
    p: object = 0.8,
    confidence_level: float = 0.95,
    population: object = None,
) -> int | np.ndarray:
    r"""Respondents needed to estimate a proportion within a margin of error.

    Parameters
    ----------
    margin : float or array_like
        Half-width e of the confidence interval, strictly between 0 and 1 (0.05 = 5 points).
    p : float or array_like, default 0.8
        Anticipated proportion, strictly between 0 and 1 (0.5 is the most conservative).
    confidence_level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    population : int or array_like of int, optional
        Size N of the population surveyed (e.g. dossiers handled in the period). When given,
        the finite-population correction is applied.

    Returns
    -------
    int or ndarray of int
        Sample size, rounded up; arrays of the broadcast shape for array input.

    Raises
    ------
    ValueError
        If an argument is outside its accepted range.

    Notes
    -----
    With :math:`z = \Phi^{-1}((1 + \text{confidence\_level}) / 2)`,

    .. math:: n_0 = \frac{z^2 p (1 - p)}{e^2}, \qquad
              n = \frac{n_0 N}{n_0 + N - 1} = \frac{n_0}{1 + (n_0 - 1) / N}.

    This correction is exactly Krejcie and Morgan's (1970) formula
    :math:`s = \chi^2 N P(1-P) / (d^2 (N-1) + \chi^2 P(1-P))`, since :math:`\chi^2_1 = z^2`.
    Their published table used :math:`\chi^2 = 3.841` and rounded to the *nearest* integer;
    this function rounds *up* (never below the required precision), so about half of their
    entries come out one higher (N = 500: 217.49 gives 218 here, 217 in the table).

    References
    ----------
    .. [1] Cochran, W. G. (1977). Sampling Techniques, 3rd ed., eq. 4.2 and 4.3. Wiley.
    .. [2] Krejcie, R. V. and Morgan, D. W. (1970). Determining sample size for research
       activities. Educational and Psychological Measurement 30, 607-610.

    Examples
    --------
    >>> from analysis import sample_size
    >>> sample_size(0.05)
    246
    >>> sample_size(0.05, p=0.5, population=[100, 1000, 10000])
    array([ 80, 278, 370])
    """
    level = check_confidence_level(confidence_level)
    margin_array = _open_unit_array("margin", margin)
    p_array = _open_unit_array("p", p)
    z = normal_quantile(level)
    n0 = z * z * p_array * (1 - p_array) / margin_array**2
    if population is not None:
        size = _population_array(population)
        n0 = n0 * size / (n0 + size - 1)
    # Guard against 245.00000000000003 rounding up to 246 from floating-point noise.
    n = np.ceil(np.round(n0, 9)).astype(np.int64)
    return scalar_or_array(n, int)


def _open_unit_array(name: str, value: object) -> np.ndarray:
    """Array of floats strictly between 0 and 1."""
    array = np.asarray(value, dtype=float)
    if not np.all((array > 0) & (array < 1)):
        raise ValueError(f"{name} must be strictly between 0 and 1; got {value!r}")
    return array


def _population_array(value: object) -> np.ndarray:
    """Array of whole numbers >= 1."""
    array = np.asarray(value, dtype=float)
    if isinstance(value, bool) or not np.all(
        np.isfinite(array) & (array >= 1) & (array == np.floor(array))
    ):
        raise ValueError(f"population must be None or whole numbers >= 1; got {value!r}")
    return array
