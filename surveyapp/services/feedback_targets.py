"""What a scanned link points at: a desk, the form version to show, and maybe a dossier."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from surveyapp.instruments import Questionnaire
from surveyapp.services import desk_codes
from surveyapp.services.desk_views import DeskView
from surveyapp.services.instruments import InstrumentVersion, latest_version, version_by_id


@dataclass(frozen=True)
class FeedbackTarget:
    desk: DeskView
    instrument: InstrumentVersion
    dossier: desk_codes.Dossier | None = None

    @property
    def questionnaire(self) -> Questionnaire:
        return self.instrument.questionnaire


def _instrument_for(desk: DeskView, instrument_id: int | None) -> InstrumentVersion:
    """The version the citizen was shown (from the form) or else the latest one."""
    if instrument_id is not None:
        instrument = version_by_id(instrument_id)
        if instrument is not None and instrument.code == desk.instrument_code:
            return instrument
    instrument = latest_version(desk.instrument_code)
    if instrument is None:
        abort(503, "questionnaire not installed: run flask init-db")
    return instrument


def for_desk(desk: DeskView, instrument_id: int | None = None, dossier=None) -> FeedbackTarget:
    return FeedbackTarget(desk, _instrument_for(desk, instrument_id), dossier)


def for_token(token: str, instrument_id: int | None = None) -> FeedbackTarget:
    """The desk a scanned QR token points at, read afresh. Raises desk_codes.UnknownCode or
    desk_codes.RevokedCode."""
    return for_desk(desk_codes.resolve(token), instrument_id)


def for_receipt(desk_code: str, reference: str, instrument_id: int | None = None) -> FeedbackTarget:
    """A receipt link: the desk by code, the dossier by its signed reference."""
    desk = desk_codes.desk_by_code(desk_code)
    return for_desk(desk, instrument_id, desk_codes.verify_dossier(desk, reference))
