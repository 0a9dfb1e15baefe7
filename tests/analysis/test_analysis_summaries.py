"""Additive summaries: scoring the sum of the parts equals score() on the union of responses."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import (
    combine_summaries,
    score,
    score_summary,
    summarize,
    summary_from_vectors,
    summary_to_vectors,
    summary_vector_layout,
)

TWO_DOMAINS = {"SVC.1": "D1", "SVC.2": "D1", "SVC.3": "D1", "SVC.4": "D2", "SVC.5": "D2"}
NUMBERS = ("estimate", "se", "ci_low", "ci_high", "pvalue", "qvalue")


def _assert_same_table(expected, actual):
    assert len(expected) == len(actual)
    for name in ("group", "level", "code", "n", "status"):
        assert expected[name].tolist() == actual[name].tolist(), name
    for name in NUMBERS:
        np.testing.assert_allclose(actual[name], expected[name], rtol=0, atol=1e-12, err_msg=name)


def _split(rng, n_rows, n_parts):
    """Random disjoint parts of unequal size covering every row."""
    return np.array_split(rng.permutation(n_rows), np.sort(rng.choice(n_rows, n_parts - 1)))


def _parts(survey, rows_of_parts, weights, **options):
    return [
        summarize(
            survey.ratings[rows],
            survey.components,
            criteria=survey.criteria,
            groups=survey.groups[rows],
            weights=None if weights is None else weights[rows],
            **options,
        )
        for rows in rows_of_parts
    ]


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("overall", ["domains", "components"])
@pytest.mark.parametrize("domains", [None, TWO_DOMAINS])
def test_sum_of_parts_scores_like_the_union(survey, rng, weighted, overall, domains):
    weights = survey.weights.copy() if weighted else None
    if weighted:
        weights[:15] = 0.0
    options = dict(domains=domains, overall=overall, min_n=150, target=0.75)
    expected = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        groups=survey.groups,
        weights=weights,
        **options,
    )
    parts = _parts(survey, _split(rng, survey.ratings.shape[0], 5), weights)
    _assert_same_table(expected, score_summary(combine_summaries(parts), **options))
    _assert_same_table(expected, score_summary(sum(parts[1:], parts[0]), **options))


def test_stored_vectors_add_up_like_the_responses(survey, rng):
    parts = _parts(survey, _split(rng, survey.ratings.shape[0], 4), survey.weights)
    vectors = np.concatenate([summary_to_vectors(part) for part in parts])
    keys = [key for part in parts for key in part.keys.tolist()]
    stored = summary_from_vectors(
        vectors, keys, criteria=survey.criteria, components=survey.components
    )
    expected = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        groups=survey.groups,
        weights=survey.weights,
        domains=TWO_DOMAINS,
    )
    _assert_same_table(expected, score_summary(stored, domains=TWO_DOMAINS))
    layout = summary_vector_layout(19, 5)
    pairwise = 2 * (20 * 21 // 2) + 2 * 20 * 20  # counts, products (triangles); sums, squares
    assert (
        vectors.shape[1]
        == layout["pair_products"].stop
        == 1 + 3 * 19 + 190 + 361 + 190 + 32 + 20 * 5 + 19 * 25 + pairwise
    )
    assert np.array_equal(vectors[:, layout["valid"]].sum(), np.sum(~np.isnan(survey.ratings)))


def test_regrouping_desk_month_cells_into_unit_quarters(survey, rng):
    n_rows = survey.ratings.shape[0]
    desk = rng.integers(0, 6, n_rows)
    month = rng.integers(1, 13, n_rows)
    unit_of_desk, quarter = np.array(["u1", "u1", "u2", "u2", "u2", "u3"]), (month - 1) // 3 + 1
    cells = summarize(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        groups=(desk, month),
        weights=survey.weights,
    )
    coarse = cells.regroup(lambda key: (str(unit_of_desk[key[0]]), int((key[1] - 1) // 3 + 1)))
    expected = score(
        survey.ratings,
        survey.components,
        criteria=survey.criteria,
        groups=(unit_of_desk[desk], quarter),
        weights=survey.weights,
        min_n=20,
    )
    _assert_same_table(expected, score_summary(coarse, min_n=20))
    assert coarse.keys.tolist()[0] == ("u1", 1)


def test_sparse_groups_match_score():
    # One group without answers to a whole component, one with a single respondent, one
    # where every respondent has the same share (se exactly 0), and a missing-everything row.
    ratings = np.array(
        [
            [5, 4, np.nan, np.nan],
            [2, 5, np.nan, np.nan],
            [4, 2, 5, 1],
            [4, 4, 2, 4],
            [2, 4, 4, 5],
            [5, 1, 4, 2],
            [np.nan, np.nan, np.nan, np.nan],
            [3, 3, 3, 3],
            [5, 2, 5, 2],
            [2, 5, 2, 5],
            [4, 1, 1, 4],
        ]
    )
    # Group e: every respondent has half of each component, exactly at the target of 0.5.
    groups = np.array(["a", "a", "b", "c", "c", "c", "c", "d", "e", "e", "e"])
    codes = dict(components=["A", "A", "B", "B"], criteria=["a1", "a2", "b1", "b2"])
    expected = score(ratings, groups=groups, min_n=1, target=0.5, **codes)
    halves = [
        summarize(ratings[rows], groups=groups[rows], **codes)
        for rows in ([0, 2, 4, 6, 8, 10], [1, 3, 5, 7, 9])
    ]
    table = score_summary(halves[0] + halves[1], min_n=1, target=0.5)
    _assert_same_table(expected, table)
    last = table.rows()[-1]
    assert (last["group"], last["estimate"], last["se"], last["pvalue"]) == ("e", 0.5, 0.0, 1.0)


def test_level_family_is_benjamini_hochberg_within_each_level(survey):
    table = score_summary(
        summarize(survey.ratings, survey.components, groups=survey.groups),
        family="level",
        min_n=10,
    )
    for level in ("criterion", "component", "overall"):
        rows = table["level"] == level
        expected = multipletests(table["pvalue"][rows], method="fdr_bh")[1]
        np.testing.assert_allclose(table["qvalue"][rows], expected, rtol=1e-12)
    whole = score(survey.ratings, survey.components, groups=survey.groups, family="level", min_n=10)
    _assert_same_table(whole, table)


def test_satisfied_min_travels_with_the_summary(survey):
    summary = summarize(survey.ratings, survey.components, satisfied_min=5)
    expected = score(survey.ratings, survey.components, satisfied_min=5)
    _assert_same_table(expected, score_summary(summary))


@pytest.mark.parametrize(
    ("ratings", "options", "message"),
    [
        ([[4.5, 3]], {}, "whole numbers 1-5"),
        ([[6, 3]], {}, "whole numbers 1-5"),
        ([[0, 3]], {}, "whole numbers 1-5"),
        ([[4, 3]], {"overall_rating": [4, 3]}, "one value per respondent"),
        ([[4, 3]], {"overall_rating": [2.5]}, "whole numbers 1-5"),
        ([[4, 3]], {"weights": [-1]}, "non-negative"),
        ([[4, 3]], {"satisfied_min": 7}, "satisfied_min"),
        ([[4, 3]], {"groups": ["a", "b"]}, "one key per respondent"),
    ],
)
def test_summarize_rejects_bad_input(ratings, options, message):
    with pytest.raises(ValueError, match=message):
        summarize(np.array(ratings, dtype=float), ["A", "B"], **options)


def test_summarize_rejects_too_many_components():
    with pytest.raises(ValueError, match="at most 12 components"):
        summarize(np.full((2, 13), 4.0), [f"K{i}" for i in range(13)])


def test_bad_combinations_and_vectors_are_rejected():
    first = summarize(np.array([[4.0, 5.0]]), ["A", "B"])
    with pytest.raises(ValueError, match="same criteria"):
        first + summarize(np.array([[4.0, 5.0]]), ["A", "A"])
    with pytest.raises(ValueError, match="same criteria"):
        first + summarize(np.array([[4.0, 5.0]]), ["A", "B"], satisfied_min=5)
    with pytest.raises(ValueError, match="at least one"):
        combine_summaries([])
    with pytest.raises(ValueError, match="one new key per group"):
        first.regroup(["x", "y"])
    vectors = summary_to_vectors(first)
    codes = dict(criteria=first.criteria, components=first.components)
    with pytest.raises(ValueError, match="must be \\(cells, "):
        summary_from_vectors(vectors[:, :-1], [None], **codes)
    with pytest.raises(ValueError, match="non-negative"):
        summary_from_vectors(-vectors, [None], **codes)
    with pytest.raises(ValueError, match="one key per vector"):
        summary_from_vectors(vectors, [1, 2], **codes)
    with pytest.raises(ValueError, match="family must be one of 'table', 'level'"):
        score_summary(first, family="province")
    with pytest.raises(ValueError, match="domains has no domain"):
        score_summary(first, domains={"A": "D1"})


def test_unweighted_simulation_agrees_for_many_small_groups(rng, simulate):
    ratings = simulate(rng, 2_000, 7, missing=0.3)
    components = ["A", "A", "B", "B", "B", "C", "C"]
    groups = rng.integers(0, 150, 2_000)
    expected = score(ratings, components, groups=groups, min_n=5)
    parts = [summarize(ratings[i::3], components, groups=groups[i::3]) for i in range(3)]
    _assert_same_table(expected, score_summary(combine_summaries(parts), min_n=5))
