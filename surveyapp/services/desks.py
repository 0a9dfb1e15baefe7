"""Desks: create, move to another unit, deactivate, re-issue the QR code, choose the
questionnaire. One transaction each, with its audit record."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Desk, Instrument, Unit
from surveyapp.models.org import FORM_MODES
from surveyapp.services import audit, desk_codes
from surveyapp.services.audit import Actor
from surveyapp.services.units import OrgError

DESK_FIELDS = ("code", "name", "unit_id", "instrument_code", "active", "form_mode")


def _check_host(unit: Unit, today: date) -> None:
    if not unit.type.hosts_desks:
        raise OrgError(f"a {unit.type.name_en.lower()} has no desks of its own")
    if not unit.is_open(today):
        raise OrgError(f"unit {unit.code} is closed")


def _check_instrument(instrument_code: str) -> None:
    if (
        db.session.scalar(sa.select(Instrument.id).where(Instrument.code == instrument_code))
        is None
    ):
        raise OrgError(f"no questionnaire {instrument_code!r} is installed")


def create_desk(
    actor: Actor,
    unit: Unit,
    code: str,
    name: str,
    today: date,
    instrument_code: str = "sipas-desk",
    form_mode: str = "quick",
) -> Desk:
    """A new desk with its first QR code; quick form unless ``form_mode`` says otherwise."""
    _check_form_mode(form_mode)
    _check_host(unit, today)
    _check_instrument(instrument_code)
    if db.session.scalar(sa.select(Desk.id).where(Desk.code == code)) is not None:
        raise OrgError(f"desk code {code!r} is taken")
    desk = Desk(
        unit=unit, code=code, name=name, instrument_code=instrument_code, form_mode=form_mode
    )
    db.session.add(desk)
    desk_codes.issue(desk)
    audit.record(actor, "desk.create", desk, after=audit.snapshot(desk, *DESK_FIELDS))
    db.session.commit()
    return desk


def _change(actor: Actor, desk: Desk, action: str, **changes) -> Desk:
    before = audit.snapshot(desk, *DESK_FIELDS)
    for field, value in changes.items():
        setattr(desk, field, value)
    audit.record(actor, action, desk, before, audit.snapshot(desk, *DESK_FIELDS))
    db.session.commit()
    return desk


def rename_desk(actor: Actor, desk: Desk, name: str) -> Desk:
    return _change(actor, desk, "desk.rename", name=name)


def _check_form_mode(form_mode: str) -> None:
    if form_mode not in FORM_MODES:
        raise OrgError(f"form mode must be one of {', '.join(FORM_MODES)}")


def set_form_mode(actor: Actor, desk: Desk, form_mode: str) -> Desk:
    """From the next page load, citizens at ``desk`` see the quick or the full form; forms
    already open can still be sent."""
    _check_form_mode(form_mode)
    return _change(actor, desk, "desk.set_form_mode", form_mode=form_mode)


def move_desk(actor: Actor, desk: Desk, unit: Unit, today: date) -> Desk:
    """From now on the desk's responses belong to ``unit``; earlier ones keep their unit."""
    _check_host(unit, today)
    if unit.id == desk.unit_id:
        raise OrgError(f"desk {desk.code} is already at {unit.code}")
    return _change(actor, desk, "desk.move", unit_id=unit.id)


def deactivate_desk(actor: Actor, desk: Desk) -> Desk:
    """The desk's links stop working at once; its responses stay."""
    return _change(actor, desk, "desk.deactivate", active=False)


def reactivate_desk(actor: Actor, desk: Desk, today: date) -> Desk:
    _check_host(desk.unit, today)
    return _change(actor, desk, "desk.reactivate", active=True)


def reissue_code(actor: Actor, desk: Desk) -> Desk:
    """Revoke the desk's QR code and issue a new one: printed posters stop working."""
    desk_codes.reissue(desk)
    audit.record(actor, "desk.reissue_code", desk)
    db.session.commit()
    return desk


def set_unit_instrument(actor: Actor, unit: Unit, instrument_code: str) -> int:
    """Every active desk of ``unit`` uses questionnaire ``instrument_code`` from now on."""
    _check_instrument(instrument_code)
    changed = [d for d in unit.desks if d.active and d.instrument_code != instrument_code]
    for desk in changed:
        before = audit.snapshot(desk, "instrument_code")
        desk.instrument_code = instrument_code
        audit.record(
            actor, "desk.set_instrument", desk, before, audit.snapshot(desk, "instrument_code")
        )
    db.session.commit()
    return len(changed)
