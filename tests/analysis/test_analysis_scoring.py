"""score() against a plain-loop reference, scipy, statsmodels, pandas and the bootstrap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from analysis import score

TWO_DOMAINS = {"SVC.1": "D1", "SVC.2": "D1", "SVC.3": "D1", "SVC.4": "D2", "SVC.5": "D2"}


def _rows_by_key(table, group=None):
    return {(row["level"], row["code"]): row for row in table.rows() if row["group"] == group}


def _check_against_reference(table, reference, criteria, group=None):
    rows = _rows_by_key(table, group)
    if ("domain", "all") in reference and ("domain", "all") not in rows:
        reference = {key: value for key, value in reference.items() if key != ("domain", "all")}
    for (level, code), (estimate, n, se) in reference.items():
        row = rows[(level, criteria[code] if level == "criterion" else code)]
        assert row["n"] == n
        np.testing.assert_allclose(row["estimate"], estimate, rtol=1e-12)
        if level != "criterion":
            np.testing.assert_allclose(row["se"], se, rtol=1e-9)
    assert len(rows) == len(reference)


def test_score_hand_checked_example():
    # Component A = criteria a1, a2; component B = b1. Satisfied means rating >= 4.
    ratings = np.array([[5, 4, 2], [4, 3, 5], [5, 5, np.nan], [2, 4, 4], [1, np.nan, 5]])
    table = score(ratings, ["A", "A", "B"], criteria=["a1", "a2", "b1"], min_n=1)
    rows = _rows_by_key(table)
    # a1: 5 4 5 2 1 -> 3 of 5 = 0.6; a2: 4 3 5 4 . -> 3 of 4 = 0.75; b1: 2 5 . 4 5 -> 0.75.
    assert [rows["criterion", c]["estimate"] for c in ("a1", "a2", "b1")] == [0.6, 0.75, 0.75]
    assert [rows["criterion", c]["n"] for c in ("a1", "a2", "b1")] == [5, 4, 4]
    # A = (0.6 + 0.75) / 2 = 0.675 over 5 respondents; overall = (0.675 + 0.75) / 2 = 0.7125.
    assert rows["component", "A"]["estimate"] == pytest.approx(0.675)
    assert rows["component", "A"]["n"] == 5
    assert rows["overall", "overall"]["estimate"] == pytest.approx(0.7125)
    # Influence on A: z_r = (z_r,a1 + z_r,a2) / 2 with z_r,c = (s_rc - I_c) / n_c, 0 if missing.
    z = (
        np.array(
            [
                0.4 / 5 + 0.25 / 4,
                0.4 / 5 - 0.75 / 4,
                0.4 / 5 + 0.25 / 4,
                -0.6 / 5 + 0.25 / 4,
                -0.6 / 5 + 0,
            ]
        )
        / 2
    )
    assert rows["component", "A"]["se"] == pytest.approx(np.sqrt(5 / 4 * np.sum(z**2)))
    assert rows["criterion", "a1"]["pvalue"] == pytest.approx(
        stats.binomtest(3, 5, 0.8, alternative="less").pvalue
    )


@pytest.mark.parametrize("overall", ["domains", "components"])
def test_score_matches_loop_reference_in_every_group(survey, loop_reference, overall):
    table = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        domains=TWO_DOMAINS,
        groups=survey.groups,
        overall=overall,
    )
    assert list(dict.fromkeys(table["group"])) == ["desk-a", "desk-b", "desk-c"]
    for group in ("desk-a", "desk-b", "desk-c"):
        rows = survey.groups == group
        reference = loop_reference(
            survey.ratings[rows], survey.components, TWO_DOMAINS, overall=overall
        )
        _check_against_reference(table, reference, survey.criteria, group)


def test_score_with_weights_matches_loop_reference_and_np_average(survey, loop_reference):
    weights = survey.weights.copy()
    weights[:20] = 0.0
    table = score(survey.ratings, survey.components, criteria=survey.criteria, weights=weights)
    reference = loop_reference(survey.ratings, survey.components, weights=weights)
    _check_against_reference(table, reference, survey.criteria)
    rows = _rows_by_key(table)
    for c, code in enumerate(survey.criteria):
        valid = ~np.isnan(survey.ratings[:, c]) & (weights > 0)
        expected = np.average(survey.ratings[valid, c] >= 4, weights=weights[valid])
        assert rows["criterion", code]["estimate"] == pytest.approx(expected, rel=1e-12)
        assert rows["criterion", code]["n"] == valid.sum()


def test_composite_se_is_sd_of_respondent_shares_over_root_n(rng):
    ratings = rng.integers(1, 6, (400, 6)).astype(float)
    ratings[:, :3] += rng.random((400, 1)) < 0.3  # correlated within component A
    ratings = np.clip(ratings, 1, 5)
    table = score(ratings, ["A"] * 3 + ["B"] * 3)
    rows = _rows_by_key(table)
    satisfied = ratings >= 4
    for code, columns in (("A", slice(0, 3)), ("B", slice(3, 6))):
        share = satisfied[:, columns].mean(axis=1)
        assert rows["component", code]["se"] == pytest.approx(
            np.std(share, ddof=1) / np.sqrt(400), rel=1e-12
        )
    overall_share = satisfied.mean(axis=1)  # equal-size components: share of all criteria
    assert rows["overall", "overall"]["estimate"] == pytest.approx(overall_share.mean())
    assert rows["overall", "overall"]["se"] == pytest.approx(
        np.std(overall_share, ddof=1) / np.sqrt(400), rel=1e-12
    )


def test_composite_se_agrees_with_bootstrap(survey):
    weights = survey.weights
    table = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        domains=TWO_DOMAINS,
        weights=weights,
    )
    rows = _rows_by_key(table)
    satisfied = np.where(np.isnan(survey.ratings), np.nan, survey.ratings >= 4)
    components = np.array(survey.components)

    def composites(sample):
        s, w = satisfied[sample], weights[sample]
        valid = ~np.isnan(s)
        criterion = np.nansum(s * w[:, None], axis=0) / np.sum(valid * w[:, None], axis=0)
        by_component = [criterion[components == k].mean() for k in TWO_DOMAINS]
        return np.array(
            [
                by_component[0],
                np.mean(by_component[:3]),
                (np.mean(by_component[:3]) + np.mean(by_component[3:])) / 2,
            ]
        )

    result = stats.bootstrap(
        (np.arange(len(weights)),),
        composites,
        n_resamples=2000,
        method="percentile",
        rng=np.random.default_rng(1),
        vectorized=False,
    )
    ours = [
        rows[key]["se"]
        for key in (("component", "SVC.1"), ("domain", "D1"), ("overall", "overall"))
    ]
    np.testing.assert_allclose(ours, result.standard_error, rtol=0.10)


def test_score_criterion_intervals_and_pvalues_match_statsmodels_and_scipy(survey):
    table = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        target=0.75,
        confidence_level=0.9,
    )
    rows = _rows_by_key(table)
    for c, code in enumerate(survey.criteria):
        column = survey.ratings[:, c]
        n = int((~np.isnan(column)).sum())
        k = int((column >= 4).sum())
        row = rows["criterion", code]
        low, high = proportion_confint(k, n, alpha=0.1, method="wilson")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=1e-12)
        assert row["pvalue"] == pytest.approx(
            stats.binomtest(k, n, 0.75, alternative="less").pvalue, rel=1e-9
        )
        assert row["se"] == pytest.approx(np.sqrt(k / n * (1 - k / n) / n))


def test_score_composite_intervals_and_pvalues_use_the_normal_distribution(survey):
    table = score(survey.ratings, survey.components, groups=survey.groups, target=0.7)
    composite = table["level"] != "criterion"
    estimate, se = table["estimate"][composite], table["se"][composite]
    z = stats.norm.ppf(0.975)
    np.testing.assert_allclose(table["ci_low"][composite], np.clip(estimate - z * se, 0, 1))
    np.testing.assert_allclose(table["ci_high"][composite], np.clip(estimate + z * se, 0, 1))
    np.testing.assert_allclose(
        table["pvalue"][composite], stats.norm.cdf((estimate - 0.7) / se), rtol=1e-12
    )


def test_score_qvalues_are_benjamini_hochberg_over_the_whole_table(survey):
    table = score(survey.ratings, survey.components, groups=survey.groups, min_n=1)
    pvalues = table["pvalue"]
    assert not np.isnan(pvalues).any()
    expected = multipletests(pvalues, method="fdr_bh")[1]
    np.testing.assert_allclose(table["qvalue"], expected, rtol=1e-12)


def test_score_criterion_estimates_match_a_pandas_groupby(survey):
    table = score(survey.ratings, survey.components, criteria=survey.criteria, groups=survey.groups)
    frame = pd.DataFrame(survey.ratings, columns=survey.criteria).assign(group=survey.groups)
    long = frame.melt(id_vars="group", var_name="code", value_name="rating").dropna()
    expected = (
        long.assign(satisfied=long["rating"] >= 4)
        .groupby(["group", "code"])["satisfied"]
        .agg(["mean", "size"])
    )
    criterion = table["level"] == "criterion"
    got = pd.DataFrame(
        {
            "group": table["group"][criterion],
            "code": table["code"][criterion],
            "mean": table["estimate"][criterion],
            "size": table["n"][criterion],
        }
    )
    got = got.set_index(["group", "code"]).sort_index()
    pd.testing.assert_frame_equal(got, expected.sort_index(), check_dtype=False)


def test_score_statuses_follow_their_precedence():
    satisfied, unsatisfied = np.full((200, 1), 5.0), np.full((200, 1), 2.0)
    ratings = np.vstack(
        [
            np.hstack([satisfied, satisfied, satisfied]),  # 200 respondents, all satisfied
            np.hstack([unsatisfied, satisfied, satisfied]),
        ]
    )
    ratings[:, 1][:170] = 2.0  # criterion 1: 230 of 400 satisfied -> significantly below
    ratings[:, 2][:75] = 2.0  # criterion 2: 325 of 400 -> 0.8125 meets
    ratings[:5, 0] = np.nan
    table = score(ratings[:, [0, 1, 2]], ["A", "B", "C"], min_n=30)
    rows = _rows_by_key(table)
    assert rows["criterion", "1"]["status"] == "significantly_below"
    assert rows["criterion", "2"]["status"] == "meets"
    few = score(ratings[:20], ["A", "B", "C"], min_n=30)
    assert set(few["status"]) == {"insufficient"}
    below = score(np.array([[5.0]] * 39 + [[2.0]] * 11), ["A"], min_n=30)
    assert _rows_by_key(below)["criterion", "0"]["status"] == "below"  # 0.78, p = 0.4


def test_score_domain_rows_only_with_domains(survey):
    plain = score(survey.ratings, survey.components)
    assert "domain" not in set(plain["level"])
    assert len(plain) == 19 + 5 + 1
    with_domains = score(survey.ratings, survey.components, domains=TWO_DOMAINS)
    levels = with_domains["level"].tolist()
    assert levels.count("domain") == 2 and len(with_domains) == 19 + 5 + 2 + 1
    assert with_domains["code"][with_domains["level"] == "domain"].tolist() == ["D1", "D2"]
