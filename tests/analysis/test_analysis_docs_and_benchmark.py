"""analysis/README.md examples run and name every formula; the benchmark's naive baseline
agrees with score() (so the benchmark compares like with like); the quick-form simulation's
truth and draw are right."""

from __future__ import annotations

import doctest
import importlib.util
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "analysis" / "README.md"


def test_readme_examples_run():
    text = README.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "analysis/README.md", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.tries > 0 and runner.failures == 0


@pytest.mark.parametrize(
    "formula",
    [
        "Criterion",
        "Component",
        "Domain",
        "Overall",
        "Wilson",
        "Clopper–Pearson",
        "Exact binomial test",
        "linearization",
        "z-test",
        "Benjamini–Hochberg",
        "Status",
        "Newcombe",
        "Pooled z",
        "Feldt",
        "Krejcie",
        "Spearman",
        "relative weights",
        "Mann–Kendall",
        "Mann–Whitney",
        "Cochran–Armitage",
        "Kish",
        "Sen's slope",
        "Additive summaries",
        "One family per report",
        "Exact binomial with interpolation",
        "Overdispersion",
        "Friends and Family Test",
        "Difference in differences",
        "Bernoulli CUSUM",
        "Markov chain",
        "The quick form",
        "What the quick mode means for each figure",
        "pairwise-complete",
    ],
)
def test_readme_states_the_formula(formula):
    assert formula.lower() in README.read_text(encoding="utf-8").lower()


def test_benchmark_baseline_agrees_with_score():
    benchmark = _load_benchmark("analysis")
    survey = benchmark.make_survey(3_000, seed=7)
    table = benchmark.run_score(survey)
    assert benchmark.agreement(table, benchmark.score_by_looping_over_groups(survey)) < 1e-9


def _load_benchmark(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_form_simulation_truth_and_draw_are_what_it_claims():
    """The simulation's exact true indices match a large sample of its ratings, and its quick
    form shows one criterion per component, each equally often."""
    simulation = _load_benchmark("quick_form_simulation")
    rng = np.random.default_rng(5)
    cuts = simulation.thresholds(rng)
    shift = np.linspace(-0.3, 0.3, len(simulation.SIZES))
    full = simulation.ratings(rng, np.tile(shift, (200_000, 1)), cuts, 0.65, 0.35)
    share = (full >= 4).mean(axis=0)
    truth = simulation.true_criterion(cuts, shift)
    assert np.all(np.abs(share - truth) < 4 * np.sqrt(truth * (1 - truth) / 200_000))
    shown = ~np.isnan(simulation.quick(rng, full))
    per_component = np.add.reduceat(shown, np.r_[0, np.cumsum(simulation.SIZES)[:-1]], axis=1)
    assert np.all(per_component == 1)
    expected = 1 / np.repeat(simulation.SIZES, simulation.SIZES)
    frequency = shown.mean(axis=0)
    assert np.all(np.abs(frequency - expected) < 4 * np.sqrt(expected * (1 - expected) / 200_000))
