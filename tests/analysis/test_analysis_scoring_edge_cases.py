"""score() on degenerate data: all missing, one respondent, zero weights, one-criterion
components, empty groups. The suite turns every warning into an error, so these also prove
that no RuntimeWarning (0/0, divide by zero) escapes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from analysis import score


def _composite_rows(table):
    return table["level"] != "criterion"


def test_score_all_missing_gives_nan_and_insufficient():
    table = score(np.full((12, 4), np.nan), ["A", "A", "B", "B"], domains={"A": "D", "B": "D"})
    assert len(table) == 4 + 2 + 1 + 1
    for name in ("estimate", "se", "ci_low", "ci_high", "pvalue", "qvalue"):
        assert np.isnan(table[name]).all(), name
    assert (table["n"] == 0).all()
    assert set(table["status"]) == {"insufficient"}


def test_score_all_missing_in_one_group_leaves_the_others_intact(rng):
    ratings = rng.integers(1, 6, (60, 3)).astype(float)
    groups = np.repeat([1, 2], 30)
    ratings[groups == 2] = np.nan
    table = score(ratings, ["A", "A", "B"], groups=groups, min_n=1)
    first, second = table["group"] == 1, table["group"] == 2
    assert not np.isnan(table["estimate"][first]).any()
    assert np.isnan(table["estimate"][second]).all()
    alone = score(ratings[groups == 1], ["A", "A", "B"], min_n=1)
    np.testing.assert_allclose(table["estimate"][first], alone["estimate"])
    np.testing.assert_allclose(table["qvalue"][second], np.nan)


def test_score_one_respondent():
    table = score(np.array([[5.0, 3.0, np.nan]]), ["A", "A", "B"], min_n=1)
    rows = {row["code"]: row for row in table.rows()}
    assert rows["0"]["estimate"] == 1.0 and rows["1"]["estimate"] == 0.0
    assert np.isnan(rows["2"]["estimate"]) and rows["2"]["status"] == "insufficient"
    assert rows["1"]["pvalue"] == pytest.approx(0.2)  # P(X <= 0), X ~ Bin(1, 0.8)
    assert rows["A"]["estimate"] == 0.5 and rows["A"]["n"] == 1
    assert np.isnan(rows["A"]["se"]) and np.isnan(rows["A"]["pvalue"])
    assert rows["A"]["status"] == "below"
    assert rows["B"]["status"] == "insufficient"
    assert rows["overall"]["estimate"] == 0.5  # component B has no data and is left out


def test_score_zero_weights_remove_respondents(survey):
    weights = survey.weights.copy()
    weights[::3] = 0.0
    kept = weights > 0
    with_zeros = score(survey.ratings, survey.components, groups=survey.groups, weights=weights)
    without = score(
        survey.ratings[kept], survey.components, groups=survey.groups[kept], weights=weights[kept]
    )
    for name in ("estimate", "n", "se", "ci_low", "ci_high", "pvalue", "qvalue"):
        np.testing.assert_allclose(with_zeros[name], without[name], rtol=1e-12, err_msg=name)
    assert with_zeros["status"].tolist() == without["status"].tolist()


def test_score_all_zero_weights_is_like_no_data(survey):
    table = score(survey.ratings, survey.components, weights=np.zeros(len(survey.weights)))
    assert (table["n"] == 0).all() and np.isnan(table["estimate"]).all()
    assert set(table["status"]) == {"insufficient"}


def test_score_unit_weights_equal_no_weights(survey):
    weighted = score(survey.ratings, survey.components, weights=np.ones(len(survey.weights)))
    plain = score(survey.ratings, survey.components)
    for name in ("estimate", "n", "se", "ci_low", "ci_high", "pvalue"):
        np.testing.assert_allclose(weighted[name], plain[name], rtol=1e-12, err_msg=name)


def test_score_component_with_one_criterion_equals_its_criterion(survey):
    components = survey.components[:-1] + ["SOLO"]
    table = score(survey.ratings, components, min_n=1)
    rows = {(row["level"], row["code"]): row for row in table.rows()}
    criterion, component = rows["criterion", "18"], rows["component", "SOLO"]
    assert component["estimate"] == criterion["estimate"]
    assert component["n"] == criterion["n"]
    p, n = criterion["estimate"], criterion["n"]
    # Linearized SE of a single ratio: n/(n-1) * sum((s - p)/n)^2 = p(1-p)/(n-1).
    assert component["se"] == pytest.approx(np.sqrt(p * (1 - p) / (n - 1)), rel=1e-12)
    assert component["pvalue"] == pytest.approx(stats.norm.cdf((p - 0.8) / component["se"]))


def test_score_criterion_without_answers_is_left_out_of_its_component(survey):
    ratings = survey.ratings.copy()
    ratings[:, 0] = np.nan
    table = score(ratings, survey.components, min_n=1)
    rows = {(row["level"], row["code"]): row for row in table.rows()}
    others = [rows["criterion", str(c)]["estimate"] for c in (1, 2, 3)]
    assert np.isnan(rows["criterion", "0"]["estimate"])
    assert rows["component", "SVC.1"]["estimate"] == pytest.approx(np.mean(others))


def test_score_zero_se_gives_limiting_pvalues():
    ratings = np.vstack([np.full((40, 2), 5.0), np.full((40, 2), 5.0)])
    satisfied = score(ratings, ["A", "A"])
    assert (satisfied["estimate"] == 1.0).all() and (satisfied["pvalue"] == 1.0).all()
    unsatisfied = score(np.full((40, 2), 1.0), ["A", "A"])
    composite = _composite_rows(unsatisfied)
    assert (unsatisfied["se"][composite] == 0).all()
    assert (unsatisfied["pvalue"][composite] == 0).all()
    assert set(unsatisfied["status"]) == {"significantly_below"}


def test_score_with_no_respondents():
    table = score(np.empty((0, 3)), ["A", "A", "B"])
    assert len(table) == 3 + 2 + 1 and (table["n"] == 0).all()
    grouped = score(np.empty((0, 3)), ["A", "A", "B"], groups=np.array([], dtype=int))
    assert len(grouped) == 0 and grouped.rows() == []


def test_score_identical_shares_give_zero_se_and_meet_the_target_exactly():
    # Each respondent is satisfied with exactly 4 of 5 criteria (a different one fails), so
    # every criterion is at 80 %, every respondent's share is 0.8 and the SE is exactly 0.
    ratings = np.full((50, 5), 5.0)
    ratings[np.arange(50), np.arange(50) % 5] = 2.0
    table = score(ratings, ["A"] * 5, min_n=1, target=0.8)
    component = table["level"] == "component"
    assert table["se"][component][0] == 0.0
    assert table["pvalue"][component][0] == 1.0
    assert set(table["status"]) == {"meets"}
