"""benjamini_hochberg against statsmodels' multipletests(method="fdr_bh")."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis import benjamini_hochberg, flag_cells, score


def test_benjamini_hochberg_matches_statsmodels_with_nan_left_out(rng):
    pvalues = np.concatenate([rng.uniform(size=300), rng.uniform(0, 0.01, 50), [1.0, 0.0]])
    pvalues[rng.random(pvalues.size) < 0.1] = np.nan
    tested = ~np.isnan(pvalues)
    q = benjamini_hochberg(pvalues.reshape(2, -1)).reshape(-1)
    expected = multipletests(pvalues[tested], method="fdr_bh")[1]
    np.testing.assert_allclose(q[tested], expected, rtol=1e-12)
    assert np.all(np.isnan(q[~tested]))
    np.testing.assert_allclose(q[tested], stats.false_discovery_control(pvalues[tested]))


def test_benjamini_hochberg_with_no_pvalues():
    assert benjamini_hochberg([]).shape == (0,)
    assert np.isnan(benjamini_hochberg([np.nan, np.nan])).all()


@pytest.mark.parametrize("bad", [[0.1, 1.5], [-0.1]])
def test_benjamini_hochberg_rejects_values_outside_zero_one(bad):
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg(bad)


def test_flag_cells_hand_worked_family():
    # p sorted: 0.001, 0.02, 0.03, 0.5 (m = 4): q = 0.004, 0.04, 0.04, 0.5.
    flags = flag_cells(
        [0.7, 0.75, 0.6, 0.78, 0.9], [50, 60, 40, 45, 35], [0.02, 0.03, 0.001, 0.5, np.nan]
    )
    np.testing.assert_allclose(flags.qvalue[:4], [0.04, 0.04, 0.004, 0.5])
    assert np.isnan(flags.qvalue[4])
    assert flags.status.tolist() == [
        "significantly_below",
        "significantly_below",
        "significantly_below",
        "below",
        "meets",
    ]


def test_one_family_per_province_gives_each_cell_one_status(survey):
    table = score(survey.ratings, survey.components, groups=survey.groups, family="level", min_n=20)
    cells = table["level"] == "component"
    flags = flag_cells(
        table["estimate"][cells], table["n"][cells], table["pvalue"][cells], min_n=20
    )
    expected_q = multipletests(table["pvalue"][cells], method="fdr_bh")[1]
    np.testing.assert_allclose(flags.qvalue, expected_q, rtol=1e-12)
    assert flags.status.tolist() == table["status"][cells].tolist()


@pytest.mark.parametrize(
    ("arguments", "options", "message"),
    [
        (([0.5], [10], [0.2, 0.3]), {}, "same shape"),
        (([0.5], [10], [1.2]), {}, "between 0 and 1"),
        (([0.5], [10], [0.2]), {"target": 1.0}, "target"),
        (([0.5], [10], [0.2]), {"min_n": -1}, "min_n"),
    ],
)
def test_flag_cells_rejects_bad_input(arguments, options, message):
    with pytest.raises(ValueError, match=message):
        flag_cells(*arguments, **options)
