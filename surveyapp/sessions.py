"""Flask's signed-cookie sessions, with the signing serializer built once per set of keys.

Flask builds a new ``URLSafeTimedSerializer`` for every request, and building one encodes an
empty dict to learn whether the serializer makes text or bytes. A citizen's session only
carries the CSRF secret, so on the form POST that was a noticeable part of the work. The
serializer holds nothing per request, so one per key set serves every request and thread.

The cookie is Secure whenever the service is used over HTTPS (:func:`cookies_secure`), where
Flask would make it Secure only if SESSION_COOKIE_SECURE says so.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookies_secure()


def cookies_secure() -> bool:
    """Secure cookies when asked (SESSION_COOKIE_SECURE), when this request came over HTTPS
    (as ProxyFix reports it behind a trusted proxy), or when the public address is https."""
    config = current_app.config
    return bool(
        config["SESSION_COOKIE_SECURE"]
        or request.is_secure
        or config["PUBLIC_BASE_URL"].startswith("https://")
    )


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessionInterface()
