"""analysis/README.md examples run and name every formula; the benchmark's naive baseline
agrees with score() (so the benchmark compares like with like)."""

from __future__ import annotations

import doctest
import importlib.util
from pathlib import Path

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
    ],
)
def test_readme_states_the_formula(formula):
    assert formula.lower() in README.read_text(encoding="utf-8").lower()


def test_benchmark_baseline_agrees_with_score():
    spec = importlib.util.spec_from_file_location(
        "analysis_benchmark", ROOT / "benchmarks" / "analysis.py"
    )
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    survey = benchmark.make_survey(3_000, seed=7)
    table = benchmark.run_score(survey)
    assert benchmark.agreement(table, benchmark.score_by_looping_over_groups(survey)) < 1e-9
