"""Frozen result objects shared by the public functions.

Every public function of :mod:`analysis` returns one of these immutable objects. Attributes that
come from array inputs are arrays of the broadcast shape; from scalar inputs they are plain
Python ``float`` or ``int``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ArrayOrFloat = float | np.ndarray


def scalar_or_array(value: np.ndarray | float, kind: type = float) -> ArrayOrFloat:
    """Return a 0-d array as a Python scalar of type *kind*, anything else as an array."""
    array = np.asarray(value)
    if array.ndim == 0:
        return kind(array)
    return array.astype(np.int64) if kind is int else array


@dataclass(frozen=True)
class ConfidenceInterval:
    """A confidence interval ``(low, high)``, as in :mod:`scipy.stats`.

    Attributes
    ----------
    low, high : float or ndarray
        Lower and upper bounds; NaN where the interval is undefined (no data).
    """

    low: ArrayOrFloat
    high: ArrayOrFloat


@dataclass(frozen=True)
class ThresholdTestResult:
    """Result of :func:`analysis.threshold_test`.

    Attributes
    ----------
    statistic : float or ndarray
        Observed proportion ``k / n`` (NaN when ``n = 0``).
    pvalue : float or ndarray
        Exact binomial p-value for the chosen ``alternative``.
    k, n : int or ndarray
        Successes and trials, as given.
    target : float
        Proportion under the null hypothesis.
    alternative : str
        ``"less"`` (H1: p < target) or ``"greater"``.
    """

    statistic: ArrayOrFloat
    pvalue: ArrayOrFloat
    k: ArrayOrFloat
    n: ArrayOrFloat
    target: float
    alternative: str

    def proportion_ci(
        self, confidence_level: float = 0.95, method: str = "wilson"
    ) -> ConfidenceInterval:
        """Confidence interval for the proportion, see :func:`analysis.proportion_ci`."""
        from analysis.proportions import proportion_ci

        return proportion_ci(self.k, self.n, confidence_level=confidence_level, method=method)


@dataclass(frozen=True)
class DifferenceResult:
    """Result of :func:`analysis.compare_proportions` (and the parts of a plan evaluation).

    Attributes
    ----------
    difference : float or ndarray
        ``p1 - p2``.
    confidence_interval : ConfidenceInterval
        Newcombe's hybrid score interval for the difference (Wald for a difference in
        differences).
    statistic : float or ndarray
        z statistic: pooled for :func:`analysis.compare_proportions`, unpooled (Wald) in
        :func:`analysis.evaluate_plan`.
    pvalue : float or ndarray
        Two-sided p-value of the z test.
    """

    difference: ArrayOrFloat
    confidence_interval: ConfidenceInterval
    statistic: ArrayOrFloat
    pvalue: ArrayOrFloat


@dataclass(frozen=True)
class CronbachResult:
    """Result of :func:`analysis.cronbach_alpha`.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha (NaN with fewer than two complete rows or no variance).
    confidence_interval : ConfidenceInterval
        Feldt interval.
    n : int
        Complete rows used (listwise deletion).
    n_items : int
        Number of items (columns).
    """

    alpha: float
    confidence_interval: ConfidenceInterval
    n: int
    n_items: int


@dataclass(frozen=True)
class KeyDriversResult:
    """Result of :func:`analysis.key_drivers`; arrays have one entry per criterion.

    Attributes
    ----------
    rho, pvalue : ndarray
        Spearman correlation with the overall rating and its two-sided p-value (pairwise
        complete observations).
    n : ndarray
        Pairwise complete observations behind each ``rho``.
    relative_weight : ndarray
        Johnson's relative weights from the pairwise-complete correlation matrix; they sum to
        ``r_squared``.
    r_squared : float
        R-squared of the linear regression of the overall rating on all criteria, from the
        same correlations (that of least squares on the rows when none is missing).
    n_pairwise : int
        The fewest respondents behind any one correlation of that matrix (each pair of
        criteria, and each criterion with the overall rating). Under the quick form two
        criteria of one component are never shown together, so it counts full-form responses.
    """

    rho: np.ndarray
    pvalue: np.ndarray
    n: np.ndarray
    relative_weight: np.ndarray
    r_squared: float
    n_pairwise: int


@dataclass(frozen=True)
class MannKendallResult:
    """Result of :func:`analysis.mann_kendall`.

    Attributes
    ----------
    statistic : float
        Kendall's S, the number of increasing minus decreasing pairs.
    z : float
        Standardised S (tie-corrected variance, optional continuity correction).
    pvalue : float
        Normal p-value of ``z`` for the chosen ``alternative``.
    tau : float
        Kendall's tau-a, ``S / (n (n - 1) / 2)``.
    slope : float
        Sen's slope: median of pairwise slopes per time step.
    n : int
        Non-missing points of the series.
    """

    statistic: float
    z: float
    pvalue: float
    tau: float
    slope: float
    n: int


@dataclass(frozen=True)
class CochranArmitageResult:
    """Result of :func:`analysis.cochran_armitage`.

    Attributes
    ----------
    statistic : float
        Cochran-Armitage z statistic.
    pvalue : float
        Normal p-value for the chosen ``alternative``.
    slope : float
        Weighted least-squares change in the proportion per unit of score.
    n : int
        Total trials.
    """

    statistic: float
    pvalue: float
    slope: float
    n: int


@dataclass(frozen=True)
class MannWhitneyResult:
    """Result of :func:`analysis.compare_ratings`.

    Attributes
    ----------
    statistic : float
        Mann-Whitney U of the first sample (as :func:`scipy.stats.mannwhitneyu`).
    pvalue : float
        P-value for the chosen ``alternative``.
    rank_biserial : float
        Effect size ``2 U / (n1 n2) - 1`` = P(X > Y) - P(X < Y), in [-1, 1].
    n1, n2 : int
        Non-missing ratings in each sample.
    """

    statistic: float
    pvalue: float
    rank_biserial: float
    n1: int
    n2: int


@dataclass(frozen=True)
class CorrelationResult:
    """Result of :func:`analysis.spearman_from_counts`.

    Attributes
    ----------
    statistic : float
        Spearman's rho (NaN with fewer than 3 pairs or a constant variable).
    pvalue : float
        Two-sided p-value (Student's t with n - 2 degrees of freedom).
    n : int
        Number of pairs.
    """

    statistic: float
    pvalue: float
    n: int
