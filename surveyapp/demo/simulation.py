"""Believable ratings for the demo: correlated within a respondent, varying by unit and month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surveyapp.instruments import Questionnaire

GOOD_RANGE = (0.82, 0.93)
NOT_APPLICABLE_SHARE = {"SVC.5": 0.30, "SVC.2.3": 0.15}
# A province-wide drift (start, end offsets) of components left at their default: the whole
# province got better at SVC.2, so a unit's own rise there is not by itself a plan's effect.
PROVINCE_TREND = {"SVC.2": (-0.10, 0.05)}
RESPONDENT_SD = 0.9
NOISE_SD = 0.5


@dataclass(frozen=True)
class SimulatedRatings:
    ratings: np.ndarray  # respondents x criteria, 1-5, 0 for "not applicable"
    overall: np.ndarray  # 1-5


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def component_profile(
    rng: np.random.Generator, profile: dict[str, tuple[float, float]], components: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Share satisfied per component at the start and at the end of the window."""
    start_end = [profile.get(code) or _default(rng, code) for code in components]
    start, end = np.array(start_end).T
    return start, end


def _default(rng: np.random.Generator, code: str) -> tuple[float, float]:
    level = rng.uniform(*GOOD_RANGE)
    start, end = PROVINCE_TREND.get(code, (0.0, 0.0))
    return level + start, level + end


def component_targets(
    start: np.ndarray, end: np.ndarray, month: np.ndarray, months: int
) -> np.ndarray:
    """Share satisfied per respondent x component, moving linearly over ``months`` months."""
    return start + np.outer(month / (months - 1), end - start)


def _to_scale(rng: np.random.Generator, satisfied: np.ndarray) -> np.ndarray:
    """Satisfied answers become 4 or 5, the others 3, 2 or 1."""
    high = np.where(rng.random(satisfied.shape) < 0.4, 5, 4)
    low = rng.choice([3, 2, 1], size=satisfied.shape, p=[0.6, 0.3, 0.1])
    return np.where(satisfied, high, low)


def simulate(
    rng: np.random.Generator, questionnaire: Questionnaire, targets_by_component: np.ndarray
) -> SimulatedRatings:
    """Ratings for ``len(targets_by_component)`` respondents of one unit."""
    components = sorted({c.component for c in questionnaire.criteria})
    column = np.array([components.index(c.component) for c in questionnaire.criteria])
    n = targets_by_component.shape[0]
    # The respondent effect is shrunk so that the marginal share stays near the target.
    spread = RESPONDENT_SD**2 + NOISE_SD**2
    base = _logit(targets_by_component[:, column]) * np.sqrt(1 + spread * np.pi / 8)
    latent = base + rng.normal(0, RESPONDENT_SD, (n, 1)) + rng.normal(0, NOISE_SD, base.shape)
    satisfied = rng.random(base.shape) < 1 / (1 + np.exp(-latent))
    ratings = _to_scale(rng, satisfied)
    for index, criterion in enumerate(questionnaire.criteria):
        default = NOT_APPLICABLE_SHARE.get(criterion.component, 0.03)
        share = NOT_APPLICABLE_SHARE.get(criterion.code, default)
        ratings[rng.random(n) < share, index] = 0
    valid = ratings > 0
    share_satisfied = (satisfied & valid).sum(1) / np.maximum(valid.sum(1), 1)
    overall_satisfied = rng.random(n) < np.clip(share_satisfied * 1.05, 0, 1)
    return SimulatedRatings(ratings, _to_scale(rng, overall_satisfied))
