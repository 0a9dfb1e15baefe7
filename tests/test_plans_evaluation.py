"""The plan's verdict against independently computed statistics (statsmodels' Newcombe
interval, the difference in differences from the raw 0/1 answers), including a unit that
improves only as much as the others, which must not be called an improvement."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from surveyapp.models import Plan
from surveyapp.services import plans
from surveyapp.services.plan_evaluation import evaluate
from tests import plan_data
from tests.plan_data import BASELINE, EVALUATION, Counts

TODAY = date(2026, 12, 1)


def _answers(*cells: tuple[int, int]) -> np.ndarray:
    """0/1 satisfied answers of the respondents of one or more units pooled."""
    return np.concatenate([np.r_[np.ones(k), np.zeros(n - k)] for k, n in cells])


def _newcombe(after: np.ndarray, before: np.ndarray) -> tuple[float, float]:
    """Newcombe's method 10 on the effective sizes n_eff = p (1 - p) / se**2 = n - 1."""
    sizes = len(after) - 1, len(before) - 1
    low, high = confint_proportions_2indep(
        after.mean() * sizes[0], sizes[0], before.mean() * sizes[1], sizes[1],
        method="newcomb", compare="diff",
    )  # fmt: skip
    return low, high


def _mean_variance(y: np.ndarray) -> float:
    return np.var(y, ddof=1) / len(y)


def _plan(province) -> Plan:
    return plans.open_plan(
        plan_data.user("sup_a"), province["units"]["A"], "SVC.3", BASELINE, "SVC.3 ≥ 80%",
        BASELINE, EVALUATION,
    )  # fmt: skip


def _expected(unit: Counts, comparison: list[Counts]) -> dict:
    ub, ua = _answers(unit.before), _answers(unit.after)
    cb = _answers(*(c.before for c in comparison))
    ca = _answers(*(c.after for c in comparison))
    did = (ua.mean() - ub.mean()) - (ca.mean() - cb.mean())
    se = np.sqrt(sum(_mean_variance(y) for y in (ub, ua, cb, ca)))
    change_se = np.sqrt(_mean_variance(ub) + _mean_variance(ua))
    return {
        "change": ua.mean() - ub.mean(),
        "change_interval": _newcombe(ua, ub),
        "change_pvalue": 2 * stats.norm.sf(abs(ua.mean() - ub.mean()) / change_se),
        "comparison_change": ca.mean() - cb.mean(),
        "comparison_interval": _newcombe(ca, cb),
        "did": did,
        "did_interval": (did - stats.norm.ppf(0.975) * se, did + stats.norm.ppf(0.975) * se),
        "did_pvalue": 2 * stats.norm.sf(abs(did) / se) if se else 1.0,
    }


def _interval(result) -> tuple[float, float]:
    return result.confidence_interval.low, result.confidence_interval.high


def _check(found, expected) -> None:
    result = found.result
    assert result.change.difference == pytest.approx(expected["change"])
    assert _interval(result.change) == pytest.approx(expected["change_interval"])
    assert result.change.pvalue == pytest.approx(expected["change_pvalue"])
    comparison = result.comparison_change
    assert comparison.difference == pytest.approx(expected["comparison_change"], abs=1e-12)
    assert _interval(comparison) == pytest.approx(expected["comparison_interval"])
    did = result.difference_in_differences
    assert did.difference == pytest.approx(expected["did"], abs=1e-12)
    assert _interval(did) == pytest.approx(expected["did_interval"])
    assert did.pvalue == pytest.approx(expected["did_pvalue"])


def test_an_improvement_beyond_the_others_is_called_one(app):
    unit, others = Counts((24, 40), (34, 40)), Counts((30, 40), (30, 40))
    province = plan_data.build(unit, others)
    found = evaluate(_plan(province), TODAY)
    _check(found, _expected(unit, [others, others]))
    assert (found.result.verdict, found.result.change_verdict) == ("improved", "improved")
    assert found.comparison_units == 2 and found.final
    assert (found.comparison_before.n, found.comparison_after.n) == (80, 80)


def test_improving_only_as_much_as_the_others_is_no_improvement(app):
    """A low unit that rises with the whole province: its own change is significant, the
    difference in differences is zero, and the verdict says so."""
    unit = others = Counts((24, 40), (34, 40))
    province = plan_data.build(unit, others)
    found = evaluate(_plan(province), TODAY)
    expected = _expected(unit, [others, others])
    _check(found, expected)
    assert expected["change_pvalue"] < 0.05 and expected["did"] == pytest.approx(0)
    assert found.result.change_verdict == "improved"
    assert found.result.verdict == "no_significant_change"


def test_units_with_a_plan_for_the_component_are_not_comparison_units(app):
    unit, others, planned = (
        Counts((24, 40), (34, 40)),
        Counts((30, 40), (30, 40)),
        Counts((10, 40), (40, 40)),
    )
    province = plan_data.build(unit, others, planned)
    plan = _plan(province)
    with_d = evaluate(plan, TODAY)
    _check(with_d, _expected(unit, [others, others, planned]))  # D's draft is no plan yet
    other = plans.open_plan(
        plan_data.user("admin"), province["units"]["D"], "SVC.3", BASELINE, "x", BASELINE,
        EVALUATION,
    )  # fmt: skip
    plans.add_action(plan_data.user("admin"), other, "Tập huấn", "Chủ tịch", date(2026, 5, 1))
    plans.move(plan_data.user("admin"), other, "submit", TODAY)
    without_d = evaluate(plan, TODAY)
    _check(without_d, _expected(unit, [others, others]))
    assert (with_d.comparison_units, without_d.comparison_units) == (3, 2)


def test_no_verdict_without_data_in_the_evaluation_period(app):
    province = plan_data.build(Counts((24, 40), (0, 0)), Counts((30, 40), (30, 40)))
    assert evaluate(_plan(province), TODAY) is None
