"""A real browser (Debian's Chromium through Playwright) against the app served on a free port.

Chromium comes from apt (``apt-get install chromium``; ``.ci/run`` installs it); Playwright is
only the driver and never downloads a browser. Without Chromium these tests fail under
``CI=true`` and are skipped elsewhere. A failing test keeps a screenshot: the failure report
names the file.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.services import desk_codes
from surveyapp.services.audit import Actor
from surveyapp.services.builtins import install_builtins
from surveyapp.services.public_page import set_public_page
from surveyapp.services.units import create_unit
from tests import factories
from tests.admin_fixtures import make_org

CHROMIUM = Path(os.environ.get("SURVEYAPP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(os.environ.get("SURVEYAPP_SCREENSHOTS", tempfile.gettempdir())) / (
    "surveyapp-browser-failures"
)


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: browser tests cannot run (apt-get install -y chromium)")
    pytest.skip(f"{reason} (apt-get install chromium to run the browser tests)")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (requirements-dev.txt)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The app on a seeded SQLite file, served by Werkzeug (the Flask dev server) in a thread,
    CSRF and all, as in production."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    database = tmp_path_factory.mktemp("browser") / "site.sqlite3"
    app = create_app({
        "SECRET_KEY": "browser-test-secret", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "PUBLIC_BASE_URL": base_url, "RATELIMIT_ENABLED": False,
    })  # fmt: skip
    with app.app_context():
        db.create_all()
        install_builtins()
        org = make_org()
        # A change through a service, so that the audit trail has rows to draw.
        create_unit(Actor.command("browser-test-seed"), "X.BT", "Xã Bằng Thành", "commune",
                    org["root"])  # fmt: skip
        set_public_page(Actor.command("browser-test-seed"), org["first"], True)
        quick = factories.desk_with_code(org["own"], "Quầy số 2", form_mode="quick")
        data = {
            "base_url": base_url, "app": app,
            "desk_url": desk_codes.desk_url(org["desks"]["own"]),
            "quick_url": desk_codes.desk_url(quick),
            "unit_id": org["own"].id, "desk_id": org["desks"]["own"].id,
            "user_id": org["users"]["sup1"].id, "public_code": org["first"].code,
        }  # fmt: skip
        db.session.remove()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield data
    server.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser, request):
    """A fresh browser tab (own cookies); ``@pytest.mark.browser_context(...)`` sets options."""
    marker = request.node.get_closest_marker("browser_context")
    options = {"viewport": {"width": 1366, "height": 768}, "locale": "vi-VN"}
    options |= marker.kwargs if marker else {}
    context = browser.new_context(**options)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    tab = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and tab is not None and not tab.is_closed():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{item.name.replace('/', '_')}.png"
        tab.screenshot(path=str(path), full_page=True)
        report.sections.append(("browser screenshot", f"saved to {path} (page {tab.url})"))
    return report


def pytest_configure(config):
    config.addinivalue_line("markers", "browser_context(**options): Playwright context options")
