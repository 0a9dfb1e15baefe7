"""Plan evaluation against statsmodels: Newcombe, Wald tests and the interaction of a
linear probability model (difference in differences)."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats import proportion as sm_proportion

from analysis import compare_indices, evaluate_plan, score


def _cell(k, n):
    p = k / n
    return (p, np.sqrt(p * (1 - p) / n), n)


def _regression_did(counts):
    """OLS of satisfied on after, plan and after x plan over individual 0/1 answers (HC0)."""
    rows = []
    for (plan, after), (k, n) in counts.items():
        rows += [(y, after, plan, after * plan) for y in [1] * k + [0] * (n - k)]
    data = np.array(rows, dtype=float)
    fit = sm.OLS(data[:, 0], sm.add_constant(data[:, 1:])).fit(cov_type="HC0")
    low, high = fit.conf_int()[3]
    return fit.params[3], fit.bse[3], fit.pvalues[3], low, high


@pytest.mark.parametrize(
    "counts",
    [
        # (plan, after): (satisfied, answers)
        {(1, 0): (52, 90), (1, 1): (81, 95), (0, 0): (700, 1000), (0, 1): (730, 1000)},
        {(1, 0): (30, 40), (1, 1): (25, 38), (0, 0): (420, 600), (0, 1): (470, 610)},
        {(1, 0): (8, 30), (1, 1): (12, 31), (0, 0): (95, 200), (0, 1): (80, 190)},
    ],
)
def test_evaluation_matches_statsmodels(counts):
    result = evaluate_plan(
        _cell(*counts[1, 0]), _cell(*counts[1, 1]), _cell(*counts[0, 0]), _cell(*counts[0, 1])
    )
    for change, plan in ((result.change, 1), (result.comparison_change, 0)):
        (k2, n2), (k1, n1) = counts[plan, 0], counts[plan, 1]
        low, high = sm_proportion.confint_proportions_2indep(k1, n1, k2, n2, method="newcomb")
        assert change.confidence_interval.low == pytest.approx(low, rel=1e-10)
        assert change.confidence_interval.high == pytest.approx(high, rel=1e-10)
        wald = sm_proportion.test_proportions_2indep(k1, n1, k2, n2, method="wald")
        assert change.statistic == pytest.approx(wald.statistic, rel=1e-10)
        assert change.pvalue == pytest.approx(wald.pvalue, rel=1e-10)
    did, se, pvalue, low, high = _regression_did(counts)
    assert result.difference_in_differences.difference == pytest.approx(did, abs=1e-12)
    assert result.difference_in_differences.statistic == pytest.approx(did / se, rel=1e-9)
    assert result.difference_in_differences.pvalue == pytest.approx(pvalue, rel=1e-9)
    assert result.difference_in_differences.confidence_interval.low == pytest.approx(low, rel=1e-9)
    assert result.difference_in_differences.confidence_interval.high == pytest.approx(
        high, rel=1e-9
    )


def test_improving_only_as_much_as_the_others_is_not_an_improvement():
    # The unit goes from 60 % to 75 % (significant on its own); so do the units without a plan.
    result = evaluate_plan(_cell(120, 200), _cell(150, 200), _cell(1200, 2000), _cell(1500, 2000))
    assert result.change_verdict == "improved" and result.change.pvalue < 0.01
    assert result.comparison_change.difference == pytest.approx(0.15)
    assert result.difference_in_differences.difference == pytest.approx(0.0, abs=1e-12)
    assert result.verdict == "no_significant_change"
    ci = result.difference_in_differences.confidence_interval
    assert ci.low < 0 < ci.high


def test_improvement_beyond_the_trend_and_a_decline():
    better = evaluate_plan(_cell(110, 200), _cell(170, 200), _cell(1200, 2000), _cell(1260, 2000))
    assert better.verdict == "improved" and better.difference_in_differences.pvalue < 0.001
    worse = evaluate_plan(_cell(150, 200), _cell(120, 200), _cell(1200, 2000), _cell(1300, 2000))
    assert worse.verdict == "worse" and worse.change_verdict == "worse"


def test_score_rows_are_accepted_for_component_indices(survey):
    period = np.where(np.arange(survey.ratings.shape[0]) < 300, "before", "after")
    unit = np.where(survey.groups == "desk-a", "plan", "others")
    table = score(survey.ratings, survey.components, groups=(unit, period), min_n=1)
    rows = {(row["group"], row["code"]): row for row in table.rows() if row["level"] == "component"}
    result = evaluate_plan(
        rows[("plan", "before"), "SVC.3"],
        rows[("plan", "after"), "SVC.3"],
        rows[("others", "before"), "SVC.3"],
        rows[("others", "after"), "SVC.3"],
    )
    cells = [rows[key, "SVC.3"] for key in [("plan", "before"), ("plan", "after")]]
    others = [rows[key, "SVC.3"] for key in [("others", "before"), ("others", "after")]]
    expected = (cells[1]["estimate"] - cells[0]["estimate"]) - (
        others[1]["estimate"] - others[0]["estimate"]
    )
    se = np.sqrt(sum(row["se"] ** 2 for row in cells + others))
    assert result.difference_in_differences.difference == pytest.approx(expected)
    assert result.difference_in_differences.confidence_interval.high == pytest.approx(
        expected + 1.959963984540054 * se
    )


def test_a_cell_at_one_hundred_percent_uses_its_n():
    result = evaluate_plan((1.0, 0.0, 40), _cell(30, 40), _cell(300, 400), _cell(310, 400))
    low, high = sm_proportion.confint_proportions_2indep(30, 40, 40, 40, method="newcomb")
    assert result.change.confidence_interval.low == pytest.approx(low, rel=1e-10)
    assert result.change.confidence_interval.high == pytest.approx(high, rel=1e-10)


@pytest.mark.parametrize(
    ("cell", "options", "message"),
    [
        ((0.5, 0.1), {}, "triple"),
        ("0.5", {}, "triple"),
        ((1.5, 0.1, 10), {}, "0 <= estimate <= 1"),
        ((0.5, -0.1, 10), {}, "se >= 0"),
        ({"estimate": float("nan"), "se": 0.1, "n": 10}, {}, "estimate"),
        ((0.5, 0.1, 10), {"significance_level": 0}, "significance_level"),
        ((0.5, 0.1, 10), {"confidence_level": 95}, "confidence_level"),
    ],
)
def test_evaluate_plan_rejects_bad_cells(cell, options, message):
    with pytest.raises(ValueError, match=message):
        evaluate_plan(cell, (0.5, 0.1, 10), (0.5, 0.1, 10), (0.5, 0.1, 10), **options)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(56, 70, 48, 80), (9, 12, 30, 31), (0, 25, 3, 40)]
)
def test_compare_indices_of_proportions_is_newcombe_with_a_wald_test(k1, n1, k2, n2):
    result = compare_indices(_cell(k1, n1), _cell(k2, n2))
    low, high = sm_proportion.confint_proportions_2indep(k1, n1, k2, n2, method="newcomb")
    assert result.difference == pytest.approx(k1 / n1 - k2 / n2)
    assert result.confidence_interval.low == pytest.approx(low, rel=1e-10)
    assert result.confidence_interval.high == pytest.approx(high, rel=1e-10)
    wald = sm_proportion.test_proportions_2indep(k1, n1, k2, n2, method="wald")
    assert result.pvalue == pytest.approx(wald.pvalue, rel=1e-9)


def test_compare_indices_of_components_uses_their_linearized_se(survey):
    period = np.where(np.arange(survey.ratings.shape[0]) % 2 == 0, "this", "previous")
    table = score(survey.ratings, survey.components, groups=period, min_n=1)
    rows = {(row["group"], row["code"]): row for row in table.rows()}
    now, before = rows["this", "overall"], rows["previous", "overall"]
    result = compare_indices(now, before, confidence_level=0.9)
    z = (now["estimate"] - before["estimate"]) / np.hypot(now["se"], before["se"])
    assert result.statistic == pytest.approx(z)
    assert result.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)))
