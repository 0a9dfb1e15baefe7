"""Score a :class:`~analysis.summaries.RatingSummary` into the table :func:`analysis.score` gives.

The criterion tallies are fields of the summary. A composite's linearized variance is the
quadratic form ``a' Q a`` in the criterion influences: ``a`` are the composite's weights on
its criteria and ``Q[c, c'] = sum_r z_rc z_rc'`` follows from the pair sums (README).
"""

from __future__ import annotations

import numpy as np

from analysis._indices import Indices, compute_indices
from analysis._layout import Layout, build_layout
from analysis._report import build_table, cell_statistics, check_settings
from analysis._tally import Tally
from analysis.summaries import RatingSummary
from analysis.table import ScoreTable

# A quadratic form below this share of the size of its terms is cancellation noise (exactly 0
# when every respondent has the same share).
_RELATIVE_NOISE = 1e-11


def score_summary(
    summary: RatingSummary,
    *,
    domains: object = None,
    target: float = 0.8,
    min_n: int = 30,
    confidence_level: float = 0.95,
    overall: str = "domains",
    significance_level: float = 0.05,
    family: str = "table",
) -> ScoreTable:
    """Score every group of a summary, exactly as :func:`analysis.score` on the raw ratings.

    Parameters
    ----------
    summary : RatingSummary
        From :func:`analysis.summarize`, possibly added up and regrouped.
    domains, target, min_n, confidence_level, overall, significance_level, family
        As for :func:`analysis.score`. ``family="level"`` makes each level of the table one
        Benjamini-Hochberg family (e.g. all unit x component cells of a province).

    Returns
    -------
    ScoreTable
        The same rows, columns and statuses as :func:`analysis.score` on the union of the
        summarized responses, grouped by ``summary.keys``.

    Raises
    ------
    ValueError
        For settings out of range or a component without a domain.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis import score, score_summary, summarize
    >>> ratings = np.array([[5, 4, 2], [4, 3, 5], [5, 5, np.nan], [2, 4, 4]])
    >>> codes = dict(components=["A", "A", "B"], criteria=["A1", "A2", "B1"])
    >>> parts = summarize(ratings[:2], **codes) + summarize(ratings[2:], **codes)
    >>> table = score_summary(parts, min_n=2)
    >>> table["estimate"].round(3).tolist()
    [0.75, 0.75, 0.667, 0.75, 0.667, 0.708]
    >>> bool(abs(table["se"][-1] - score(ratings, min_n=2, **codes)["se"][-1]) < 1e-15)
    True
    """
    settings = check_settings(
        target, min_n, summary.satisfied_min, confidence_level, overall, significance_level, family
    )
    layout = build_layout(summary.components, summary.criteria, domains, len(summary.criteria))
    tally = _tally(summary, layout)
    indices = compute_indices(tally, layout, overall == "domains")
    squares = _influence_squares(summary, tally, indices, layout)
    weighted = bool(np.any(summary["weighted"] > 0))
    cells = cell_statistics(tally, indices, squares, layout, settings, weighted)
    return build_table(cells, summary.keys, layout, settings)


def _tally(summary: RatingSummary, layout: Layout) -> Tally:
    """Criterion tallies in internal order and composite respondent counts from the patterns."""
    order = layout.order
    diagonal = np.diagonal(summary["valid_products"], axis1=1, axis2=2)
    return Tally(
        valid=np.rint(summary["valid"][:, order]).astype(np.int64),
        weight=summary["weight"][:, order],
        satisfied=summary["satisfied"][:, order],
        weight_sq=diagonal[:, order],
        respondents=np.rint(summary["patterns"] @ _answered_any(summary, layout)).astype(np.int64),
        cells=(),
    )


def _answered_any(summary: RatingSummary, layout: Layout) -> np.ndarray:
    """(patterns, levels): 1 where a pattern answers any component of the level's composite."""
    first_seen = list(dict.fromkeys(summary.components))
    bit = np.array([1 << first_seen.index(code) for code in layout.component_codes.tolist()])
    domain_masks = [int(np.sum(bit[block])) for block in layout.domain_slices]
    masks = np.array([*bit.tolist(), *domain_masks, int(np.sum(bit))])
    patterns = np.arange(summary["patterns"].shape[1])
    return ((patterns[:, None] & masks[None, :]) != 0).astype(float)


def _coefficients(tally: Tally, indices: Indices, layout: Layout) -> np.ndarray:
    """(groups, levels, criteria) weight of each criterion's influence in each composite."""
    present = (tally.weight > 0).astype(float)
    member = (layout.component_of[None, :] == np.arange(layout.n_components)[:, None]).astype(float)
    counts = present @ member.T
    share = np.divide(1.0, counts, out=np.zeros_like(counts), where=counts > 0)
    component = share[:, :, None] * member[None] * present[:, None, :]
    in_domain = layout.domain_of[None, :] == np.arange(layout.n_domains)[:, None]
    domain_weights = in_domain[None] * indices.component_in_domain.T[:, None, :]
    domain = np.einsum("gdk,gkc->gdc", domain_weights, component)
    parts = domain if indices.overall_by_domain else component
    overall = np.einsum("gp,gpc->gc", indices.overall_weights.T, parts)
    return np.concatenate([component, domain, overall[:, None, :]], axis=1)


def _influence_squares(
    summary: RatingSummary, tally: Tally, indices: Indices, layout: Layout
) -> np.ndarray:
    """Sum over respondents of each composite's squared influence; (groups, levels).

    With ``b_c = a_c / W_c`` and ``e_c = I_c b_c``, ``a' Q a = b' SS b - 2 b' SY e + e' VV e``
    (SS, SY, VV the pair sums), computed in the summary's column order.
    """
    weight = np.where(tally.weight > 0, tally.weight, np.inf)[:, None, :]
    scaled = _coefficients(tally, indices, layout) / weight
    rated = scaled * np.nan_to_num(indices.criterion, nan=0.0)[:, None, :]
    b, e = np.empty_like(scaled), np.empty_like(rated)
    b[:, :, layout.order], e[:, :, layout.order] = scaled, rated
    pairs = summary["satisfied_products"], summary["mixed_products"], summary["valid_products"]

    def form(left, matrix, right):
        return np.einsum("glc,gcd,gld->gl", left, matrix, right)

    value = form(b, pairs[0], b) - 2 * form(b, pairs[1], e) + form(e, pairs[2], e)
    size = form(np.abs(b), pairs[0], np.abs(b)) + 2 * form(np.abs(b), pairs[1], np.abs(e))
    size += form(np.abs(e), pairs[2], np.abs(e))
    return np.where(value <= _RELATIVE_NOISE * size, 0.0, value)
