"""Several hosts behind one address: with ``RATELIMIT_STORAGE_URI = redis://`` they share the
counters, so the limit is the same as on one machine. Needs ``redis-server`` (Debian package,
installed by .ci/run)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis

from surveyapp.extensions import db
from tests.conftest import make_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_uri():
    server = shutil.which("redis-server")
    assert server, "redis-server is needed (apt-get install redis-server)"
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    uri = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(uri).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield uri
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _hosts(storage: str, limit: str):
    """Two apps as two hosts: each its own process memory, the counters where ``storage`` says."""
    apps = [
        make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage, FORM_RATE_LIMIT=limit)
        for _ in range(2)
    ]
    try:
        yield [app.test_client() for app in apps]
    finally:
        for app in apps:
            with app.app_context():
                db.engine.dispose()


def test_two_hosts_on_one_redis_count_as_one(redis_uri):
    with _hosts(redis_uri, "3 per minute") as (first, second):
        _three_then_refused(first, second)


def _three_then_refused(first, second) -> None:
    statuses = [first.get("/").status_code, first.get("/").status_code, second.get("/").status_code]
    assert statuses == [200, 200, 200]
    refused = second.get("/")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert first.get("/").status_code == 429
    # Another address has its own counter on both hosts.
    assert second.get("/", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 200


def test_without_redis_each_worker_counts_on_its_own():
    """What README's "Rate limits" says of the default: N workers allow N times the limit."""
    with _hosts("worker-memory://", "1 per minute") as (first, second):
        assert [first.get("/").status_code, second.get("/").status_code] == [200, 200]
        assert first.get("/").status_code == 429
