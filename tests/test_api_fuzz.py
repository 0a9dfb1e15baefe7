"""Schemathesis against the served /api/v1/openapi.json: every check, fixed seed and budget.

The settings are in tests/schemathesis.toml; tests/schemathesis_hooks.py gives some generated
requests a real desk's token and unit code, and the config a reviewer's API token for the read
API (GET /scores, over enough responses for real figures). The app is served on a loopback
port by a thread of this process, on the test database, and ``st run`` drives it as an
outside client would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from surveyapp.extensions import db
from surveyapp.models import PendingSummary
from surveyapp.services import api_tokens
from surveyapp.services.accounts import create_user
from surveyapp.services.audit import Actor
from tests import factories
from tests.conftest import TEST_DATABASE_URL, make_app

ROOT = Path(__file__).resolve().parents[1]


def _fuzz_data() -> dict[str, str]:
    """A desk with 40 responses in August 2026, and a reviewer's API token: the environment
    the hooks and tests/schemathesis.toml read."""
    desk = factories.desk_with_code()
    for day in range(40):
        response = factories.response(desk, datetime(2026, 8, 1 + day % 28, 3))
        db.session.add(PendingSummary(response_id=response.id))
    reader = create_user("reader", "reader-pass-123", "reviewer", "Hệ thống đọc")
    db.session.commit()
    _, api_token = api_tokens.create_token(Actor.command("test"), reader, "fuzz")
    return {
        "SURVEYAPP_FUZZ_TOKEN": factories.token(desk),
        "SURVEYAPP_FUZZ_UNIT": desk.unit.parent.code,
        "SURVEYAPP_FUZZ_API_TOKEN": api_token,
    }


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        """The development server would log every path, tokens and all."""


@pytest.fixture
def served_api(tmp_path):
    """The app on a loopback port (a SQLite file, or the PostgreSQL test database)."""
    uri = TEST_DATABASE_URL
    if uri.startswith("sqlite"):
        uri = f"sqlite:///{tmp_path / 'fuzz.sqlite3'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=uri)
    with app.app_context():
        fuzz_env = _fuzz_data()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", fuzz_env
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_api_keeps_every_promise_of_its_document(served_api):
    base_url, fuzz_env = served_api
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "--config-file"),
        *("tests/schemathesis.toml", "run", f"{base_url}/api/v1/openapi.json"),
        *("--checks", "all", "--no-color"),
    ]
    env = os.environ | fuzz_env
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert " generated, " in report and "failure" not in report.split("SUMMARY")[-1], report
