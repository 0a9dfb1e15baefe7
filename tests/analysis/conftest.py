"""Fixtures for the analysis tests: simulated SIPAS desk surveys (no app, no database)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

# SVC domain of the 2022 form: 19 criteria in 5 components.
SVC_SIZES = {"SVC.1": 4, "SVC.2": 4, "SVC.3": 5, "SVC.4": 3, "SVC.5": 3}


@dataclass(frozen=True)
class Survey:
    """A simulated survey: ratings (NaN = missing / not applicable) and their codes."""

    ratings: np.ndarray
    components: list[str]
    criteria: list[str]
    groups: np.ndarray
    weights: np.ndarray


def simulate_ratings(rng, n_respondents, n_criteria, missing=0.1, satisfaction=0.75):
    """Ratings with respondent-level correlation, so composites are not binomial."""
    mood = rng.normal(0.0, 1.0, size=(n_respondents, 1))
    latent = mood + rng.normal(0.0, 1.0, size=(n_respondents, n_criteria))
    cut = np.quantile(latent, 1 - satisfaction)
    ratings = np.where(
        latent > cut, rng.integers(4, 6, latent.shape), rng.integers(1, 4, latent.shape)
    ).astype(float)
    ratings[rng.random(ratings.shape) < missing] = np.nan
    return ratings


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


@pytest.fixture
def survey(rng):
    components = [code for code, size in SVC_SIZES.items() for _ in range(size)]
    criteria = [f"{code}.{i + 1}" for code, size in SVC_SIZES.items() for i in range(size)]
    n_respondents = 600
    return Survey(
        ratings=simulate_ratings(rng, n_respondents, len(components)),
        components=components,
        criteria=criteria,
        groups=rng.choice(np.array(["desk-a", "desk-b", "desk-c"]), n_respondents),
        weights=rng.uniform(0.5, 2.0, n_respondents),
    )


def _criterion_indices(ratings, answered, w, satisfied_min):
    """I_c and W_c per column, by plain loops."""
    n_rows, n_columns = ratings.shape
    index, totals = {}, {}
    for c in range(n_columns):
        total = sum(w[r] for r in range(n_rows) if answered[r][c])
        hits = sum(w[r] for r in range(n_rows) if answered[r][c] and ratings[r, c] >= satisfied_min)
        totals[c] = total
        index[c] = hits / total if total > 0 else np.nan
    return index, totals


def _blocks(components, domains, overall):
    """Each composite's parts: {("component", k): [("criterion", c), ...], ...}."""
    members = {}
    for c, code in enumerate(components):
        members.setdefault(code, []).append(c)
    domain_of = {code: (domains or {}).get(code, "all") for code in members}
    blocks = {("component", k): [("criterion", c) for c in cs] for k, cs in members.items()}
    for d in dict.fromkeys(domain_of.values()):
        blocks[("domain", d)] = [("component", k) for k in members if domain_of[k] == d]
    top = "domain" if overall == "domains" else "component"
    blocks[("overall", "overall")] = [key for key in blocks if key[0] == top]
    return blocks


def _loop_reference(
    ratings, components, domains=None, weights=None, satisfied_min=4, overall="domains"
):
    """SIPAS arithmetic and linearized SE for one group, written as plain loops.

    Returns {(level, code): (estimate, n, se)}; independent of the vectorised package code.
    """
    n_rows, n_columns = ratings.shape
    w = np.ones(n_rows) if weights is None else np.asarray(weights, dtype=float)
    answered = [
        [not np.isnan(ratings[r, c]) and w[r] > 0 for c in range(n_columns)] for r in range(n_rows)
    ]
    index, totals = _criterion_indices(ratings, answered, w, satisfied_min)
    blocks = _blocks(components, domains, overall)
    estimate = {("criterion", c): index[c] for c in range(n_columns)}
    for key, parts in blocks.items():
        present = [estimate[p] for p in parts if not np.isnan(estimate[p])]
        estimate[key] = float(np.mean(present)) if present else np.nan

    def influence(key, r):
        if key[0] == "criterion":
            c = key[1]
            if not answered[r][c]:
                return 0.0
            satisfied = float(ratings[r, c] >= satisfied_min)
            return w[r] * (satisfied - index[c]) / totals[c]
        present = [p for p in blocks[key] if not np.isnan(estimate[p])]
        return sum(influence(p, r) for p in present) / len(present) if present else 0.0

    def criteria_of(key):
        return (
            [key[1]] if key[0] == "criterion" else [c for p in blocks[key] for c in criteria_of(p)]
        )

    result = {
        ("criterion", c): (index[c], sum(a[c] for a in answered), np.nan) for c in range(n_columns)
    }
    for key in blocks:
        respondents = [r for r in range(n_rows) if any(answered[r][c] for c in criteria_of(key))]
        z = np.array([influence(key, r) for r in respondents])
        n = len(respondents)
        se = np.sqrt(n / (n - 1) * np.sum((z - z.mean()) ** 2)) if n >= 2 else np.nan
        result[key] = (estimate[key], n, se if not np.isnan(estimate[key]) else np.nan)
    return result


@pytest.fixture
def loop_reference():
    """The plain-loop SIPAS reference implementation (a callable)."""
    return _loop_reference


@pytest.fixture
def simulate():
    """The ratings simulator (a callable: rng, n_respondents, n_criteria, missing=...)."""
    return simulate_ratings
