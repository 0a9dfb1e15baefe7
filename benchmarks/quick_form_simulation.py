"""Simulate the quick form against the full form: standard errors, coverage and flags.

The quick form asks the overall rating and ONE criterion per component, drawn uniformly within
the component for each response; the other criteria are missing by design, completely at
random. This script checks, with ``analysis.score`` itself, that the indices stay right:

* **Accuracy** (`--replications` samples of 200 and of 2,000 respondents, the same simulated
  citizens answering both forms, the quick one seeing only its drawn criteria): bias of each
  component index and of the overall index, the ratio quick/full of their standard errors at
  equal respondents (the spread of the estimates over replications and the mean linearized
  standard error of ``score``), and the coverage of the 95 % intervals.
* **Flags** (`--flag-replications` surveys of 30 units, true component indices spread over
  70-90 %): every unit x component cell scored as one Benjamini-Hochberg family
  (``family="level"``, as the console does); the share of ``significantly_below`` flags whose
  true index is below 80 % (precision) and the share of truly-below cells flagged (power).
* **Sensitivity** of the standard-error ratio to the within-component correlation.

Ratings: a latent-normal threshold model. Criterion c of component k has latent
``L = sqrt(rb) G + sqrt(rw - rb) F_k + sqrt(1 - rw) E_c`` (G, F_k, E_c independent standard
normals), so latent correlations are rw within a component and rb between components; the
rating is 1 + the number of its four thresholds below L. Thresholds give each criterion a
share satisfied (4 or 5) drawn from 75-90 %, with the rest split 15/30/55 % over 1/2/3 and the
satisfied 55/45 % over 4/5. A unit's shift of the latent mean per component sets its true
index. True indices are exact (normal probabilities), not estimated. The overall rating is
asked on both forms and does not enter the SIPAS indices, so it is not simulated.

Seeded and vectorised (each batch of replications is one ``score`` call, replications as
groups). Usage::

    .venv/bin/python benchmarks/quick_form_simulation.py            # the README table
    .venv/bin/python benchmarks/quick_form_simulation.py --replications 200 --flag-replications 20
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import optimize, special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import score  # noqa: E402

SIZES = (4, 4, 5, 3, 3)  # criteria per component, as SVC.1-SVC.5
COMPONENT_CODES = [f"SVC.{k + 1}" for k in range(len(SIZES))]
COMPONENT_OF = np.repeat(np.arange(len(SIZES)), SIZES)
COMPONENTS = [COMPONENT_CODES[k] for k in COMPONENT_OF]
ROWS_PER_BATCH = 600_000
UNITS = 30
TARGET = 0.8


def thresholds(rng: np.random.Generator) -> np.ndarray:
    """(criteria, 4) latent cut points; criterion c is satisfied with probability 0.75-0.90."""
    satisfied = rng.uniform(0.75, 0.90, COMPONENT_OF.size)
    below = 1 - satisfied
    cumulative = np.column_stack(
        [0.15 * below, 0.45 * below, below, below + 0.55 * satisfied]
    )  # P(rating <= 1), <= 2, <= 3, <= 4
    return special.ndtri(cumulative)


def true_criterion(cuts: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """True share satisfied per criterion for latent shifts per component (..., K)."""
    return special.ndtr(shift[..., COMPONENT_OF] - cuts[:, 2])


def true_component(cuts: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """True component indices (..., K): mean over the component's criteria."""
    criterion = true_criterion(cuts, shift)
    starts = np.r_[0, np.cumsum(SIZES)[:-1]]
    return np.add.reduceat(criterion, starts, axis=-1) / np.array(SIZES)


def ratings(rng, shift: np.ndarray, cuts: np.ndarray, rw: float, rb: float) -> np.ndarray:
    """Ratings 1-5 of respondents with latent shifts *shift* (rows, K); float (rows, C)."""
    rows = shift.shape[0]
    common = rng.standard_normal((rows, 1), dtype=np.float32)
    factor = rng.standard_normal((rows, len(SIZES)), dtype=np.float32)
    own = rng.standard_normal((rows, COMPONENT_OF.size), dtype=np.float32)
    latent = np.sqrt(rb) * common + np.sqrt(rw - rb) * factor[:, COMPONENT_OF]
    latent += np.sqrt(1 - rw) * own + shift[:, COMPONENT_OF]
    levels = np.ones(latent.shape, dtype=np.float32)
    for j in range(cuts.shape[1]):
        levels += latent > cuts[:, j]
    return levels


def quick(rng, full: np.ndarray) -> np.ndarray:
    """The quick form: one criterion per component shown (uniformly), the others NaN."""
    starts = np.r_[0, np.cumsum(SIZES)[:-1]]
    drawn = (rng.random((full.shape[0], len(SIZES))) * np.array(SIZES)).astype(np.int64)
    shown = np.zeros(full.shape, dtype=bool)
    np.put_along_axis(shown, drawn + starts, True, axis=1)
    return np.where(shown, full, np.nan).astype(np.float32)


def score_batch(matrix: np.ndarray, groups: np.ndarray, n_groups: int, **options) -> dict:
    """``score`` columns as (groups, C + K + 1): criteria, components, overall."""
    table = score(matrix, COMPONENTS, groups=groups, **options)
    names = ("estimate", "se", "ci_low", "ci_high", "status")
    return {name: table[name].reshape(n_groups, -1) for name in names}


def accuracy(rng, cuts, n: int, replications: int, rw: float, rb: float) -> dict:
    """Per mode, (replications, C + K + 1) estimates, se and whether the interval holds truth."""
    per_batch = max(1, ROWS_PER_BATCH // n)
    zero = np.zeros(len(SIZES))
    components = true_component(cuts, zero)
    truth = np.r_[true_criterion(cuts, zero), components, components.mean()]
    out = {mode: {"estimate": [], "se": [], "covered": []} for mode in ("full", "quick")}
    for start in range(0, replications, per_batch):
        reps = min(per_batch, replications - start)
        groups = np.repeat(np.arange(reps), n)
        full = ratings(rng, np.zeros((reps * n, len(SIZES))), cuts, rw, rb)
        for mode, matrix in (("full", full), ("quick", quick(rng, full))):
            found = score_batch(matrix, groups, reps, min_n=1)
            out[mode]["estimate"].append(found["estimate"])
            out[mode]["se"].append(found["se"])
            covered = (found["ci_low"] <= truth) & (truth <= found["ci_high"])
            out[mode]["covered"].append(covered)
    merged = {mode: {k: np.concatenate(v) for k, v in parts.items()} for mode, parts in out.items()}
    return {**merged, "truth": truth}


def unit_design(rng, cuts) -> tuple[np.ndarray, np.ndarray]:
    """30 units' latent shifts (units, K) and their true component indices, spread 70-90 %."""
    wanted = rng.uniform(0.70, 0.90, (UNITS, len(SIZES)))
    shifts = np.empty_like(wanted)
    for u, k in np.ndindex(wanted.shape):
        part = slice(int(np.sum(SIZES[:k])), int(np.sum(SIZES[: k + 1])))

        def gap(delta, u=u, k=k, part=part):
            return special.ndtr(delta - cuts[part, 2]).mean() - wanted[u, k]

        shifts[u, k] = optimize.brentq(gap, -5.0, 5.0, xtol=1e-12)
    return shifts, true_component(cuts, shifts)


def flags(rng, cuts, n: int, replications: int, rw: float, rb: float) -> dict:
    """Counts of flags, right flags and truly-below cells per mode over the replications."""
    shifts, truth = unit_design(rng, cuts)
    below = truth < TARGET
    counts = {mode: np.zeros(3, dtype=np.int64) for mode in ("full", "quick")}
    groups = np.repeat(np.arange(UNITS), n)
    for _ in range(replications):
        full = ratings(rng, np.repeat(shifts, n, axis=0), cuts, rw, rb)
        for mode, matrix in (("full", full), ("quick", quick(rng, full))):
            status = score_batch(matrix, groups, UNITS, family="level")["status"]
            flagged = status[:, COMPONENT_OF.size : -1] == "significantly_below"
            counts[mode] += [flagged.sum(), (flagged & below).sum(), below.sum()]
    return counts


def accuracy_lines(n: int, result: dict) -> list[str]:
    """Markdown rows: one per component and the overall index."""
    full, fast = result["full"], result["quick"]
    lines = []
    for i, code in enumerate([*COMPONENT_CODES, "overall"]):
        j = COMPONENT_OF.size + i
        size = str(SIZES[i]) if i < len(SIZES) else "5 comp."
        sd_ratio = np.std(fast["estimate"][:, j], ddof=1) / np.std(full["estimate"][:, j], ddof=1)
        se_ratio = np.mean(fast["se"][:, j]) / np.mean(full["se"][:, j])
        bias = [np.mean(m["estimate"][:, j]) - result["truth"][j] for m in (full, fast)]
        cover = [100 * np.mean(m["covered"][:, j]) for m in (full, fast)]
        lines.append(
            f"| {n} | {code} | {size} | {100 * result['truth'][j]:.1f} | "
            f"{100 * bias[0]:+.2f} / {100 * bias[1]:+.2f} | {100 * np.mean(full['se'][:, j]):.2f}"
            f" | {100 * np.mean(fast['se'][:, j]):.2f} | {se_ratio:.2f} | {sd_ratio:.2f} | "
            f"{cover[0]:.1f} | {cover[1]:.1f} |"
        )
    return lines


def flag_line(n: int, counts: dict, replications: int) -> str:
    cells = []
    for mode in ("full", "quick"):
        flagged, right, below = counts[mode]
        precision = 100 * right / flagged if flagged else float("nan")
        cells.append(f"{flagged / replications:.1f} | {precision:.1f} | {100 * right / below:.1f}")
    return f"| {n} | {cells[0]} | {cells[1]} |"


def criterion_line(n: int, result: dict) -> str:
    """One row over the 19 criteria: worst bias, mean se ratio, coverage range per mode."""
    c = COMPONENT_OF.size
    parts = []
    for mode in ("full", "quick"):
        found = result[mode]
        bias = np.abs(np.mean(found["estimate"][:, :c], axis=0) - result["truth"][:c])
        cover = 100 * np.mean(found["covered"][:, :c], axis=0)
        parts.append((100 * bias.max(), cover.min(), cover.max()))
    ratio = np.mean(result["quick"]["se"][:, :c], axis=0) / np.mean(result["full"]["se"][:, :c], 0)
    return (
        f"| {n} | {parts[0][0]:.2f} / {parts[1][0]:.2f} | {ratio.min():.2f}-{ratio.max():.2f} | "
        f"{parts[0][1]:.1f}-{parts[0][2]:.1f} | {parts[1][1]:.1f}-{parts[1][2]:.1f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=2000)
    parser.add_argument("--flag-replications", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--within", type=float, default=0.65, help="latent r within a component")
    parser.add_argument("--between", type=float, default=0.35, help="latent r between components")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    cuts = thresholds(rng)
    print(describe(args.within, args.between, observed(rng, cuts, args.within, args.between)))
    results = {
        n: accuracy(rng, cuts, n, args.replications, args.within, args.between) for n in (200, 2000)
    }
    print(ACCURACY_HEADER)
    for n, result in results.items():
        print("\n".join(accuracy_lines(n, result)))
    print(CRITERION_HEADER)
    for n, result in results.items():
        print(criterion_line(n, result))
    print(FLAG_HEADER)
    for n in (200, 2000):
        counts = flags(rng, cuts, n, args.flag_replications, args.within, args.between)
        print(flag_line(n, counts, args.flag_replications))
    print(SENSITIVITY_HEADER)
    for within in (0.5, 0.6, 0.7):
        result = accuracy(rng, cuts, 2000, max(50, args.replications // 10), within, args.between)
        se = [
            np.mean(result[mode]["se"][:, COMPONENT_OF.size :], axis=0)
            for mode in ("full", "quick")
        ]
        low, high = observed(rng, cuts, within, args.between)["within"]
        print(
            f"| {within} ({low:.2f}-{high:.2f}) | "
            + " | ".join(f"{r:.2f}" for r in se[1] / se[0])
            + " |"
        )
    print(
        f"\nseed {args.seed}, {args.replications} replications, "
        f"{args.flag_replications} flag surveys of {UNITS} units; "
        f"{time.perf_counter() - began:.0f} s"
    )


def observed(rng, cuts, rw: float, rb: float) -> dict[str, tuple[float, float]]:
    """Ranges of the observed Pearson r of the 1-5 ratings and of the shares satisfied."""
    sample = ratings(rng, np.zeros((200_000, len(SIZES))), cuts, rw, rb).astype(float)
    r = np.corrcoef(sample, rowvar=False)
    same = COMPONENT_OF[:, None] == COMPONENT_OF[None, :]
    within = r[same & ~np.eye(r.shape[0], dtype=bool)]
    satisfied = (sample >= 4).mean(axis=0)
    return {
        "within": (within.min(), within.max()),
        "between": (r[~same].min(), r[~same].max()),
        "satisfied": (100 * satisfied.min(), 100 * satisfied.max()),
    }


def describe(rw: float, rb: float, found: dict) -> str:
    (w0, w1), (b0, b1), (s0, s1) = found.values()
    return (
        f"latent r within a component {rw}, between components {rb}; observed r of the "
        f"ratings within {w0:.2f}-{w1:.2f}, between {b0:.2f}-{b1:.2f}; "
        f"satisfied per criterion {s0:.1f}-{s1:.1f} %"
    )


def header(*columns: str) -> str:
    """A blank line and a markdown table header."""
    return "\n| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|"


ACCURACY_HEADER = header(
    "respondents", "index", "criteria", "true %", "bias full / quick (pts)", "se full (pts)",
    "se quick (pts)", "se ratio quick/full", "sd ratio quick/full", "95 % coverage full",
    "95 % coverage quick",
)  # fmt: skip
CRITERION_HEADER = header(
    "respondents", "criteria: worst bias full / quick (pts)", "se ratio quick/full",
    "Wilson 95 % coverage full", "Wilson 95 % coverage quick",
)  # fmt: skip
FLAG_HEADER = header(
    "respondents per unit", "full: flags per survey", "full: precision %", "full: power %",
    "quick: flags per survey", "quick: precision %", "quick: power %",
)  # fmt: skip
SENSITIVITY_HEADER = header(
    "latent r within (observed)", *COMPONENT_CODES, "overall",
)  # fmt: skip

if __name__ == "__main__":
    main()
