"""Frozen results of the monitoring functions: flags, funnels, suppression, plans, CUSUM."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis._results import ArrayOrFloat, DifferenceResult


@dataclass(frozen=True)
class CellFlags:
    """Result of :func:`analysis.flag_cells`; arrays have the shape of the inputs.

    Attributes
    ----------
    qvalue : ndarray
        Benjamini-Hochberg q-values over the whole family (NaN where the p-value is NaN).
    status : ndarray of str
        ``"meets"``, ``"below"``, ``"significantly_below"`` or ``"insufficient"``.
    """

    qvalue: np.ndarray
    status: np.ndarray


@dataclass(frozen=True)
class ControlLimits:
    """Result of :func:`analysis.funnel_limits`: funnel plot limits with the shape of ``n``.

    Attributes
    ----------
    low, high : float or ndarray
        Lower and upper control limits of the proportion, in [0, 1]; NaN where n = 0.
    """

    low: ArrayOrFloat
    high: ArrayOrFloat


@dataclass(frozen=True)
class OverdispersionResult:
    """Result of :func:`analysis.overdispersion`.

    Attributes
    ----------
    phi : float
        Multiplicative overdispersion factor: mean of the winsorised squared z-scores
        (NaN without units). Limits widen by ``sqrt(phi)`` when it exceeds 1.
    z : ndarray
        Each unit's z-score ``(y - target) / sqrt(target (1 - target) / n)`` (NaN if n = 0).
    n_units : int
        Units with data.
    """

    phi: float
    z: np.ndarray
    n_units: int


@dataclass(frozen=True)
class SuppressionResult:
    """Result of :func:`analysis.suppress_small_cells`; arrays have one entry per cell.

    Attributes
    ----------
    suppressed : ndarray of bool
        Show "*" (no percentage, no n) where True.
    reason : ndarray of str
        ``"small"`` (1 to threshold - 1 respondents), ``"complementary"`` (the next-smallest
        cell of a parent with a small cell), ``"parent"`` (one of the two smallest cells of a
        suppressed parent) or ``""`` (shown). The first reason that applies is given.
    """

    suppressed: np.ndarray
    reason: np.ndarray


@dataclass(frozen=True)
class PlanEvaluation:
    """Result of :func:`analysis.evaluate_plan`.

    Attributes
    ----------
    change : DifferenceResult
        The plan unit's change (after - before): Newcombe interval, Wald z test.
    comparison_change : DifferenceResult
        The same for the comparison units (units without a plan for the component).
    difference_in_differences : DifferenceResult
        ``change - comparison_change`` with a Wald interval and z test.
    verdict : str
        From the difference-in-differences: ``"improved"`` (significantly above the
        comparison units' change), ``"worse"`` (significantly below) or
        ``"no_significant_change"``.
    change_verdict : str
        The same reading of the unit's own change, for the page to state beside it.
    """

    change: DifferenceResult
    comparison_change: DifferenceResult
    difference_in_differences: DifferenceResult
    verdict: str
    change_verdict: str


@dataclass(frozen=True)
class CusumResult:
    """Result of :func:`analysis.bernoulli_cusum`.

    Attributes
    ----------
    statistic : ndarray
        The CUSUM after each response (restarting from 0 after an alarm).
    alarm : ndarray of bool
        True at each response where the CUSUM reached the limit.
    first_alarm : int
        Position of the first alarm, -1 if none.
    limit : float
        The decision limit h.
    p0, p1 : float
        In-control and out-of-control rates of "not satisfied".
    """

    statistic: np.ndarray
    alarm: np.ndarray
    first_alarm: int
    limit: float
    p0: float
    p1: float
