"""Honest evaluation of an improvement plan: the unit's change against the comparison units'."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import special

from analysis._monitoring_results import PlanEvaluation
from analysis._results import ConfidenceInterval, DifferenceResult
from analysis._validation import check_confidence_level, check_open_unit, normal_quantile
from analysis.comparisons import newcombe_bounds

Cell = tuple[float, float, float]


def _cell(name: str, value: object) -> Cell:
    """(estimate, se, n) from a ScoreTable row (a mapping) or a 3-tuple."""
    if isinstance(value, Mapping):
        value = (value.get("estimate"), value.get("se"), value.get("n"))
    try:
        estimate, se, n = (float(part) for part in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a score row or an (estimate, se, n) triple; got {value!r}"
        ) from None
    if not (0 <= estimate <= 1 and se >= 0 and n >= 1):
        raise ValueError(f"{name} needs 0 <= estimate <= 1, se >= 0 and n >= 1; got {value!r}")
    return estimate, se, n


def _effective_n(estimate: float, se: float, n: float) -> float:
    """Sample size whose binomial variance is se**2 (n itself when se or p(1 - p) is 0)."""
    spread = estimate * (1 - estimate)
    return spread / se**2 if se > 0 and spread > 0 else n


def _wald(difference: float, variance: float) -> tuple[float, float]:
    if variance <= 0:
        return 0.0, 1.0
    statistic = difference / np.sqrt(variance)
    return float(statistic), float(2 * special.ndtr(-abs(statistic)))


def _change(before: Cell, after: Cell, z: float) -> DifferenceResult:
    """after - before with Newcombe's hybrid score interval on effective sizes."""
    (p1, se1, n1), (p2, se2, n2) = after, before
    sizes = np.array(_effective_n(p1, se1, n1)), np.array(_effective_n(p2, se2, n2))
    low, high = newcombe_bounds(np.array(p1), sizes[0], np.array(p2), sizes[1], z)
    difference = p1 - p2
    statistic, pvalue = _wald(difference, se1**2 + se2**2)
    return DifferenceResult(
        difference, ConfidenceInterval(float(low), float(high)), statistic, pvalue
    )


def compare_indices(
    first: object, second: object, confidence_level: float = 0.95
) -> DifferenceResult:
    """Difference of two independent SIPAS indices (e.g. this period and the previous one).

    Parameters
    ----------
    first, second : mapping or (estimate, se, n)
        ``ScoreTable`` rows (any level) or triples; for a proportion k / n use
        ``(p, sqrt(p (1 - p) / n), n)``.
    confidence_level : float, default 0.95
        Level of the interval.

    Returns
    -------
    DifferenceResult
        ``first - second``, Newcombe's hybrid score interval from Wilson limits on the
        effective sizes ``n_eff = p (1 - p) / se**2`` (n when p is 0 or 1), and the Wald test
        ``z = d / sqrt(se1**2 + se2**2)`` with its two-sided p-value. For proportions the
        interval is exactly Newcombe's (method 10).

    Examples
    --------
    >>> from analysis import compare_indices
    >>> result = compare_indices((0.8, 0.04, 100), (0.7, 0.0458, 100))
    >>> round(result.difference, 3), round(result.pvalue, 3)
    (0.1, 0.1)
    """
    z = normal_quantile(check_confidence_level(confidence_level))
    return _change(_cell("second", second), _cell("first", first), z)


def _verdict(result: DifferenceResult, significance_level: float) -> str:
    if result.pvalue < significance_level:
        return "improved" if result.difference > 0 else "worse"
    return "no_significant_change"


def evaluate_plan(
    unit_before: object,
    unit_after: object,
    comparison_before: object,
    comparison_after: object,
    *,
    confidence_level: float = 0.95,
    significance_level: float = 0.05,
) -> PlanEvaluation:
    """Did the plan's unit improve more than the units without a plan, over the same periods?

    Parameters
    ----------
    unit_before, unit_after : mapping or (estimate, se, n)
        The plan unit's index for the component in the period before the plan and in the
        evaluation period: a ``ScoreTable`` row (``table.rows()[i]``) or a triple. For a plain
        proportion k / n use ``(p, sqrt(p (1 - p) / n), n)``.
    comparison_before, comparison_after : mapping or (estimate, se, n)
        The same for the comparison units pooled (the units without a plan for that
        component, scored as one group over the same periods).
    confidence_level : float, default 0.95
        Level of the intervals.
    significance_level : float, default 0.05
        Two-sided level of the tests behind the verdicts.

    Returns
    -------
    PlanEvaluation
        The unit's change and the comparison units' change (each after - before, Newcombe
        hybrid score interval from Wilson limits on the effective sizes
        ``n_eff = p (1 - p) / se**2``, Wald z test), their difference (difference in
        differences, Wald interval and z test) and the verdicts.

    Raises
    ------
    ValueError
        For a cell that is not an (estimate, se, n) with 0 <= estimate <= 1, se >= 0, n >= 1,
        or settings out of range.

    Notes
    -----
    With independent periods and units, :math:`\\mathrm{DiD} = (p_{ua} - p_{ub}) -
    (p_{ca} - p_{cb})` and :math:`se^2 = se_{ua}^2 + se_{ub}^2 + se_{ca}^2 + se_{cb}^2`: for
    proportions, the interaction coefficient and its robust (HC0) standard error in the linear
    probability model ``satisfied ~ after * plan``.

    Examples
    --------
    >>> from analysis import evaluate_plan
    >>> def cell(k, n):
    ...     return (k / n, (k / n * (1 - k / n) / n) ** 0.5, n)
    >>> result = evaluate_plan(cell(120, 200), cell(150, 200), cell(1200, 2000), cell(1500, 2000))
    >>> result.change_verdict, result.verdict
    ('improved', 'no_significant_change')
    >>> round(result.difference_in_differences.difference, 12)
    0.0
    """
    z = normal_quantile(check_confidence_level(confidence_level))
    level = check_open_unit("significance_level", significance_level)
    cells = [
        _cell(name, value)
        for name, value in (
            ("unit_before", unit_before),
            ("unit_after", unit_after),
            ("comparison_before", comparison_before),
            ("comparison_after", comparison_after),
        )
    ]
    change, comparison = _change(cells[0], cells[1], z), _change(cells[2], cells[3], z)
    did = change.difference - comparison.difference
    se = float(np.sqrt(sum(cell[1] ** 2 for cell in cells)))
    statistic, pvalue = _wald(did, se**2)
    interval = ConfidenceInterval(did - z * se, did + z * se)
    difference = DifferenceResult(did, interval, statistic, pvalue)
    return PlanEvaluation(
        change, comparison, difference, _verdict(difference, level), _verdict(change, level)
    )
