"""The shipped gunicorn.conf.py: workers forked from a preloaded app store citizens' forms."""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.models import Desk
from surveyapp.services import desk_codes
from surveyapp.services.builtins import install_builtins
from tests import factories
from tests.conftest import form_fields
from tests.serving import free_port, gunicorn_env, start_gunicorn


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _serve(tmp_path, extra_args: str = ""):
    """gunicorn with the repository's settings (preloaded app, 2 workers) on a SQLite file."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "SECRET_KEY": "gunicorn-test-secret",
        "PUBLIC_BASE_URL": base_url,
    }
    app = create_app(config)
    with app.app_context():
        db.create_all()
        install_builtins()
        url = desk_codes.desk_url(factories.desk_with_code())
        db.engine.dispose()
    server = start_gunicorn(
        gunicorn_env(tmp_path, port, config, extra_args), tmp_path / "gunicorn.log"
    )
    try:
        yield app, url, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def served(tmp_path):
    yield from _serve(tmp_path)


@pytest.fixture
def served_with_a_nosy_log_format(tmp_path):
    """The access-log format asks for the client address, query string, headers and environ."""
    nosy = "%(h)s %(r)s %(q)s %({user-agent}i)s %({remote_addr}e)s %(U)s %(s)s"
    yield from _serve(tmp_path, f"--access-logformat '{nosy}'")


def _submit(url: str) -> int:
    """A citizen's visit: load the form, send it with an overall rating; the status."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with browser.open(url, timeout=10) as page:
        fields = form_fields(page.read().decode())
    fields = {name: value for name, value in fields.items() if name != "website"}
    body = urllib.parse.urlencode(fields | {"OVERALL": "4"}).encode()
    try:
        browser.open(url, data=body, timeout=10).close()
    except urllib.error.HTTPError as reply:
        return reply.code
    return 200


def _access_log(logs: Path, lines: int) -> list[str]:
    """The access log once it has ``lines`` form lines (a worker writes after replying)."""
    for _ in range(100):
        text = (logs / "access.log").read_text().splitlines()
        logged = [line for line in text if "/q/" in line or "/r/" in line]
        if len(logged) >= lines:
            return logged
        time.sleep(0.05)
    raise AssertionError(f"expected {lines} lines in the access log, found {len(logged)}")


def test_preloaded_workers_store_every_acknowledged_form(served):
    app, url, logs = served
    statuses = [_submit(url) for _ in range(8)]
    assert statuses == [303] * 8
    with app.app_context():
        assert factories.response_count() == 8
    assert "Traceback" not in (logs / "gunicorn.log").read_text()
    lines = _access_log(logs, 16)  # a GET and a POST per form
    assert sum('"POST /q/' in line and " 303 " in line for line in lines) == 8


def test_the_access_log_never_names_the_client_or_the_query(served_with_a_nosy_log_format):
    app, url, logs = served_with_a_nosy_log_format
    with app.app_context():
        desk = db.session.scalars(sa.select(Desk)).one()
        receipt = desk_codes.receipt_url(desk, "HS-2026-0001")
    assert _submit(receipt) == 303
    logged = "\n".join(_access_log(logs, 2))
    assert "/r/" in logged and " 303" in logged
    for private in ("127.0.0.1", "HS-2026-0001", "d=", "Python-urllib"):
        assert private not in logged


def test_no_control_socket_is_shared_between_instances(served):
    """gunicorn's default control socket is one per user: a second instance would take it."""
    _, url, home = served
    assert _submit(url) == 303  # the master starts its control socket once workers serve
    for _ in range(20):
        assert "Control socket" not in (home / "gunicorn.log").read_text()
        assert not (home / ".gunicorn").exists()
        time.sleep(0.05)
