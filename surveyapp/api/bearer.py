"""Bearer tokens on the read API: the staff account a request speaks for, or a JSON 401."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, jsonify, request
from flask_babel import gettext as _

from surveyapp.models import User
from surveyapp.services import api_tokens


def _refuse(error: str | None) -> NoReturn:
    """401 with the challenge of RFC 6750: ``error="invalid_token"`` when a token was sent."""
    response = jsonify(
        error="unauthorized",
        message=_("A valid API token is required: Authorization: Bearer <token>."),
    )
    response.status_code = 401
    challenge = 'Bearer realm="api"' + (f', error="{error}"' if error else "")
    response.headers["WWW-Authenticate"] = challenge
    abort(response)


def token_user() -> User:
    """The active account of the request's bearer token (revoked, unknown: 401)."""
    credentials = request.authorization
    if credentials is None or credentials.type != "bearer" or not credentials.token:
        _refuse(None)
    user = api_tokens.user_for(credentials.token)
    if user is None:
        _refuse("invalid_token")
    return user
