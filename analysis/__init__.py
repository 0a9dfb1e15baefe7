"""Statistics for SIPAS citizen-satisfaction surveys (NumPy and SciPy only).

Turns 1-5 ratings into the figures Home Affairs acts on: SIPAS indices with intervals and
below-target tests (:func:`score`), single proportions (:func:`proportion_ci`,
:func:`threshold_test`), comparisons (:func:`compare_proportions`, :func:`compare_ratings`),
trends (:func:`mann_kendall`, :func:`cochran_armitage`), reliability (:func:`cronbach_alpha`),
key drivers (:func:`key_drivers`), additive summaries that a service stores per cell and
scores later (:func:`summarize`, :func:`score_summary`), survey planning
(:func:`sample_size`) and false discovery rate control (:func:`benjamini_hochberg`). The
formulas are stated in ``analysis/README.md``.

This package never imports Flask, SQLAlchemy or the web application.
"""

from __future__ import annotations

from analysis._monitoring_results import (
    CellFlags,
    ControlLimits,
    CusumResult,
    OverdispersionResult,
    PlanEvaluation,
    SuppressionResult,
)
from analysis._results import (
    CochranArmitageResult,
    ConfidenceInterval,
    CorrelationResult,
    CronbachResult,
    DifferenceResult,
    KeyDriversResult,
    MannKendallResult,
    MannWhitneyResult,
    ThresholdTestResult,
)
from analysis.comparisons import compare_proportions, compare_ratings
from analysis.count_statistics import (
    compare_histograms,
    key_drivers_from_summary,
    spearman_from_counts,
)
from analysis.drivers import key_drivers
from analysis.early_warning import bernoulli_cusum, cusum_arl, cusum_limit, cusum_scores
from analysis.funnel import funnel_limits, overdispersion
from analysis.multiple_testing import benjamini_hochberg, flag_cells
from analysis.plans import compare_indices, evaluate_plan
from analysis.proportions import proportion_ci, threshold_test
from analysis.reliability import cronbach_alpha
from analysis.sample_size import sample_size
from analysis.scoring import score
from analysis.summaries import RatingSummary, combine_summaries, summarize
from analysis.summary_scoring import score_summary
from analysis.summary_storage import (
    summary_from_vectors,
    summary_to_vectors,
    summary_vector_layout,
)
from analysis.suppression import suppress_small_cells
from analysis.table import ScoreTable
from analysis.trends import cochran_armitage, mann_kendall

__all__ = [
    "CellFlags",
    "ControlLimits",
    "CochranArmitageResult",
    "ConfidenceInterval",
    "CorrelationResult",
    "CronbachResult",
    "CusumResult",
    "DifferenceResult",
    "KeyDriversResult",
    "MannKendallResult",
    "MannWhitneyResult",
    "OverdispersionResult",
    "PlanEvaluation",
    "RatingSummary",
    "ScoreTable",
    "SuppressionResult",
    "ThresholdTestResult",
    "benjamini_hochberg",
    "bernoulli_cusum",
    "cochran_armitage",
    "combine_summaries",
    "compare_histograms",
    "compare_indices",
    "compare_proportions",
    "compare_ratings",
    "cronbach_alpha",
    "cusum_arl",
    "cusum_limit",
    "cusum_scores",
    "evaluate_plan",
    "flag_cells",
    "funnel_limits",
    "key_drivers",
    "key_drivers_from_summary",
    "mann_kendall",
    "overdispersion",
    "proportion_ci",
    "sample_size",
    "score",
    "score_summary",
    "spearman_from_counts",
    "summarize",
    "suppress_small_cells",
    "summary_from_vectors",
    "summary_to_vectors",
    "summary_vector_layout",
    "threshold_test",
]
