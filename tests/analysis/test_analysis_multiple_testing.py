"""benjamini_hochberg against statsmodels' multipletests(method="fdr_bh")."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis import benjamini_hochberg


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
