"""PostgreSQL locked or stopped mid-run: 503 (answers kept, nothing half-written), then
recovery without restarting the app. PostgreSQL pass only (conftest deselects these tests
elsewhere). SURVEYAPP_TEST_PG_CLUSTER names the cluster to stop, e.g. "15 main" (.ci/run sets
it); the test fails, rather than skips, if it cannot stop and start that cluster."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from tests import factories
from tests.conftest import form_fields, make_app

pytestmark = pytest.mark.postgresql


def _pg_ctlcluster(action: str) -> None:
    cluster = os.environ.get("SURVEYAPP_TEST_PG_CLUSTER", "").split()
    assert len(cluster) == 2, "set SURVEYAPP_TEST_PG_CLUSTER to '<version> <cluster>'"
    # "immediate": the server stops as in a crash, without the shutdown checkpoint, which after
    # a whole test run (tens of thousands of relation files to sync) can take minutes.
    extra = ["-m", "immediate"] if action == "stop" else []
    subprocess.run(["pg_ctlcluster", *cluster, action, *extra], check=True, timeout=180)


def _until_up(client, token: str) -> None:
    for _ in range(600):  # crash recovery on start may take a while on a loaded machine
        if client.get(f"/api/v1/forms/{token}").status_code == 200:
            return
        time.sleep(0.1)
    raise AssertionError("PostgreSQL did not come back")


def _api(client, token: str, key: str):
    body = {"token": token, "answers": {"OVERALL": 2, "SVC.1.1": 4}, "comment": "Đợi lâu"}
    return client.post("/api/v1/responses", json=body, headers={"Idempotency-Key": key})


@pytest.fixture
def app():
    app = make_app(POSTGRES_LOCK_TIMEOUT_MS=200)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_postgresql_stopped_mid_run_gives_503_then_recovers_without_a_restart(app):
    with app.app_context():
        desk = factories.desk_with_code()
        path, token = factories.desk_path(desk), factories.token(desk)
    client = app.test_client()
    assert _api(client, token, "outage-test-key-0001").status_code == 201
    page = form_fields(client.get(path).get_data(as_text=True))
    form = {k: v for k, v in page.items() if k != "website"} | {"OVERALL": "3", "comment": "Ổn"}
    try:
        _pg_ctlcluster("stop")
        refused = _api(client, token, "outage-test-key-0002")
        assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
        assert refused.get_json()["error"] == "service_unavailable"
        kept = client.post(path, data=form)
        assert kept.status_code == 503 and "Ổn" in kept.get_data(as_text=True)
        assert re.search(r'name="OVERALL"[^>]*value="3"[^>]*checked', kept.get_data(as_text=True))
        assert client.get(f"/api/v1/forms/{token}").status_code == 503
        assert client.get("/healthz").status_code == 503
    finally:
        _pg_ctlcluster("start")
    _until_up(client, token)  # the same app and engine: the pool replaces its dead connections
    assert _api(client, token, "outage-test-key-0002").status_code == 201
    assert client.post(path, data=form).status_code == 303
    with app.app_context():
        assert (factories.response_count(), factories.answer_count()) == (3, 5)


def test_a_lock_held_past_the_lock_timeout_gives_503_and_nothing_half_written(app):
    with app.app_context():
        desk = factories.desk_with_code()
        token = factories.token(desk)
    client = app.test_client()
    other = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with other.connect() as holder:
        holder.execute(sa.text("LOCK TABLE answers IN EXCLUSIVE MODE"))  # writers wait
        refused = _api(client, token, "lock-test-key-00001")
        holder.rollback()
    other.dispose()
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    with app.app_context():
        assert (factories.response_count(), factories.answer_count()) == (0, 0)
    assert _api(client, token, "lock-test-key-00001").status_code == 201
