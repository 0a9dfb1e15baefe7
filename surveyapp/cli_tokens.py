"""Commands for the read API's tokens: create (printed once), list, revoke."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from surveyapp.extensions import db
from surveyapp.models import ApiToken, User
from surveyapp.services import api_tokens
from surveyapp.services.audit import Actor


def _user(username: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        raise click.BadParameter(f"no account with username {username!r}")
    return user


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="", help='What the token is for, e.g. "Cổng dịch vụ công"')
@with_appcontext
def create_token_command(username: str, name: str) -> None:
    """Print a new API token for USERNAME's account, once: only a hash of it is kept."""
    user = _user(username)
    try:
        token, secret = api_tokens.create_token(Actor.command("create-token"), user, name)
    except api_tokens.TokenError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Token {token.id} for {user.username} ({user.role}):")
    click.echo(secret)
    click.echo("Keep it now: it is not stored and cannot be shown again.")


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"


@click.command("list-tokens")
@click.argument("username", required=False)
@with_appcontext
def list_tokens_command(username: str | None) -> None:
    """List the API tokens (of USERNAME): id, account, name, created, last used, revoked."""
    found = api_tokens.tokens(_user(username) if username else None)
    click.echo("id\taccount\tname\tcreated\tlast used\trevoked")
    for token in found:
        times = (token.created_at, token.last_used_at, token.revoked_at)
        click.echo(
            "\t".join(
                [str(token.id), token.user.username, token.name or "-"]
                + [_when(moment) for moment in times]
            )
        )
    click.echo(f"{len(found)} token(s)")


@click.command("revoke-token")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token TOKEN_ID (see list-tokens): it stops working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.BadParameter(f"no API token with id {token_id}")
    try:
        api_tokens.revoke_token(Actor.command("revoke-token"), token)
    except api_tokens.TokenError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Revoked token {token_id} of {token.user.username}")


TOKEN_COMMANDS = (create_token_command, list_tokens_command, revoke_token_command)
