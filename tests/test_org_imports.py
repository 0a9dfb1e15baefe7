"""Importing unit and procedure lists: all or nothing, line-numbered errors, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import AuditRecord, Procedure, Unit
from surveyapp.services import imports
from surveyapp.services.audit import Actor

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"
ACTOR = Actor.command("test")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _state() -> list[tuple]:
    units = db.session.execute(sa.select(Unit.code, Unit.name, Unit.parent_id, Unit.type_code))
    procedures = db.session.execute(sa.select(Procedure.unit_id, Procedure.code, Procedure.name))
    return sorted(units.all()) + sorted(procedures.all()) + [(_count(AuditRecord),)]


def test_example_files_import_and_a_second_run_changes_nothing(app):
    units_csv = (EXAMPLES / "units.csv").read_bytes()
    result = imports.import_units(ACTOR, units_csv)
    assert (result.rows, result.changed) == (5, 5)
    centre = db.session.scalar(sa.select(Unit).where(Unit.code == "TN.PDX.TT"))
    assert centre.parent.code == "TN.PDX" and centre.parent.parent.official_code == "19"
    procedures = imports.import_procedures(ACTOR, (EXAMPLES / "procedures.csv").read_bytes())
    assert procedures.changed == 3
    before = _state()
    assert imports.import_units(ACTOR, units_csv).changed == 0
    assert imports.import_procedures(ACTOR, (EXAMPLES / "procedures.csv").read_bytes()).changed == 0
    assert _state() == before


def test_bom_and_decomposed_text_are_accepted_as_nfc(app):
    data = (EXAMPLES / "units.csv").read_text(encoding="utf-8")
    import unicodedata

    decomposed = "\ufeff" + unicodedata.normalize("NFD", data)
    imports.import_units(ACTOR, decomposed.encode("utf-8"))
    names = db.session.scalars(sa.select(Unit.name)).all()
    assert "Phường Đức Xuân" in names


def test_a_changed_name_is_updated_with_its_audit_record(app):
    imports.import_units(ACTOR, (EXAMPLES / "units.csv").read_bytes())
    changed = "code,official_code,name,name_en,type,parent_code,valid_from,closed_on\n" + (
        "TN.SNV,,Sở Nội vụ tỉnh Thái Nguyên,,agency,TN,2025-07-01,\n"
    )
    assert imports.import_units(ACTOR, changed.encode()).changed == 1
    record = db.session.scalars(
        sa.select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)
    ).one()
    assert record.before["name"] == "Sở Nội vụ" and record.after["name"].endswith("Thái Nguyên")


BAD_UNITS = (
    "code,official_code,name,name_en,type,parent_code,valid_from,closed_on\n"
    "TN,19,Tỉnh Thái Nguyên,,province,,2025-07-01,\n"
    "TN.X,,Xã Một,,commune,TN,2025-07-01,\n"
    "TN.Y,,Xã Hai,,district,TN,,\n"
    "TN.Z,,Xã Ba,,commune,NOPE,,\n"
    "TN.W,,,,commune,TN,,\n"
    "TN.V,,Xã Năm,,commune,TN,01/07/2025,\n"
)


def test_a_bad_file_imports_nothing_and_names_every_bad_line(app):
    with pytest.raises(imports.ImportProblems) as raised:
        imports.import_units(ACTOR, BAD_UNITS.encode())
    problems = raised.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 4", "line 5", "line 6", "line 7"]
    assert "unknown unit type 'district'" in problems[0] and "NOPE" in problems[1]
    assert _count(Unit) == 0 and _count(AuditRecord) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        (b"code,name\nX,Y\n", r"line 1: missing column\(s\): official_code, name_en"),
        ("code;name\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(app, data, message):
    with pytest.raises(imports.ImportProblems, match=message):
        imports.import_units(ACTOR, data)


def test_procedures_of_an_unknown_unit_import_nothing(app):
    imports.import_units(ACTOR, (EXAMPLES / "units.csv").read_bytes())
    data = "unit_code,code,name\nTN.PDX.TT,1.001193,Đăng ký khai sinh\nNOPE,1,X\n"
    with pytest.raises(imports.ImportProblems, match="line 3: no unit with code 'NOPE'"):
        imports.import_procedures(ACTOR, data.encode())
    assert _count(Procedure) == 0


def test_import_commands(runner, tmp_path):
    result = runner.invoke(args=["import-units", str(EXAMPLES / "units.csv")])
    assert result.exit_code == 0 and "5 units read, 5 added or changed" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_UNITS, encoding="utf-8")
    result = runner.invoke(args=["import-units", str(bad)])
    assert result.exit_code == 1 and "line 4:" in result.output
    assert "nothing imported: 4 problem(s)" in result.output
    result = runner.invoke(args=["import-procedures", str(EXAMPLES / "procedures.csv")])
    assert result.exit_code == 0 and "3 added or changed" in result.output


def test_merge_units_command(runner):
    runner.invoke(args=["import-units", str(EXAMPLES / "units.csv")])
    args = ["merge-units", "TN.PDX", "--from", "TN.SNV", "--on", "2025-08-01"]
    result = runner.invoke(args=[*args, "--basis", "Nghị quyết demo"])
    assert result.exit_code == 0, result.output
    record = db.session.scalars(sa.select(AuditRecord).where(AuditRecord.action == "unit.merge"))
    assert record.one().actor == "command:merge-units"
    result = runner.invoke(args=[*args, "--basis", "again"])
    assert result.exit_code == 1 and "was closed on 2025-08-01" in result.output
