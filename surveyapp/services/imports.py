"""Import the unit and procedure lists a province publishes (CSV, UTF-8 with or without BOM).

All or nothing: every line is checked, every problem is reported with its line number, and
nothing is stored unless every line is right. Running the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date

from surveyapp.extensions import db
from surveyapp.models import Unit
from surveyapp.services import audit, units
from surveyapp.services.audit import Actor
from surveyapp.services.procedures import put_procedure
from surveyapp.services.units import OrgError, check_placement

UNIT_COLUMNS = (
    "code",
    "official_code",
    "name",
    "name_en",
    "type",
    "parent_code",
    "valid_from",
    "closed_on",
)
PROCEDURE_COLUMNS = ("unit_code", "code", "name")


class ImportProblems(ValueError):
    """The file has problems; nothing was imported."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    rows: int
    changed: int


def _rows(data: bytes, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ImportProblems([f"the file is not UTF-8 (byte {error.start})"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportProblems([f"line 1: missing column(s): {', '.join(missing)}"])
    return [
        (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k in columns})
        for row in reader
    ]


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _unit_fields(row: dict[str, str], parent: Unit | None) -> dict:
    return {
        "official_code": row["official_code"] or None,
        "name": row["name"],
        "name_en": row["name_en"] or None,
        "type_code": row["type"],
        "parent": parent,
        "valid_from": _date(row["valid_from"]),
        "closed_on": _date(row["closed_on"]),
    }


def _put_unit(actor: Actor, row: dict[str, str], by_code: dict[str, Unit]) -> bool:
    if not row["code"] or not row["name"]:
        raise OrgError("code and name are required")
    parent = None
    if row["parent_code"]:
        parent = by_code.get(row["parent_code"]) or units.unit_by_code(row["parent_code"])
    fields = _unit_fields(row, parent)
    check_placement(fields["type_code"], parent)
    unit = by_code.get(row["code"]) or db.session.scalar(
        db.select(Unit).where(Unit.code == row["code"])
    )
    if unit is None:
        unit = Unit(code=row["code"], **fields)
        db.session.add(unit)
        by_code[unit.code] = unit
        audit.record(actor, "unit.import", unit, after=audit.snapshot(unit, *units.UNIT_FIELDS))
        return True
    by_code[unit.code] = unit
    before = audit.snapshot(unit, *units.UNIT_FIELDS)
    for field, value in fields.items():
        setattr(unit, field, value)
    db.session.flush()
    after = audit.snapshot(unit, *units.UNIT_FIELDS)
    if after == before:
        return False
    audit.record(actor, "unit.import", unit, before, after)
    return True


def _apply(rows, put) -> ImportResult:
    problems, changed = [], 0
    for line, row in rows:
        try:
            with db.session.no_autoflush:
                changed += put(row)
        except (OrgError, ValueError) as error:
            problems.append(f"line {line}: {error}")
    if problems:
        db.session.rollback()
        raise ImportProblems(problems)
    db.session.commit()
    return ImportResult(len(rows), changed)


def import_units(actor: Actor, data: bytes) -> ImportResult:
    """Create or update units by ``code``; a parent must exist or come earlier in the file."""
    by_code: dict[str, Unit] = {}
    rows = _rows(data, UNIT_COLUMNS)
    return _apply(rows, lambda row: _put_unit(actor, row, by_code))


def import_procedures(actor: Actor, data: bytes, only_unit: Unit | None = None) -> ImportResult:
    """Create procedures, or rename them, by unit code and procedure code.

    With ``only_unit`` (an upload on that unit's page) every line must be for that unit.
    """

    def put(row: dict[str, str]) -> bool:
        if only_unit is not None and row["unit_code"] != only_unit.code:
            raise OrgError(f"this file may only list unit {only_unit.code}")
        return put_procedure(actor, units.unit_by_code(row["unit_code"]), row["code"], row["name"])

    return _apply(_rows(data, PROCEDURE_COLUMNS), put)
