"""Baseline for ``benchmarks/submit.py``: the citizen form's request shape, without the app.

GET ``/q/<token>`` returns a small HTML page with the same hidden fields as the real form (a
fresh ``submission_key`` each time); POST reads the form and answers 303 to ``/thanks``. No
database, no session, no CSRF, no limiter, no templates: what is left is Flask + gunicorn +
the loopback network, which is the floor the real endpoint is compared with.
"""

from __future__ import annotations

import uuid

from flask import Flask, abort, redirect, request

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Bare form</title></head><body>
<form method="post">
<input type="hidden" name="csrf_token" value="bare">
<input type="hidden" name="submission_key" value="{key}">
<input type="hidden" name="instrument" value="1">
<button type="submit">Send</button>
</form></body></html>
"""


@app.get("/")
def index():
    return "ok"


@app.route("/q/<token>", methods=["GET", "POST"])
def desk_form(token: str):
    if request.method == "GET":
        return PAGE.format(key=uuid.uuid4().hex)
    if not request.form.get("submission_key") or not request.form.get("OVERALL"):
        abort(400)
    return redirect("/thanks", code=303)
