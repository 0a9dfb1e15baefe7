"""What a scanned link points at: a desk, the form version to show, and maybe a dossier."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Desk, Instrument
from surveyapp.services import desk_codes
from surveyapp.services.instruments import latest_instrument, questionnaire_for


@dataclass(frozen=True)
class FeedbackTarget:
    desk: Desk
    instrument: Instrument
    questionnaire: Questionnaire
    dossier: desk_codes.Dossier | None = None


def _instrument_for(desk: Desk, instrument_id: int | None) -> Instrument:
    """The version the citizen was shown (from the form) or else the latest one."""
    if instrument_id is not None:
        instrument = db.session.get(Instrument, instrument_id)
        if instrument is not None and instrument.code == desk.instrument_code:
            return instrument
    instrument = latest_instrument(desk.instrument_code)
    if instrument is None:
        abort(503, "questionnaire not installed: run flask init-db")
    return instrument


def for_desk(desk: Desk, instrument_id: int | None = None, dossier=None) -> FeedbackTarget:
    instrument = _instrument_for(desk, instrument_id)
    return FeedbackTarget(desk, instrument, questionnaire_for(instrument), dossier)


def for_token(token: str, instrument_id: int | None = None) -> FeedbackTarget:
    """Raises desk_codes.UnknownCode or desk_codes.RevokedCode."""
    return for_desk(desk_codes.resolve(token), instrument_id)


def for_receipt(desk_code: str, reference: str, instrument_id: int | None = None) -> FeedbackTarget:
    """A receipt link: the desk by code, the dossier by its signed reference."""
    desk = desk_codes.desk_by_code(desk_code)
    return for_desk(desk, instrument_id, desk_codes.verify_dossier(desk, reference))
