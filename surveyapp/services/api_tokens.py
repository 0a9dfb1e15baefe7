"""API tokens of staff accounts: create (shown once), list, revoke, and the account a bearer
token stands for. Only a keyed digest of a token is stored; never the token, nowhere else
either (audit records, logs)."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa

from surveyapp import signing
from surveyapp.extensions import db
from surveyapp.models import ApiToken, User
from surveyapp.models.clock import utcnow
from surveyapp.services import audit
from surveyapp.services.audit import Actor

PREFIX = "sipas_"  # lets secret scanners and people recognise a leaked token
TOKEN_BYTES = 32  # 256 random bits
MAX_TOKEN_LENGTH = 100  # longer bearer values are refused before any hashing
MAX_NAME_LENGTH = 100
# last_used_at is written at most this often per token: a read API should not write on every
# request (SQLite has one writer at a time).
LAST_USED_PRECISION = timedelta(minutes=1)
_PURPOSE = "api-token"


class TokenError(ValueError):
    """The token cannot be created or revoked as asked; nothing was changed."""


def _digest(token: str) -> str:
    return signing.digest(_PURPOSE, token)


def _snapshot(token: ApiToken) -> dict:
    return {"user": token.user.username} | audit.snapshot(token, "name", "revoked_at")


def create_token(actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored record, and the token to show once."""
    name = name.strip()
    if not user.active:
        raise TokenError(f"the account {user.username!r} is deactivated")
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(f"a token name has at most {MAX_NAME_LENGTH} characters")
    secret = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(user=user, name=name, token_hash=_digest(secret))
    db.session.add(token)
    audit.record(actor, "api_token.create", token, after=_snapshot(token))
    db.session.commit()
    return token, secret


def tokens(user: User | None = None) -> list[ApiToken]:
    """Every token (of ``user``), oldest first, revoked ones included."""
    query = sa.select(ApiToken).order_by(ApiToken.id)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    """Stop ``token`` from working, from the next request on, on every worker and host."""
    if token.revoked_at is not None:
        raise TokenError(f"token {token.id} was revoked already")
    before = _snapshot(token)
    token.revoked_at = utcnow()
    audit.record(actor, "api_token.revoke", token, before, _snapshot(token))
    db.session.commit()
    return token


def user_for(secret: str) -> User | None:
    """The active account a bearer token stands for; None for an unknown, revoked or
    malformed token, or a deactivated account."""
    if not secret.startswith(PREFIX) or len(secret) > MAX_TOKEN_LENGTH:
        return None
    digest = _digest(secret)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or not token.user.active:
        return None
    _note_use(token)
    return token.user


def _note_use(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
