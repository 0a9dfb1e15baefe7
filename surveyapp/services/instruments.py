"""Instrument versions: sync the built-ins, find the version a desk's form uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveyapp.caching import AppCache, app_cache
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
    _latest_versions().clear()
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


@dataclass(frozen=True)
class InstrumentVersion:
    """A stored version as the citizen pages use it. A version never changes once stored."""

    id: int
    code: str
    version: int
    questionnaire: Questionnaire


# Which version is the latest is kept for FORM_CACHE_SECONDS per process: a new version reaches
# every worker within that time (the process that stores it sees it at once). Versions by id
# never change and are kept until evicted.


def _latest_versions() -> AppCache:
    return app_cache("latest instrument versions", maxsize=64)


def _load_version(instrument_id: int) -> InstrumentVersion | None:
    instrument = db.session.get(Instrument, instrument_id)
    if instrument is None:
        return None
    return InstrumentVersion(
        instrument.id, instrument.code, instrument.version, questionnaire_for(instrument)
    )


# Ids are INTEGER keys (32 bits on PostgreSQL, which refuses a larger number in the query).
LARGEST_ID = 2**31 - 1


def version_by_id(instrument_id: int) -> InstrumentVersion | None:
    """The version with this id, or None (also for a number no id can be)."""
    if not 1 <= instrument_id <= LARGEST_ID:
        return None
    cache = app_cache("instrument versions", maxsize=256, expires=False)
    return cache.get_or_load(instrument_id, lambda: _load_version(instrument_id))


def latest_version(code: str) -> InstrumentVersion | None:
    """The newest version of questionnaire ``code``, or None if it is not installed."""

    def load() -> InstrumentVersion | None:
        instrument = latest_instrument(code)
        return None if instrument is None else version_by_id(instrument.id)

    return _latest_versions().get_or_load(code, load)
