"""SIGKILL of gunicorn (master and workers) in the middle of a burst of API submissions.

Every acknowledged response must be stored exactly once and whole (its row and all its
answers, as sent); the unacknowledged ones, sent again with their Idempotency-Keys after a
restart, are stored once too.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import sqlite3
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from surveyapp import create_app
from surveyapp.extensions import db
from surveyapp.services.builtins import install_builtins
from tests import factories
from tests.serving import free_port, gunicorn_env, start_gunicorn

SUBMISSIONS = 300
KILL_AFTER = 100  # acknowledged responses before the kill


def _body(token: str, number: int) -> dict:
    """Answers that differ by submission, so that what is stored can be checked against it."""
    answers = {code: 1 + (number + i) % 5 for i, code in enumerate(factories.full_answers())}
    return {"token": token, "answers": answers, "comment": f"Góp ý số {number}"}


def _send(base_url: str, key: str, body: dict) -> int | None:
    """The response id if the server acknowledged (201 or 200), else None."""
    request = urllib.request.Request(
        base_url + "/api/v1/responses",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.load(reply)["id"]
    except (OSError, http.client.HTTPException, ValueError):
        return None  # refused, reset, cut off mid-reply, or an error status: not acknowledged


def _send_until_acknowledged(base_url: str, key: str, body: dict) -> int:
    """What a kiosk does after a failure: send the same request again, a few times."""
    for _ in range(5):
        response_id = _send(base_url, key, body)
        if response_id is not None:
            return response_id
        time.sleep(0.2)
    raise AssertionError(f"{key} was never acknowledged")


def _stored(path) -> dict[str, tuple[int, dict[str, int], str]]:
    """submission key -> (id, answers, comment), read straight from the file."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT id, submission_key, comment FROM responses").fetchall()
        answers: dict[int, dict[str, int]] = {}
        for response_id, criterion, rating in connection.execute(
            "SELECT response_id, criterion, rating FROM answers"
        ):
            answers.setdefault(response_id, {})[criterion] = rating
    finally:
        connection.close()
    assert set(answers) <= {row[0] for row in rows}  # no answers without their response
    return {key: (rid, answers.get(rid, {}), comment) for rid, key, comment in rows}


def _burst_and_kill(server, base_url: str, bodies: dict[str, dict]) -> dict[str, int]:
    """Send every body from 8 threads; SIGKILL master and workers once KILL_AFTER are
    acknowledged. Returns submission key -> id of those acknowledged."""
    acknowledged: dict[str, int] = {}
    enough = threading.Event()

    def submit(key: str) -> None:
        response_id = _send(base_url, key, bodies[key])
        if response_id is not None:
            acknowledged[key] = response_id
            if len(acknowledged) >= KILL_AFTER:
                enough.set()

    with ThreadPoolExecutor(max_workers=8) as pool:
        burst = [pool.submit(submit, key) for key in bodies]
        try:
            assert enough.wait(timeout=60), "the burst did not get going"
        finally:
            os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-burst
            server.wait(timeout=10)
        for future in burst:
            future.result()
    return acknowledged


def test_acknowledged_submissions_survive_a_sigkill_of_the_server(tmp_path):
    database = tmp_path / "crash.sqlite3"
    config = {"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "crash-test-secret"}
    config["RATELIMIT_ENABLED"] = "false"
    app = create_app(config)
    with app.app_context():
        db.create_all()
        install_builtins()
        token = factories.token(factories.desk_with_code())
        db.engine.dispose()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = gunicorn_env(tmp_path, port, config)
    log = tmp_path / "gunicorn.log"
    bodies = {f"crash-test-{number:06d}-key": _body(token, number) for number in range(SUBMISSIONS)}
    acknowledged = _burst_and_kill(start_gunicorn(env, log), base_url, bodies)
    assert KILL_AFTER <= len(acknowledged) < SUBMISSIONS  # some were cut off

    before_restart = _stored(database)
    for key, response_id in acknowledged.items():
        assert before_restart[key][0] == response_id  # acknowledged means on disk

    server = start_gunicorn(env, log)
    try:
        for key in sorted(bodies.keys() - acknowledged.keys()):
            acknowledged[key] = _send_until_acknowledged(base_url, key, bodies[key])
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = _stored(database)
    assert len(stored) == SUBMISSIONS  # none lost, none twice (keys are unique)
    for key, response_id in acknowledged.items():
        body = bodies[key]
        assert stored[key] == (response_id, body["answers"], body["comment"])
