"""Early-warning commands: ``flask --app wsgi check-early-warnings`` (cron) and notice e-mail."""

from __future__ import annotations

from datetime import datetime

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from surveyapp.extensions import db
from surveyapp.services.audit import Actor


@click.command("check-early-warnings")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
    help="Check as at this UTC time instead of now (responses after it are ignored).",
)
@with_appcontext
def check_early_warnings_command(as_of: datetime | None) -> None:
    """Run every active desk's chart, raise warnings and notices, mail them (safe from cron)."""
    from surveyapp.services.early_warning import check_early_warnings
    from surveyapp.services.notice_mail import send_pending_mail

    result = check_early_warnings(as_of)
    click.echo(
        f"Checked {result.desks} desks ({result.charted} with enough data): "
        f"{len(result.raised)} new warnings, {result.notices} notices"
    )
    for warning in result.raised:
        click.echo(f"  warning: desk {warning.desk.code}")
    click.echo(f"Sent {send_pending_mail()} e-mails")


@click.command("set-notice-email")
@click.argument("username")
@click.argument("email", required=False, default="")
@with_appcontext
def set_notice_email_command(username: str, email: str) -> None:
    """Set (or, without EMAIL, remove) where a staff member's notices are e-mailed."""
    from surveyapp.models import User
    from surveyapp.services.audit import record

    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise click.BadParameter(f"no staff account {username!r}")
    email = email.strip()
    if email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
        raise click.BadParameter(f"not an e-mail address: {email!r}")
    before = {"email_set": user.email is not None}  # the address itself stays out of the trail
    user.email = email or None
    after = {"email_set": user.email is not None}
    record(Actor.command("set-notice-email"), "set_notice_email", user, before, after)
    db.session.commit()
    click.echo(f"Notices of {username}: {'e-mailed to ' + email if email else 'not e-mailed'}")


WARNING_COMMANDS = (check_early_warnings_command, set_notice_email_command)
