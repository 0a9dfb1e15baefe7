"""Administrative procedures (TTHC) of a unit: add and rename, with their audit records."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Procedure, Unit
from surveyapp.services import audit
from surveyapp.services.audit import Actor
from surveyapp.services.units import OrgError


def procedure_of(unit: Unit, code: str) -> Procedure | None:
    return db.session.scalar(
        sa.select(Procedure).where(Procedure.unit_id == unit.id, Procedure.code == code)
    )


def put_procedure(actor: Actor, unit: Unit, code: str, name: str) -> bool:
    """Add the procedure or rename it. Returns whether anything changed. Flushes; no commit."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise OrgError("a procedure needs a code and a name")
    existing = procedure_of(unit, code)
    if existing is None:
        procedure = Procedure(unit=unit, code=code, name=name)
        db.session.add(procedure)
        audit.record(
            actor,
            "procedure.create",
            procedure,
            after={"unit": unit.code, "code": code, "name": name},
        )
        return True
    if existing.name == name:
        return False
    before = {"name": existing.name}
    existing.name = name
    audit.record(actor, "procedure.rename", existing, before, {"name": name})
    return True


def save_procedure(actor: Actor, unit: Unit, code: str, name: str) -> bool:
    changed = put_procedure(actor, unit, code, name)
    db.session.commit()
    return changed
