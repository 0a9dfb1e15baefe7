"""Assemble a ScoreTable from per-group statistics (shared by ``score`` and ``score_summary``)."""

from __future__ import annotations

from numbers import Real

import numpy as np

from analysis._indices import Indices
from analysis._inference import composite_statistics, criterion_statistics
from analysis._layout import Layout
from analysis._tally import Tally
from analysis._validation import (
    check_choice,
    check_confidence_level,
    check_count,
    check_open_unit,
    normal_quantile,
)
from analysis.multiple_testing import benjamini_hochberg
from analysis.table import ScoreTable, classify

OVERALL_METHODS = ("domains", "components")
FAMILIES = ("table", "level")
_STATISTICS = ("estimate", "n", "se", "ci_low", "ci_high", "pvalue")


def check_satisfied_min(value: object) -> float:
    """The lowest rating counted as satisfied, a number between 1 and 5."""
    if isinstance(value, bool) or not isinstance(value, Real) or not (1 <= value <= 5):
        raise ValueError(f"satisfied_min must be a rating between 1 and 5; got {value!r}")
    return float(value)


def check_settings(
    target, min_n, satisfied_min, confidence_level, overall, significance_level, family="table"
) -> dict[str, object]:
    """Validate the scalar settings of :func:`analysis.score` and ``score_summary``."""
    check_choice("overall", overall, OVERALL_METHODS)
    check_choice("family", family, FAMILIES)
    return {
        "target": check_open_unit("target", target),
        "min_n": check_count("min_n", min_n),
        "satisfied_min": check_satisfied_min(satisfied_min),
        "confidence_level": check_confidence_level(confidence_level),
        "significance_level": check_open_unit("significance_level", significance_level),
        "family": family,
    }


def cell_statistics(
    tally: Tally,
    indices: Indices,
    squares: np.ndarray,
    layout: Layout,
    settings: dict[str, object],
    weighted: bool,
) -> dict[str, np.ndarray]:
    """Every statistic as a (groups, rows per group) array, in report order."""
    z, target = normal_quantile(settings["confidence_level"]), settings["target"]
    criterion = criterion_statistics(tally, indices.criterion, z, target, weighted)
    estimates = np.column_stack([indices.component, indices.domain, indices.overall])
    composite = composite_statistics(estimates, tally.respondents, squares, z, target)
    position = np.empty(layout.n_criteria, dtype=np.int64)
    position[layout.order] = np.arange(layout.n_criteria)
    keep = _composite_columns(layout)
    return {
        name: np.concatenate([criterion[name][:, position], composite[name][:, keep]], axis=1)
        for name in _STATISTICS
    }


def _composite_columns(layout: Layout) -> np.ndarray:
    """Composite columns reported: components, domains (only if given) and overall."""
    n_components, n_domains = layout.n_components, layout.n_domains
    domains = np.arange(n_components, n_components + n_domains) if layout.report_domains else []
    return np.concatenate([np.arange(n_components), domains, [n_components + n_domains]]).astype(
        np.int64
    )


def _row_labels(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Level and code of each row within one group."""
    domain_codes = layout.domain_codes if layout.report_domains else np.array([], dtype=str)
    codes = np.concatenate(
        [layout.criterion_codes, layout.component_codes, domain_codes, ["overall"]]
    )
    counts = [layout.n_criteria, layout.n_components, domain_codes.size, 1]
    levels = np.repeat(np.array(["criterion", "component", "domain", "overall"]), counts)
    return levels, codes


def family_qvalues(pvalue: np.ndarray, level: np.ndarray, family: str) -> np.ndarray:
    """Benjamini-Hochberg q-values over the whole table, or separately within each level."""
    if family == "table":
        return benjamini_hochberg(pvalue)
    qvalue = np.full(pvalue.shape, np.nan)
    for name in np.unique(level):
        rows = level == name
        qvalue[rows] = benjamini_hochberg(pvalue[rows])
    return qvalue


def build_table(
    cells: dict[str, np.ndarray], keys: np.ndarray, layout: Layout, settings: dict[str, object]
) -> ScoreTable:
    """Flatten the per-group arrays group by group, add q-values and statuses."""
    flat = {name: values.reshape(-1) for name, values in cells.items()}
    flat["n"] = flat["n"].astype(np.int64)
    levels, codes = _row_labels(layout)
    level_column = np.tile(levels, keys.size)
    qvalue = family_qvalues(flat["pvalue"], level_column, settings["family"])
    columns = {
        "group": np.repeat(keys, levels.size),
        "level": level_column,
        "code": np.tile(codes, keys.size),
        **{name: flat[name] for name in _STATISTICS},
        "qvalue": qvalue,
        "status": classify(
            flat["estimate"],
            flat["n"],
            qvalue,
            settings["target"],
            settings["min_n"],
            settings["significance_level"],
        ),
    }
    for array in columns.values():
        array.flags.writeable = False  # freshly built here: the table may share them
    return ScoreTable(columns)
