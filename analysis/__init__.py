"""Statistics for SIPAS citizen-satisfaction surveys (NumPy and SciPy only).

Turns 1-5 ratings into the figures Home Affairs acts on: SIPAS indices with intervals and
below-target tests (:func:`score`), single proportions (:func:`proportion_ci`,
:func:`threshold_test`), comparisons (:func:`compare_proportions`, :func:`compare_ratings`),
trends (:func:`mann_kendall`, :func:`cochran_armitage`), reliability (:func:`cronbach_alpha`),
key drivers (:func:`key_drivers`), survey planning (:func:`sample_size`) and false discovery
rate control (:func:`benjamini_hochberg`). The formulas are stated in ``analysis/README.md``.

This package never imports Flask, SQLAlchemy or the web application.
"""

from __future__ import annotations

from analysis._results import (
    CochranArmitageResult,
    ConfidenceInterval,
    CronbachResult,
    DifferenceResult,
    KeyDriversResult,
    MannKendallResult,
    MannWhitneyResult,
    ThresholdTestResult,
)
from analysis.comparisons import compare_proportions, compare_ratings
from analysis.drivers import key_drivers
from analysis.multiple_testing import benjamini_hochberg
from analysis.proportions import proportion_ci, threshold_test
from analysis.reliability import cronbach_alpha
from analysis.sample_size import sample_size
from analysis.scoring import score
from analysis.table import ScoreTable
from analysis.trends import cochran_armitage, mann_kendall

__all__ = [
    "CochranArmitageResult",
    "ConfidenceInterval",
    "CronbachResult",
    "DifferenceResult",
    "KeyDriversResult",
    "MannKendallResult",
    "MannWhitneyResult",
    "ScoreTable",
    "ThresholdTestResult",
    "benjamini_hochberg",
    "cochran_armitage",
    "compare_proportions",
    "compare_ratings",
    "cronbach_alpha",
    "key_drivers",
    "mann_kendall",
    "proportion_ci",
    "sample_size",
    "score",
    "threshold_test",
]
