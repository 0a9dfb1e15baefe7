"""The shipped gunicorn.conf.py: workers forked from a preloaded app store citizens' forms."""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.services import desk_codes
from surveyapp.services.instruments import sync_builtin_instruments
from tests import factories
from tests.conftest import form_fields

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_until_serving(base_url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(base_url + "/", timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def served(tmp_path):
    """gunicorn with the repository's settings (preloaded app, 2 workers) on a SQLite file."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    config = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "SECRET_KEY": "gunicorn-test-secret",
        "PUBLIC_BASE_URL": base_url,
    }
    env = os.environ | {f"SURVEYAPP_{key}": value for key, value in config.items()}
    env |= {
        "SURVEYAPP_BIND": f"127.0.0.1:{port}",
        "SURVEYAPP_ACCESS_LOG": str(tmp_path / "access.log"),
        "WEB_CONCURRENCY": "2",
    }
    app = create_app(config)
    with app.app_context():
        db.create_all()
        sync_builtin_instruments()
        url = desk_codes.desk_url(factories.desk_with_code())
        db.engine.dispose()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _wait_until_serving(base_url, server)
        yield app, url, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


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


def test_preloaded_workers_store_every_acknowledged_form(served):
    app, url, log = served
    statuses = [_submit(url) for _ in range(8)]
    assert statuses == [303] * 8
    with app.app_context():
        assert factories.response_count() == 8
    assert "Traceback" not in log.read_text()
