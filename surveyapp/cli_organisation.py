"""Commands that reorganise units and import the lists a province publishes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from surveyapp.extensions import db
from surveyapp.services import imports, units
from surveyapp.services.audit import Actor
from surveyapp.services.units import OrgError


def _unit(code: str):
    try:
        return units.unit_by_code(code)
    except OrgError as error:
        raise click.BadParameter(str(error)) from error


def _run(change, *args):
    """Run one reorganisation; a refused change is reported and nothing is stored."""
    try:
        return change(*args)
    except OrgError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error


_ON = click.option(
    "--on",
    "effective_on",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="Effective date, e.g. 2025-07-01",
)
_BASIS = click.option(
    "--basis", required=True, help='Legal basis, e.g. "Nghị quyết 1683/NQ-UBTVQH15"'
)


@click.command("merge-units")
@click.argument("successor_code")
@click.option(
    "--from",
    "predecessor_codes",
    required=True,
    multiple=True,
    help="Code of a unit merged in (repeat, or give several after one --from)",
)
@_ON
@_BASIS
@with_appcontext
def merge_units_command(successor_code, predecessor_codes, effective_on, basis) -> None:
    """Merge units into SUCCESSOR_CODE from a date; their history stays, marked "(cũ)"."""
    successor = _unit(successor_code)
    predecessors = [_unit(code) for code in predecessor_codes]
    on: date = effective_on.date()
    _run(units.merge_units, Actor.command("merge-units"), successor, predecessors, on, basis)
    click.echo(f"Merged {', '.join(predecessor_codes)} into {successor_code} from {on:%d/%m/%Y}")


@click.command("split-unit")
@click.argument("predecessor_code")
@click.option("--into", "successor_codes", required=True, multiple=True)
@_ON
@_BASIS
@with_appcontext
def split_unit_command(predecessor_code, successor_codes, effective_on, basis) -> None:
    """Divide a unit among several successors; its responses stay with it (closed series)."""
    predecessor = _unit(predecessor_code)
    successors = [_unit(code) for code in successor_codes]
    on: date = effective_on.date()
    _run(units.split_unit, Actor.command("split-unit"), predecessor, successors, on, basis)
    click.echo(f"Split {predecessor_code} into {', '.join(successor_codes)} from {on:%d/%m/%Y}")


def _import(kind: str, function, path: Path) -> None:
    try:
        result = function(Actor.command(f"import-{kind}"), path.read_bytes())
    except imports.ImportProblems as problems:
        for line in problems.problems:
            click.echo(line, err=True)
        raise click.ClickException(
            f"nothing imported: {len(problems.problems)} problem(s)"
        ) from None
    click.echo(f"{result.rows} {kind} read, {result.changed} added or changed")


@click.command("import-units")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_units_command(path: Path) -> None:
    """Create or update units from a CSV file (columns in the README)."""
    _import("units", imports.import_units, path)


@click.command("import-procedures")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_procedures_command(path: Path) -> None:
    """Create or rename procedures from a CSV file (columns in the README)."""
    _import("procedures", imports.import_procedures, path)


ORGANISATION_COMMANDS = (
    merge_units_command,
    split_unit_command,
    import_units_command,
    import_procedures_command,
)
