"""Cookies are Secure whenever the service is reached over HTTPS, or is public over HTTPS."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from tests import factories
from tests.conftest import make_app


def _cookies(public_base_url: str, base_url: str, headers=None, **config) -> dict[str, str]:
    """Set-Cookie lines by name, for loading a desk's form (?lang=en sets a second cookie)."""
    app = make_app(WTF_CSRF_ENABLED=True, PUBLIC_BASE_URL=public_base_url, **config)
    with app.app_context():
        url = factories.desk_path(factories.desk_with_code())
        path = url.removeprefix(public_base_url)
        response = app.test_client().get(path + "?lang=en", base_url=base_url, headers=headers)
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 200
    lines = response.headers.getlist("Set-Cookie")
    cookies = {line.split("=", 1)[0]: line for line in lines}
    return {name: cookies[name] for name in ("session", "lang")}


@pytest.mark.parametrize(
    ("public", "reached", "headers", "config"),
    [
        ("https://survey.example.gov.vn", "http://localhost", None, {}),
        ("http://survey.test", "https://survey.test", None, {}),
        ("http://survey.test", "http://survey.test", None, {"SESSION_COOKIE_SECURE": True}),
        (
            "http://survey.test",
            "http://survey.test",
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
            {"PROXY_COUNT": 1},
        ),
    ],
)
def test_cookies_are_secure_over_https(public, reached, headers, config):
    cookies = _cookies(public, reached, headers, **config)
    for line in cookies.values():
        assert "; Secure" in line and "HttpOnly" in cookies["session"]


def test_cookies_work_over_plain_http_for_a_plain_http_service():
    cookies = _cookies("http://survey.test", "http://survey.test")
    assert all("Secure" not in line for line in cookies.values())


def test_a_forwarded_proto_is_ignored_without_a_trusted_proxy():
    headers = {"X-Forwarded-Proto": "https"}
    cookies = _cookies("http://survey.test", "http://survey.test", headers)
    assert all("Secure" not in line for line in cookies.values())
