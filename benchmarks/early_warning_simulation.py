"""False alarms of the desks' early warning when p0 comes from a finite baseline, as in the service.

The service (``surveyapp/services/early_warning.py``) estimates each desk's in-control rate
p0 from its previous three months (``x / n``, clipped to 0.01-0.99) and sets the limit for
ARL0 = 1000 responses at that estimate, with odds ratio 2. An estimate above the true rate
makes false alarms rarer, one below makes them more frequent, and the two do not cancel.

For true rates p = 0.1, 0.2, 0.3 and baselines of n = 100, 300, 1000 answers this prints:

- false alarms per 1,000 in-control responses (the chart restarting after each alarm, as
  after an acknowledgement): simulated (se) and exact (the Markov chain of the whole-number
  CUSUM run for 1,000 steps, averaged over the binomial distribution of the baseline count);
- the mean run length this implies (1000 / alarms) against the designed ARL0, and the exact
  mixture mean of the in-control ARL (``analysis.cusum_arl``), which long runs dominate;
- the probability of at least one false alarm in 1,000 responses (exact);
- the detection delay when p doubles (2p): simulated mean (se) and exact.

Seeded, about 20 s on two cores. Usage::

    .venv/bin/python benchmarks/early_warning_simulation.py
    .venv/bin/python benchmarks/early_warning_simulation.py --runs 1000 --seed 3
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import cusum_arl, cusum_limit, cusum_scores  # noqa: E402

ARL0, ODDS_RATIO, HORIZON = 1000.0, 2.0, 1000
RATES, BASELINES = (0.1, 0.2, 0.3), (100, 300, 1000)


def estimated_rate(count: int, n: int) -> float:
    """The service's p0 from a baseline of ``count`` dissatisfied in ``n`` answers."""
    return min(max(count / n, 0.01), 0.99)


@cache
def chart(p0: float, arl: float = ARL0) -> tuple[int, int, int, float]:
    """Whole-number scores (up, down), the number of states below the limit, and the limit."""
    limit = cusum_limit(p0, ODDS_RATIO, arl)
    up, down, unit = cusum_scores(p0, ODDS_RATIO)
    return up, down, int(np.floor(limit / unit + 1e-9)), limit


def exact_alarms(p0: float, p: float, horizon: int, restart: bool, arl: float = ARL0) -> float:
    """Expected alarms in ``horizon`` responses at true rate p (restart=True: the chart goes
    back to 0 after each alarm), or with restart=False the probability of an alarm at all.
    Propagates the distribution of S over the states 0 .. H - 1, from S = 0."""
    up, down, states, _ = chart(p0, arl)
    fall = -down
    dist, alarms = np.zeros(states), 0.0
    dist[0] = 1.0
    for _ in range(horizon):
        new = np.zeros(states)
        if up < states:
            new[up:] += p * dist[: states - up]
            alarmed = p * dist[states - up :].sum()
        else:
            alarmed = p * dist.sum()
        new[0] += (1 - p) * dist[: fall + 1].sum()
        new[1 : max(states - fall, 1)] += (1 - p) * dist[fall + 1 :]
        if restart:
            new[0] += alarmed
        dist, alarms = new, alarms + alarmed
    return alarms


def baseline_weights(p: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Baseline counts x with non-negligible binomial probability, and those probabilities."""
    counts = np.arange(n + 1)
    weights = stats.binom.pmf(counts, n, p)
    keep = weights > 1e-7
    return counts[keep], weights[keep] / weights[keep].sum()


def exact_mixture(p: float, n: int, value, arl: float = ARL0) -> float:
    """The average of ``value(p0_hat)`` over the binomial distribution of the baseline."""
    counts, weights = baseline_weights(p, n)
    pairs = zip(counts, weights, strict=True)
    return float(sum(w * value(estimated_rate(int(x), n)) for x, w in pairs))


def simulate(
    p: float, n: int, rate: float, runs: int, rng, steps: int, restart: bool, arl: float = ARL0
) -> np.ndarray:
    """Per simulated desk (baseline drawn from Binomial(n, p)): alarms in ``steps`` responses
    at true rate ``rate`` with restarts, or (restart=False) responses until the first alarm
    (``steps`` + 1 if none). Written from the definition, independently of the service."""
    params = np.array([chart(estimated_rate(int(x), n), arl)[:3] for x in rng.binomial(n, p, runs)])
    up, down, states = params.T
    total, result = np.zeros(runs, dtype=np.int64), np.zeros(runs, dtype=np.int64)
    alive = np.ones(runs, dtype=bool)
    for step in range(1, steps + 1):
        events = rng.random(runs) < rate
        total = np.where(alive, np.maximum(0, total + np.where(events, up, down)), total)
        alarms = alive & (total >= states)
        if restart:
            result += alarms
            total[alarms] = 0
        else:
            result[alarms] = step
            alive &= ~alarms
            if not alive.any():
                break
    if not restart:
        result[alive] = steps + 1
    return result


def row(p: float, n: int, runs: int, rng) -> str:
    shifted = min(2 * p, 0.99)
    alarms = simulate(p, n, p, runs, rng, HORIZON, restart=True)
    exact = exact_mixture(p, n, lambda q: exact_alarms(q, p, HORIZON, restart=True))
    first = exact_mixture(p, n, lambda q: exact_alarms(q, p, HORIZON, restart=False))
    mean_arl = exact_mixture(p, n, lambda q: cusum_arl(chart(q)[3], q, p=p, odds_ratio=ODDS_RATIO))
    delays = simulate(p, n, shifted, runs, rng, 20 * HORIZON, restart=False)
    delay = exact_mixture(
        p, n, lambda q: cusum_arl(chart(q)[3], q, p=shifted, odds_ratio=ODDS_RATIO)
    )
    se = alarms.std(ddof=1) / np.sqrt(runs)
    delay_se = delays.std(ddof=1) / np.sqrt(runs)
    return (
        f"| {p} | {n} | {alarms.mean():.3f} ({se:.3f}) | {exact:.3f} | "
        f"{HORIZON / exact:,.0f} ({HORIZON / exact / ARL0:.2f}x) | {mean_arl:,.0f} | "
        f"{first:.2f} | {delays.mean():.1f} ({delay_se:.1f}) | {delay:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{args.runs} simulated desks per line, seed {args.seed}, ARL0 {ARL0:.0f}, odds ratio 2")
    print(
        "| p | baseline n | false alarms per 1,000 (sim, se) | exact | implied ARL0 (x design) "
        "| exact mean ARL0 | P(false alarm in 1,000) | delay at 2p (sim, se) | exact |"
    )
    print("|---" * 9 + "|")
    for p in RATES:
        for n in BASELINES:
            print(row(p, n, args.runs, rng), flush=True)
    for p in RATES:  # p0 known exactly: the chart as designed
        exact = exact_alarms(p, p, HORIZON, restart=True)
        designed = cusum_arl(chart(p)[3], p)
        print(f"p0 known = {p}: {exact:.3f} false alarms per 1,000, ARL0 {designed:.0f}")


if __name__ == "__main__":
    main()
