"""Command-line tasks: ``flask --app wsgi <command>``."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from surveyapp.extensions import db
from surveyapp.services.audit import Actor


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Bring the schema to the latest migration and install the built-in questionnaires."""
    from flask_migrate import upgrade

    from surveyapp.services.builtins import install_builtins

    upgrade()
    created = install_builtins()
    click.echo(f"Database ready: {_safe_url()}")
    for instrument in created:
        click.echo(f"Installed questionnaire {instrument.code} version {instrument.version}")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty database with the demo province; print demo logins and a form link."""
    from surveyapp.admin.flow import today
    from surveyapp.demo import is_seeded, seed_demo
    from surveyapp.demo.follow_ups import seed_follow_ups
    from surveyapp.demo.organisation import DEMO_PASSWORD
    from surveyapp.demo.plans import seed_plans
    from surveyapp.demo.public_pages import open_public_pages
    from surveyapp.demo.warnings import seed_warnings
    from surveyapp.services.rating_cells import rebuild

    if is_seeded():
        click.echo("The database already has units; demo data not added.")
    else:
        summary = seed_demo()
        rebuild()
        seed_plans(today())
        seed_follow_ups()
        published = open_public_pages(Actor.command("seed-demo"))
        flagged = seed_warnings().raised
        click.echo(
            f"Demo: {summary.units} units, {summary.desks} desks, {summary.responses:,} responses."
        )
        click.echo(
            f"Staff sign-in: {_public_url('/auth/login')}  (password for all: {DEMO_PASSWORD})"
        )
        for username, role, full_name in summary.accounts:
            click.echo(f"  {username:<16} {role:<11} {full_name}")
        for unit in published:
            click.echo(f"Public page of {unit.name}: {_public_url(f'/cong-khai/{unit.code}')}")
        desks = ", ".join(warning.desk.code for warning in flagged)
        click.echo(f"Early warnings as at 1 December 2026: {len(flagged)} desks ({desks})")
    _echo_sample_form()


def _echo_sample_form() -> None:
    from surveyapp.models import Desk
    from surveyapp.services.desk_codes import current_code, desk_url

    desks = db.session.scalars(sa.select(Desk).order_by(Desk.id)).all()
    desk = next((d for d in desks if current_code(d) is not None), None)
    if desk is not None:
        click.echo(f"Citizen form of {desk.unit.name} / {desk.name}: {desk_url(desk)}")


@click.command("fold-summaries")
@with_appcontext
def fold_summaries_command() -> None:
    """Fold newly stored responses into the dashboards' rating cells (safe from cron)."""
    from surveyapp.services.rating_cells import fold_pending

    click.echo(f"Folded {fold_pending():,} responses")


@click.command("rebuild-summaries")
@with_appcontext
def rebuild_summaries_command() -> None:
    """Recompute every rating cell from the stored responses."""
    from surveyapp.services.rating_cells import rebuild

    click.echo(f"Rebuilt the rating cells from {rebuild():,} responses")


@click.command("qr-export")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def qr_export_command(out_dir: Path) -> None:
    """Write every active desk's QR code as <desk code>.png and <desk code>.svg."""
    from surveyapp.models import Desk
    from surveyapp.services import desk_codes, qr_images

    out_dir.mkdir(parents=True, exist_ok=True)
    desks = list(db.session.scalars(sa.select(Desk).where(Desk.active.is_(True))))
    desk_codes.ensure_codes(desks)
    for desk in desks:
        url = desk_codes.desk_url(desk)
        (out_dir / f"{desk.code}.png").write_bytes(qr_images.png_bytes(url))
        (out_dir / f"{desk.code}.svg").write_bytes(qr_images.svg_bytes(url))
    click.echo(f"Wrote {len(desks)} desks' QR codes (PNG and SVG) to {out_dir}")


@click.command("receipt-qr")
@click.option("--desk", "desk_code", required=True, help="Desk code, e.g. BA.DS.Q1")
@click.option("--dossier", required=True, help="Dossier code printed on the receipt")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="PNG file to write")
@with_appcontext
def receipt_qr_command(desk_code: str, dossier: str, out: Path | None) -> None:
    """Print (and optionally draw) the one-rating link for a dossier receipt."""
    from surveyapp.services import desk_codes, qr_images

    try:
        url = desk_codes.receipt_url(desk_codes.desk_by_code(desk_code), dossier)
    except (desk_codes.UnknownCode, ValueError) as error:
        raise click.BadParameter(str(error)) from error
    if out:
        out.write_bytes(qr_images.png_bytes(url))
    click.echo(url)


@click.command("export-responses")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_responses_command(out: Path) -> None:
    """Write one CSV row per response (UTF-8 with BOM, for Excel)."""
    from surveyapp.services.exports import write_responses_csv

    with out.open("w", encoding="utf-8-sig", newline="") as stream:
        count = write_responses_csv(stream)
    click.echo(f"Wrote {count:,} responses to {out}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "reviewer", "supervisor"]), required=True)
@click.option("--unit", "unit_codes", multiple=True, help="Unit code (supervisors; repeatable)")
@click.option("--name", "full_name", default="")
@click.password_option()
@with_appcontext
def create_user_command(
    username: str, role: str, unit_codes: tuple[str, ...], full_name: str, password: str
) -> None:
    """Add a staff account."""
    from surveyapp.services.staff import StaffError, create_staff

    units = _units(unit_codes)
    try:
        create_staff(Actor.command("create-user"), username, full_name, role, units, password)
    except StaffError as error:
        raise click.BadParameter(str(error)) from error
    click.echo(f"Created {role} {username}")


@click.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Copy the SQLite database to FILE while the service runs (see docs/deploy.md)."""
    from surveyapp.operations import backups

    try:
        pages = backups.backup_sqlite(out)
    except backups.NotSQLite:
        raise click.ClickException(
            "The database is PostgreSQL: back it up with pg_dump, e.g. "
            "pg_dump --format=custom --file=survey.dump <database> (see docs/deploy.md)."
        ) from None
    click.echo(f"Backed up {_safe_url()} to {out} ({pages:,} pages)")


def _public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _safe_url() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _units(codes: tuple[str, ...]) -> list:
    from surveyapp.services.units import OrgError, unit_by_code

    try:
        return [unit_by_code(code) for code in codes]
    except OrgError as error:
        raise click.BadParameter(str(error)) from error


def init_app(app: Flask) -> None:
    from surveyapp.cli_follow_ups import purge_contacts_command
    from surveyapp.cli_organisation import ORGANISATION_COMMANDS
    from surveyapp.cli_tokens import TOKEN_COMMANDS
    from surveyapp.cli_warnings import WARNING_COMMANDS

    for command in ORGANISATION_COMMANDS + (
        init_db_command,
        seed_demo_command,
        qr_export_command,
        receipt_qr_command,
        export_responses_command,
        fold_summaries_command,
        rebuild_summaries_command,
        create_user_command,
        backup_command,
        purge_contacts_command,
        *TOKEN_COMMANDS,
        *WARNING_COMMANDS,
    ):
        app.cli.add_command(command)
