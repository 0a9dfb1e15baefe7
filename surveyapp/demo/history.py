"""Eighteen months of demo responses around the reform.

Before 1 July 2025 (June 2025, month 0) citizens rated the desks of the former units; from July
they rate the desks of the new ones. A new unit's ratings continue the trend of the former units
merged into it, so a report that includes its predecessors shows one story across the break.
"""

from __future__ import annotations

import numpy as np

from surveyapp.demo.dates import MONTHS
from surveyapp.demo.province import FORMER_UNITS, NEW_UNITS, UnitSpec, continued_by
from surveyapp.demo.responses import insert_unit_responses
from surveyapp.demo.simulation import component_profile, component_targets
from surveyapp.models import Instrument, Unit
from surveyapp.services.instruments import questionnaire_for

RESPONSES_PER_DESK_MONTH = 48


def _count(spec: UnitSpec, months: int) -> int:
    return int(RESPONSES_PER_DESK_MONTH * spec.desks * spec.volume * months)


def _insert(
    rng: np.random.Generator,
    unit: Unit,
    instrument: Instrument,
    month_index: np.ndarray,
    profile: tuple[np.ndarray, np.ndarray],
) -> int:
    targets = component_targets(*profile, month_index, MONTHS)
    return insert_unit_responses(rng, unit, instrument, month_index, targets)


def insert_history(
    rng: np.random.Generator, created: dict[str, Unit], instrument: Instrument
) -> int:
    """Insert every demo response; returns how many. No commit."""
    components = sorted({c.component for c in questionnaire_for(instrument).criteria})
    former = {spec.code: spec for spec in FORMER_UNITS}
    total, continued = 0, set()
    for spec in (s for s in NEW_UNITS if s.desks):
        profile = component_profile(rng, spec.profile, components)
        after = np.sort(rng.integers(1, MONTHS, _count(spec, MONTHS - 1)))
        total += _insert(rng, created[spec.code], instrument, after, profile)
        for code in continued_by(spec.code):
            before = np.zeros(_count(former[code], 1), dtype=int)
            total += _insert(rng, created[code], instrument, before, profile)
            continued.add(code)
    for spec in FORMER_UNITS:
        if spec.desks and spec.code not in continued:  # closed districts, the split commune
            profile = component_profile(rng, spec.profile, components)
            before = np.zeros(_count(spec, 1), dtype=int)
            total += _insert(rng, created[spec.code], instrument, before, profile)
    return total
