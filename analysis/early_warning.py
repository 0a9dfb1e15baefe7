"""Early warning for a desk: a Bernoulli CUSUM on "not satisfied" with a known false-alarm rate.

The log-likelihood ratio scores are rounded to whole multiples of a unit (the smaller score is
20 units), so the CUSUM moves on whole numbers and its run length is an exact Markov chain on
0 .. H - 1 (Reynolds and Stoumbos 1999 use the same integer device): the average run length of
the chart as implemented is solved, not approximated.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
from scipy import sparse
from scipy.sparse import linalg

from analysis._monitoring_results import CusumResult
from analysis._validation import check_open_unit

# Units in the smaller of the two scores: rounding changes a score by at most 2.5 %.
_SMALLER_SCORE_UNITS = 20
_LOWEST_RATE, _HIGHEST_RATE = 0.01, 0.99


def _rates(p0: float, odds_ratio: float) -> tuple[float, float]:
    p0 = check_open_unit("p0", p0)
    if not _LOWEST_RATE <= p0 <= _HIGHEST_RATE:
        raise ValueError(f"p0 must be between {_LOWEST_RATE} and {_HIGHEST_RATE}; got {p0!r}")
    if isinstance(odds_ratio, bool) or not isinstance(odds_ratio, Real) or not 1 < odds_ratio < 100:
        raise ValueError(f"odds_ratio must be a number between 1 and 100; got {odds_ratio!r}")
    odds = odds_ratio * p0 / (1 - p0)
    return p0, odds / (1 + odds)


def cusum_scores(p0: float, odds_ratio: float = 2.0) -> tuple[int, int, float]:
    """Whole-number scores of a dissatisfied and a satisfied response, and the unit.

    The scores are the log-likelihood ratios ``ln(p1/p0)`` and ``ln((1 - p1)/(1 - p0))``
    divided by the unit and rounded; the smaller in size is 20.
    """
    p0, p1 = _rates(p0, odds_ratio)
    up, down = np.log(p1 / p0), np.log((1 - p1) / (1 - p0))
    unit = min(up, -down) / _SMALLER_SCORE_UNITS
    return int(round(up / unit)), int(round(down / unit)), float(unit)


def _run_length(states: int, up: int, down: int, p: float) -> float:
    """Expected responses until S >= states, from S = 0 (exact Markov chain)."""
    position = np.arange(states)
    rows, columns, values = [], [], []
    for target, probability in ((position + up, p), (np.maximum(position + down, 0), 1 - p)):
        inside = target < states
        rows.append(position[inside])
        columns.append(target[inside])
        values.append(np.full(int(inside.sum()), probability))
    transitions = sparse.csc_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(states, states),
    )
    system = sparse.identity(states, format="csc") - transitions
    return float(linalg.spsolve(system, np.ones(states))[0])


def cusum_arl(limit: float, p0: float, p: float | None = None, odds_ratio: float = 2.0) -> float:
    """Average run length (responses until the first alarm) of the Bernoulli CUSUM.

    Parameters
    ----------
    limit : float
        Decision limit h > 0 (rounded down to a whole number of score units).
    p0 : float
        In-control rate of "not satisfied" the chart is tuned to, 0.01 to 0.99.
    p : float, optional
        True rate (default p0: the in-control ARL, responses between false alarms).
    odds_ratio : float, default 2
        Shift the chart is tuned to: odds of dissatisfaction multiplied by this.

    Examples
    --------
    >>> from analysis import cusum_arl
    >>> round(cusum_arl(3.0, 0.2)), round(cusum_arl(3.0, 0.2, p=1 / 3))
    (519, 48)
    """
    up, down, unit = cusum_scores(p0, odds_ratio)
    p = p0 if p is None else check_open_unit("p", p)
    if isinstance(limit, bool) or not isinstance(limit, Real) or not 0 < limit < 1e3:
        raise ValueError(f"limit must be a positive number; got {limit!r}")
    return _run_length(max(1, int(np.floor(limit / unit + 1e-9))), up, down, p)


def cusum_limit(p0: float, odds_ratio: float = 2.0, arl: float = 1000.0) -> float:
    """Smallest decision limit h whose in-control average run length is at least `arl`.

    The CUSUM moves in whole score units, so its ARL is a step function of h: the limit
    returned gives an exact in-control ARL at or a few per cent above `arl`.

    Examples
    --------
    >>> from analysis import cusum_arl, cusum_limit
    >>> limit = cusum_limit(0.2, arl=1000)
    >>> round(limit, 3), round(cusum_arl(limit, 0.2), 1)
    (3.619, 1033.3)
    """
    up, down, unit = cusum_scores(p0, odds_ratio)
    if isinstance(arl, bool) or not isinstance(arl, Real) or not 1 < arl <= 1e7:
        raise ValueError(f"arl must be a number of responses between 1 and 10**7; got {arl!r}")
    low, high = 1, up
    while _run_length(high, up, down, p0) < arl:
        low, high = high, 2 * high
    while high - low > 1:
        middle = (low + high) // 2
        if _run_length(middle, up, down, p0) < arl:
            low = middle
        else:
            high = middle
    return high * unit


def bernoulli_cusum(
    not_satisfied: object,
    p0: float,
    *,
    odds_ratio: float = 2.0,
    arl: float = 1000.0,
    limit: float | None = None,
) -> CusumResult:
    """Bernoulli CUSUM of a desk's responses, in order, against its own usual rate.

    Parameters
    ----------
    not_satisfied : array_like of bool or 0/1
        One entry per response in time order: 1 if the respondent was not satisfied.
    p0 : float
        In-control rate of "not satisfied", e.g. the desk's share over its previous three
        months, 0.01 to 0.99 (clip it there; with no dissatisfied response use 0.01).
    odds_ratio : float, default 2
        Shift to detect: the odds of dissatisfaction doubled, ``p1 = 2 p0 / (1 + p0)``.
    arl : float, default 1000
        In-control average run length (responses between false alarms) for the limit.
    limit : float, optional
        Decision limit h; default :func:`cusum_limit` (p0, odds_ratio, arl).

    Returns
    -------
    CusumResult
        ``S_t = max(0, S_{t-1} + W_t)`` with the log-likelihood ratio score
        ``W_t = x_t ln(p1/p0) + (1 - x_t) ln((1 - p1)/(1 - p0))`` (rounded to whole score
        units, :func:`cusum_scores`); an alarm when ``S_t >= h``, after which S restarts at 0.

    Raises
    ------
    ValueError
        For entries other than 0/1, or settings out of range.

    References
    ----------
    Reynolds, M. R. and Stoumbos, Z. G. (1999). A CUSUM chart for monitoring a proportion
    when inspecting continuously. Journal of Quality Technology 31, 87-108.

    Examples
    --------
    >>> from analysis import bernoulli_cusum
    >>> result = bernoulli_cusum([0, 1, 1, 1, 0, 1, 1], p0=0.2, limit=2.0)
    >>> result.statistic.round(3).tolist(), result.first_alarm
    ([0.0, 0.511, 1.021, 1.532, 1.349, 1.86, 0.0], 6)
    """
    up, down, unit = cusum_scores(p0, odds_ratio)
    events = np.asarray(not_satisfied)
    if events.ndim != 1 or not np.isin(events, (0, 1)).all():
        raise ValueError("not_satisfied must be a 1-D sequence of 0/1 (or bool), in time order")
    h = cusum_limit(p0, odds_ratio, arl) if limit is None else limit
    if isinstance(h, bool) or not isinstance(h, Real) or not 0 < h < 1e3:
        raise ValueError(f"limit must be a positive number; got {limit!r}")
    states = max(1, int(np.floor(h / unit + 1e-9)))
    statistic = np.zeros(events.size, dtype=np.int64)
    alarm, total = np.zeros(events.size, dtype=bool), 0
    for t, event in enumerate(events.astype(bool).tolist()):
        total = max(0, total + (up if event else down))
        if total >= states:
            alarm[t], total = True, 0
        statistic[t] = total
    first = int(np.argmax(alarm)) if alarm.any() else -1
    odds = odds_ratio * p0 / (1 - p0)
    return CusumResult(statistic * unit, alarm, first, states * unit, float(p0), odds / (1 + odds))
