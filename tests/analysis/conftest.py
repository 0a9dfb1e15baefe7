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
