"""Benchmark analysis.score: 1,000,000 responses x 19 criteria, 500 desks x 12 months.

Prints the median time of a full ``score`` (criterion, component and overall rows with
intervals, p-values, q-values and statuses) beside a naive baseline that loops over the 6,000
groups in Python (NumPy/SciPy per group), their ratio, the peak memory measured in a fresh
subprocess, the agreement between the two results and the machine.

Usage::

    .venv/bin/python benchmarks/analysis.py                  # full benchmark (about 1 minute)
    .venv/bin/python benchmarks/analysis.py --respondents 100000 --runs 3 --baseline-runs 1

Exit status 1 if a target (1 s, 1 GiB) is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import score  # noqa: E402

SVC_COMPONENTS = {"SVC.1": 4, "SVC.2": 4, "SVC.3": 5, "SVC.4": 3, "SVC.5": 3}
COMPONENTS = [code for code, size in SVC_COMPONENTS.items() for _ in range(size)]
N_DESKS, N_MONTHS = 500, 12
TIME_TARGET_S, MEMORY_TARGET_MB = 1.0, 1024.0


def make_survey(n_respondents: int, seed: int = 2024) -> dict[str, np.ndarray]:
    """Ratings (float64, about 8 % NaN) with desk and respondent effects; built column by
    column so that generating them does not raise the memory high-water mark."""
    rng = np.random.default_rng(seed)
    desk = rng.integers(0, N_DESKS, n_respondents)
    month = rng.integers(1, N_MONTHS + 1, n_respondents)
    mood = rng.normal(0.0, 1.0, n_respondents) + rng.normal(0.0, 0.5, N_DESKS)[desk]
    ratings = np.empty((n_respondents, len(COMPONENTS)))
    for column in range(len(COMPONENTS)):
        latent = 3.9 + mood + rng.normal(0.0, 1.0, n_respondents)
        values = np.clip(np.round(latent), 1, 5)
        values[rng.random(n_respondents) < 0.08] = np.nan
        ratings[:, column] = values
    return {"ratings": ratings, "desk": desk, "month": month}


def run_score(survey: dict[str, np.ndarray]):
    """The benchmarked call."""
    return score(survey["ratings"], COMPONENTS, groups=(survey["desk"], survey["month"]))


def _criterion_rows(n, k, z, target):
    """Naive criterion rows: estimate, n, se, Wilson interval, exact binomial p-value."""
    p = k / n
    centre = (k + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * np.sqrt(k * (n - k) / n + z * z / 4)
    rows = np.column_stack(
        [p, n, np.sqrt(p * (1 - p) / n), np.clip(centre - half, 0, 1),
         np.clip(centre + half, 0, 1), stats.binom.cdf(k, n, target)]
    )  # fmt: skip
    rows[n == 0] = [np.nan, 0, np.nan, np.nan, np.nan, np.nan]
    return rows


def _composite_row(estimate, influence, answered, z, target):
    """Naive composite row: linearized SE, clipped normal interval, z-test p-value."""
    m = answered.sum()
    if m < 2 or np.isnan(estimate):
        return [estimate, m, np.nan, np.nan, np.nan, np.nan]
    se = np.sqrt(m / (m - 1) * np.sum(influence**2))
    se = se if se > 1e-12 else 0.0  # same floating-point noise rule as analysis
    if se > 0:
        pvalue = stats.norm.cdf((estimate - target) / se)
    else:
        pvalue = float(estimate >= target - 1e-12)
    return [estimate, m, se, max(estimate - z * se, 0), min(estimate + z * se, 1), pvalue]


def _one_group(block: np.ndarray, members: list[np.ndarray], z: float, target: float):
    """Naive per-group scoring: (rows, 6) of estimate, n, se, ci_low, ci_high, pvalue."""
    valid, satisfied = ~np.isnan(block), block >= 4
    n, k = valid.sum(axis=0), satisfied.sum(axis=0)
    p = k / n
    influence = np.where(valid, (satisfied - p) / n, 0.0)
    estimates, influences, answered = [], [], []
    for columns in members:
        present = n[columns] > 0
        estimates.append(p[columns][present].mean() if present.any() else np.nan)
        influences.append(influence[:, columns[present]].sum(axis=1) / max(present.sum(), 1))
        answered.append(valid[:, columns].any(axis=1))
    present = ~np.isnan(estimates)
    estimates.append(np.mean(np.array(estimates)[present]) if present.any() else np.nan)
    influences.append(np.array(influences)[present].sum(axis=0) / max(present.sum(), 1))
    answered.append(valid.any(axis=1))
    composite = [
        _composite_row(*row, z, target) for row in zip(estimates, influences, answered, strict=True)
    ]
    return np.vstack([_criterion_rows(n, k, z, target), np.array(composite)])


def score_by_looping_over_groups(survey, target=0.8, min_n=30, fdr=0.05):
    """The naive baseline: sort once, then a Python loop over groups, BH and statuses."""
    key = survey["desk"] * 100 + survey["month"]
    order = np.argsort(key, kind="stable")
    boundaries = np.flatnonzero(np.diff(key[order])) + 1
    codes = np.array(COMPONENTS)
    members = [np.flatnonzero(codes == code) for code in SVC_COMPONENTS]
    z = stats.norm.ppf(0.975)
    with np.errstate(divide="ignore", invalid="ignore"):
        blocks = [
            _one_group(survey["ratings"][rows], members, z, target)
            for rows in np.split(order, boundaries)
        ]
    table = np.vstack(blocks)
    pvalue = table[:, 5]
    tested = ~np.isnan(pvalue)
    qvalue = np.full_like(pvalue, np.nan)
    qvalue[tested] = stats.false_discovery_control(pvalue[tested])
    status = np.where(
        table[:, 1] < min_n,
        "insufficient",
        np.where(
            table[:, 0] >= target - 1e-12,
            "meets",
            np.where(qvalue < fdr, "significantly_below", "below"),
        ),
    )
    return table, qvalue, status


def timed(function, *args, runs: int) -> list[float]:
    """Wall-clock seconds of *runs* calls."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function(*args)
        seconds.append(time.perf_counter() - start)
    return seconds


def _rss_mb(field: str) -> float:
    """Current (VmRSS) or peak (VmHWM) resident set of this process in MB, from /proc (Linux).

    ``getrusage().ru_maxrss`` is not used: in a child process it can report the parent's
    resident set at fork time.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not found in /proc/self/status")


def _reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False if not permitted."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def memory_probe(n_respondents: int) -> dict[str, float]:
    """In this fresh process: resident memory around score(), then its tracemalloc peak."""
    survey = make_survey(n_respondents)
    generation_peak, before = _rss_mb("VmHWM"), _rss_mb("VmRSS")
    reset = _reset_peak_rss()
    run_score(survey)
    score_peak = _rss_mb("VmHWM")
    tracemalloc.start()
    run_score(survey)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rss_before_mb": before,
        "score_rss_peak_mb": score_peak if reset else float("nan"),
        "process_rss_peak_mb": max(score_peak, generation_peak),
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "input_mb": survey["ratings"].nbytes / 2**20,
    }


def measure_memory_in_subprocess(n_respondents: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--memory-probe", "--respondents", str(n_respondents)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def describe_machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpus} CPUs ({model}), {memory:.1f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, NumPy {np.__version__}, "
        f"SciPy {scipy.__version__}"
    )


def agreement(table, baseline) -> float:
    """Largest absolute difference between score() and the baseline over the numeric columns."""
    values, qvalue, status = baseline
    ours = np.column_stack(
        [table[name] for name in ("estimate", "n", "se", "ci_low", "ci_high", "pvalue")]
    )
    difference = np.nan_to_num(np.abs(ours - values), nan=0.0)
    if not np.array_equal(np.isnan(ours), np.isnan(values)) or list(status) != list(
        table["status"]
    ):
        return np.inf
    return float(max(difference.max(), np.nanmax(np.abs(table["qvalue"] - qvalue))))


def measure(n_respondents: int, runs: int, baseline_runs: int) -> dict[str, object]:
    """Time score() and the baseline, check that they agree, probe memory in a subprocess."""
    survey = make_survey(n_respondents)
    table = run_score(survey)  # warm-up, and the result checked against the baseline
    ours = timed(run_score, survey, runs=runs)
    baseline = timed(score_by_looping_over_groups, survey, runs=baseline_runs)
    return {
        "respondents": n_respondents,
        "groups": len(set(table["group"].tolist())),
        "rows": len(table),
        "ours": ours,
        "baseline": baseline,
        "difference": agreement(table, score_by_looping_over_groups(survey)),
        "memory": measure_memory_in_subprocess(n_respondents),
    }


def report(figures: dict) -> bool:
    """Print the figures; True if every target is met."""
    ours, baseline, memory = figures["ours"], figures["baseline"], figures["memory"]
    median, baseline_median = statistics.median(ours), statistics.median(baseline)
    time_ok = median <= TIME_TARGET_S
    memory_ok = memory["process_rss_peak_mb"] <= MEMORY_TARGET_MB
    agree = figures["difference"] < 1e-9
    print(
        f"analysis.score on {figures['respondents']:,} responses x {len(COMPONENTS)} criteria "
        f"in {len(SVC_COMPONENTS)} components, {figures['groups']:,} groups (desk x month) "
        f"-> {figures['rows']:,} rows\n"
        f"machine      {describe_machine()}\n"
        f"score()      median {median:.3f} s (min {min(ours):.3f}, max {max(ours):.3f}, "
        f"{len(ours)} runs)   target <= {TIME_TARGET_S:.0f} s: {'OK' if time_ok else 'FAIL'}\n"
        f"baseline     median {baseline_median:.3f} s ({len(baseline)} runs; Python loop over "
        f"groups, NumPy/SciPy per group)\n"
        f"ratio        baseline / score() = {baseline_median / median:.1f}x\n"
        f"memory       peak RSS of the process {memory['process_rss_peak_mb']:.0f} MB; during "
        f"score() {memory['score_rss_peak_mb']:.0f} MB, of which {memory['rss_before_mb']:.0f} "
        f"MB were there before (interpreter, NumPy/SciPy, {memory['input_mb']:.0f} MB of "
        f"ratings); tracemalloc peak inside score() {memory['tracemalloc_peak_mb']:.0f} MB   "
        f"target <= {MEMORY_TARGET_MB:.0f} MB: {'OK' if memory_ok else 'FAIL'}\n"
        f"agreement    max |score() - baseline| over estimate, n, se, interval, p, q = "
        f"{figures['difference']:.2e}; statuses identical: {np.isfinite(figures['difference'])}"
    )
    return time_ok and memory_ok and agree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline-runs", type=int, default=3)
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.memory_probe:
        print(json.dumps(memory_probe(arguments.respondents)))
        return 0
    figures = measure(arguments.respondents, arguments.runs, arguments.baseline_runs)
    return 0 if report(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
