"""Quick-form desks in the demo: two commune centres switched to the one-minute form in
October 2026, so their last two months hold quick responses with their shown sets.

Phường Sông Công and Phường Phổ Yên have no improvement plan and no special profile, so the
rest of the demo's story (plans, flags, the reform) reads as before. The draws come from a
generator of their own, so the other units' simulated answers do not change either.
"""

from __future__ import annotations

import numpy as np

from surveyapp.instruments import Questionnaire
from surveyapp.models import Unit
from surveyapp.services import desks, draws
from surveyapp.services.audit import Actor

QUICK_UNITS = ("TN.SC.TT", "TN.PY.TT")
QUICK_FROM_MONTH = 16  # October 2026 (month 0 is June 2025)
NOT_SHOWN = -1  # in a ratings matrix: no answer row, the criterion was not on the form
_SEED = 20261002


def quick_from(unit: Unit) -> int | None:
    """The first month whose responses at ``unit`` came from the quick form, if any."""
    return QUICK_FROM_MONTH if unit.code in QUICK_UNITS else None


def use_quick_form(actor: Actor, created: dict[str, Unit]) -> None:
    """Switch the desks of :data:`QUICK_UNITS` to the quick form (audited, like an admin)."""
    for code in QUICK_UNITS:
        for desk in created[code].desks:
            desks.set_form_mode(actor, desk, "quick")


def mask_to_draws(
    unit: Unit, questionnaire: Questionnaire, ratings: np.ndarray, quick: np.ndarray
) -> tuple[np.ndarray, list[str | None]]:
    """The ``ratings`` (respondents × criteria) of the ``quick`` rows cut to one criterion per
    component drawn uniformly, as the form draws; the others :data:`NOT_SHOWN`. Returns the
    masked ratings and each row's stored shown set (None: full form)."""
    rng = np.random.default_rng((_SEED, unit.id))
    codes = np.array([criterion.code for criterion in questionnaire.criteria])
    masked, shown = ratings.copy(), [None] * len(ratings)
    for row in np.flatnonzero(quick):
        picked = [group[rng.integers(len(group))] for group in questionnaire.components]
        masked[row, ~np.isin(codes, picked)] = NOT_SHOWN
        shown[row] = draws.SEPARATOR.join(picked)
    return masked, shown
