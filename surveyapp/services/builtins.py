"""The reference data every database needs: unit types and the built-in questionnaires."""

from __future__ import annotations

from surveyapp.models import Instrument
from surveyapp.services.instruments import sync_builtin_instruments
from surveyapp.services.unit_types import sync_unit_types


def install_builtins() -> list[Instrument]:
    """Add what is missing, in one transaction. Returns the new questionnaire versions."""
    sync_unit_types()
    return sync_builtin_instruments()
