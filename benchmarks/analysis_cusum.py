"""Simulate the early-warning CUSUM: false alarms and detection delay against the Markov chain.

For a few in-control rates p0 of "not satisfied" and target in-control average run lengths,
prints the decision limit h of ``analysis.cusum_limit``, the ARL from the Markov chain
(``analysis.cusum_arl``) beside the ARL measured on simulated in-control responses (and their
ratio), the share of in-control runs with a false alarm within 1,000 responses, and the ARL
after the odds of dissatisfaction double (the shift the chart is tuned to). Seeded: the same
figures every run (about 10 s on two cores).

Usage::

    .venv/bin/python benchmarks/analysis_cusum.py
    .venv/bin/python benchmarks/analysis_cusum.py --runs 1000 --seed 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import cusum_arl, cusum_limit, cusum_scores  # noqa: E402

SETTINGS = [(0.1, 1000), (0.2, 500), (0.2, 1000), (0.3, 1000)]


def shifted_rate(p0: float, odds_ratio: float = 2.0) -> float:
    """The out-of-control rate: odds of p0 multiplied by odds_ratio."""
    odds = odds_ratio * p0 / (1 - p0)
    return odds / (1 + odds)


def simulate_run_lengths(
    p0: float, p: float, limit: float, runs: int, rng, odds_ratio: float = 2.0
) -> np.ndarray:
    """Responses until the first alarm of `runs` independent charts whose true rate is p.

    Written from the definition, independently of ``analysis.bernoulli_cusum``: S moves by
    the whole-number scores of ``cusum_scores``, is held at 0 from below, and alarms at the
    limit; all charts advance together, one response per step.
    """
    up, down, unit = cusum_scores(p0, odds_ratio)
    states = int(np.floor(limit / unit + 1e-9))
    total, lengths = np.zeros(runs, dtype=np.int64), np.zeros(runs, dtype=np.int64)
    alive = np.ones(runs, dtype=bool)
    step = 0
    while alive.any():
        step += 1
        events = rng.random(runs) < p
        total = np.where(alive, np.maximum(0, total + np.where(events, up, down)), total)
        alarms = alive & (total >= states)
        lengths[alarms] = step
        alive &= ~alarms
    return lengths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{args.runs} simulated charts per line, seed {args.seed}, odds ratio 2")
    print("p0    ARL0 target  h      chain ARL0  simulated (se)    ratio  P(alarm<=1000)  ARL1")
    for p0, target in SETTINGS:
        limit = cusum_limit(p0, arl=target)
        chain = cusum_arl(limit, p0)
        lengths = simulate_run_lengths(p0, p0, limit, args.runs, rng)
        detect = simulate_run_lengths(p0, shifted_rate(p0), limit, args.runs, rng)
        se = lengths.std(ddof=1) / np.sqrt(lengths.size)
        print(
            f"{p0:<5} {target:<12} {limit:<6.3f} {chain:<11.1f} {lengths.mean():7.1f} ({se:4.1f})"
            f"    {lengths.mean() / chain:5.3f}  {np.mean(lengths <= 1000):<15.3f} "
            f"{detect.mean():.1f}"
        )


if __name__ == "__main__":
    main()
