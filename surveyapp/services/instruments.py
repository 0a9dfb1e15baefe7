"""Instrument versions: sync the built-ins, find the version a desk's form uses."""

from __future__ import annotations

from typing import Any

from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire, checksum, load_builtin_definitions
from surveyapp.models import Instrument


def latest_instrument(code: str) -> Instrument | None:
    return db.session.scalar(
        db.select(Instrument).where(Instrument.code == code).order_by(Instrument.version.desc())
    )


def save_version(definition: dict[str, Any]) -> tuple[Instrument, bool]:
    """Store ``definition`` as a new version unless the latest one is identical. No commit."""
    Questionnaire(definition)
    latest = latest_instrument(definition["code"])
    digest = checksum(definition)
    if latest is not None and latest.checksum == digest:
        return latest, False
    instrument = Instrument(
        code=definition["code"],
        version=(latest.version + 1) if latest else 1,
        checksum=digest,
        definition=definition,
    )
    db.session.add(instrument)
    db.session.flush()
    return instrument, True


def sync_builtin_instruments() -> list[Instrument]:
    """Make the latest version of each built-in match its file. Returns the new versions."""
    created = [
        instrument
        for instrument, is_new in map(save_version, load_builtin_definitions().values())
        if is_new
    ]
    db.session.commit()
    return created


_questionnaires: dict[str, Questionnaire] = {}


def questionnaire_for(instrument: Instrument) -> Questionnaire:
    """The validated view of a stored version, cached by checksum (versions never change)."""
    if instrument.checksum not in _questionnaires:
        _questionnaires[instrument.checksum] = Questionnaire(instrument.definition)
    return _questionnaires[instrument.checksum]
