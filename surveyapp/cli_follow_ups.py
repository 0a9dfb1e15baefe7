"""The follow-up cases' command: erase the contacts of resolved cases (run it from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("purge-contacts")
@click.option("--days", type=click.IntRange(min=0), help="Default: FOLLOW_UP_RETENTION_DAYS")
@with_appcontext
def purge_contacts_command(days: int | None) -> None:
    """Erase the phone numbers and e-mails of cases resolved more than N days ago."""
    from surveyapp.services.follow_ups import purge_contacts

    if days is None:
        days = int(current_app.config["FOLLOW_UP_RETENTION_DAYS"])
    erased = purge_contacts(days)
    click.echo(f"Erased the contacts of {erased:,} cases resolved more than {days} days ago")
