"""The raw-insert floor for the citizen form POST: what storing a response costs at the least.

A bare Flask app on the app's own database file: POST ``/q/<token>`` parses the same form body
(19 criteria and ``OVERALL``, "na", priorities, demographics, procedure, comment, submission
key) and stores the same rows as the app (the response, its answers and choices, and the
``pending_summaries`` row) in one transaction through ``sqlite3``, with the same durability:
WAL with ``synchronous=NORMAL`` and the log fsynced after the commit, before the 303
(``surveyapp.database.DurableConnection``). What it leaves out is everything the app adds
around that: session cookie, CSRF check, rate limiter, babel, reading the desk, validation
beyond parsing, the page on errors. The desk, unit and questionnaire version are read once at
start. Serve it as the app is served::

    SURVEYAPP_DATABASE_URL=sqlite:////path/to/db.sqlite3 \\
        gunicorn -c gunicorn.conf.py 'benchmarks.floor_app:create()'
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, abort, redirect, request

from surveyapp.database import DurableConnection

ROOT = Path(__file__).resolve().parent.parent
RESPONSE = (
    "INSERT INTO responses (desk_id, unit_id, instrument_id, submitted_at, source, language,"
    " submission_key, dossier_digest, procedure_id, comment)"
    " VALUES (?, ?, ?, ?, 'form', 'vi', ?, NULL, ?, ?) RETURNING id"
)
ANSWERS = "INSERT INTO answers (response_id, criterion, rating) VALUES (?, ?, ?)"
CHOICES = "INSERT INTO choices (response_id, question, option) VALUES (?, ?, ?)"
PENDING = "INSERT INTO pending_summaries (response_id) VALUES (?)"
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Floor</title></head>
<body><form method="post"><input type="hidden" name="submission_key" value="">
<select name="procedure"><option value="1.001193">1</option><option value="1.000894">2</option>
</select></form></body></html>"""


def _questionnaire() -> tuple[tuple[str, ...], dict[str, bool]]:
    """Rating codes, and each choice question with whether it takes several options."""
    definition = json.loads((ROOT / "surveyapp/instruments/sipas-desk.json").read_text("utf-8"))
    codes = [
        criterion["code"]
        for domain in definition["domains"]
        for component in domain["components"]
        for criterion in component["criteria"]
    ] + [definition["overall"]["code"]]
    questions = definition.get("questions", []) + definition.get("demographics", [])
    return tuple(codes), {q["code"]: bool(q.get("multiple")) for q in questions}


def _connect(db_path: Path) -> DurableConnection:
    connection = sqlite3.connect(
        db_path, factory=DurableConnection, timeout=5, check_same_thread=False
    )
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.wal_path = f"{db_path}-wal"
    return connection


def _row(form, codes, questions, procedures) -> tuple[list, list, list]:
    ratings = [(code, form.get(code)) for code in codes if form.get(code)]
    answers = [(code, None if value == "na" else int(value)) for code, value in ratings]
    choices = [(code, option) for code in questions for option in form.getlist(code)]
    fields = [form["submission_key"], procedures.get(form.get("procedure", "")), None]
    fields[2] = form.get("comment", "").strip() or None
    return fields, answers, choices


def create(db_path: str | Path | None = None) -> Flask:
    """The floor on ``db_path``, by default the app's ``SURVEYAPP_DATABASE_URL`` (SQLite)."""
    app = Flask(__name__)
    db_path = Path(db_path or os.environ["SURVEYAPP_DATABASE_URL"].removeprefix("sqlite:///"))
    codes, questions = _questionnaire()
    local = threading.local()
    with sqlite3.connect(db_path) as setup:
        desk = setup.execute("SELECT id, unit_id FROM desks ORDER BY id LIMIT 1").fetchone()
        instrument = setup.execute("SELECT max(id) FROM instruments").fetchone()[0]
        procedures = dict(
            setup.execute("SELECT code, id FROM procedures WHERE unit_id = ?", (desk[1],))
        )

    def connection() -> DurableConnection:
        if getattr(local, "connection", None) is None:  # one per worker (after the fork)
            local.connection = _connect(db_path)
        return local.connection

    @app.post("/q/<token>")
    def desk_form(token: str):
        if request.mimetype != "application/x-www-form-urlencoded" or "OVERALL" not in request.form:
            abort(400)
        fields, answers, choices = _row(request.form, codes, questions, procedures)
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        db = connection()
        try:
            (response_id,) = db.execute(RESPONSE, (*desk, instrument, now, *fields)).fetchone()
            db.executemany(ANSWERS, [(response_id, *answer) for answer in answers])
            db.executemany(CHOICES, [(response_id, *choice) for choice in choices])
            db.execute(PENDING, (response_id,))
            db.commit()
        except sqlite3.Error:
            db.rollback()
            abort(503)
        return redirect("/thanks", code=303)

    @app.get("/q/<token>")
    def blank_form(token: str):
        return PAGE

    @app.get("/")
    def index():
        return "ok"

    return app
