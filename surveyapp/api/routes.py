"""API endpoints. Errors are JSON: ``{"error", "message", "problems": [...]}``."""

from __future__ import annotations

import dataclasses
import json
import math
import uuid
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NoReturn

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _

from surveyapp.api.payload import raw_submission, shape_problems
from surveyapp.problems import Problem
from surveyapp.rate_limits import limited
from surveyapp.services import desk_codes, draws, feedback_targets, submissions
from surveyapp.services.responses import DossierAlreadyRated, KeyReused, Rejected
from surveyapp.services.submissions import SUBMISSION_KEY

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI = Path(__file__).with_name("openapi.json")


class ApiProblem(Exception):
    def __init__(self, status: int, problems: list[Problem]) -> None:
        super().__init__(status)
        self.status, self.problems = status, problems


@bp.errorhandler(ApiProblem)
def _problem_response(error: ApiProblem):
    body = {
        "error": "invalid" if error.status != 409 else "conflict",
        "message": _("The response was not stored."),
        "problems": [problem.as_dict() for problem in error.problems],
    }
    return jsonify(body), error.status


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400: no JSON reader can hold it
        raise ValueError(text)
    return number


def _not_json(name: str) -> NoReturn:
    raise ValueError(name)  # NaN, Infinity: Python reads them, JSON has no such numbers


def _json_body() -> object:
    if request.mimetype != "application/json":
        abort(415)
    try:
        return json.loads(request.get_data(), parse_float=_finite, parse_constant=_not_json)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than we can follow
        raise ApiProblem(400, [Problem("", "malformed_json")]) from None


@contextmanager
def _token_problems():
    """A token that leads nowhere is a problem with the request's ``token`` field."""
    try:
        yield
    except desk_codes.RevokedCode:
        raise ApiProblem(422, [Problem("token", "revoked_token")]) from None
    except desk_codes.UnknownCode:
        raise ApiProblem(422, [Problem("token", "unknown_token")]) from None


def _target(body: dict) -> feedback_targets.FeedbackTarget:
    if body["token"] is None:  # present but null: a token that leads nowhere
        raise ApiProblem(422, [Problem("token", "unknown_token")])
    with _token_problems():
        target = feedback_targets.for_token(body["token"], body.get("instrument_id"))
    if not body.get("dossier"):
        return target
    try:
        dossier = desk_codes.verify_dossier(target.desk, body["dossier"])
    except desk_codes.UnknownCode:
        raise ApiProblem(422, [Problem("dossier", "invalid_dossier")]) from None
    return dataclasses.replace(target, dossier=dossier)


@bp.post("/responses")
@limited("API_RATE_LIMIT")
def create_response():
    """Store one response. A repeated ``Idempotency-Key`` returns the first result (200), or
    409 when it comes with another body."""
    body = _json_body()
    problems = shape_problems(body)
    if problems:
        raise ApiProblem(400, problems)
    target = _target(body)
    key = request.headers.get("Idempotency-Key") or uuid.uuid4().hex
    if not SUBMISSION_KEY.match(key):
        raise ApiProblem(400, [Problem("Idempotency-Key", "bad_idempotency_key")])
    raw = raw_submission(body, key, str(get_locale()))
    try:
        recorded = submissions.submit(target, raw, source="api")
    except Rejected as rejected:
        raise ApiProblem(422, rejected.problems) from None
    except DossierAlreadyRated:
        raise ApiProblem(409, [Problem("dossier", "dossier_already_rated")]) from None
    except KeyReused:
        raise ApiProblem(409, [Problem("Idempotency-Key", "idempotency_key_reused")]) from None
    result = {
        "id": recorded.response_id,
        "instrument": target.instrument.code,
        "version": target.instrument.version,
        "created": recorded.created,
    }
    return jsonify(result), 201 if recorded.created else 200


def _desk_target(token: str) -> feedback_targets.FeedbackTarget:
    """The desk a GET names by its token: 404 if unknown, 410 if its code was re-issued."""
    try:
        return feedback_targets.for_token(token)
    except desk_codes.RevokedCode:
        abort(410)
    except desk_codes.UnknownCode:
        abort(404)


def _about(target: feedback_targets.FeedbackTarget) -> dict:
    desk = target.desk
    return {
        "desk": {"code": desk.code, "name": desk.name, "unit": desk.unit_name},
        "instrument": {
            "id": target.instrument.id,
            "code": target.instrument.code,
            "version": target.instrument.version,
        },
    }


@bp.get("/forms/<token>")
@limited("FORM_RATE_LIMIT")
def get_form(token: str):
    """The questionnaire a desk uses, for kiosks that draw their own form."""
    target = _desk_target(token)
    procedures = [{"code": p.code, "name": p.name} for p in target.desk.procedures]
    return jsonify(
        _about(target) | {"definition": target.questionnaire.definition, "procedures": procedures}
    )


@bp.get("/desks/<token>/draw")
@limited("FORM_RATE_LIMIT")
def get_draw(token: str):
    """A quick form for a kiosk: one criterion of each component drawn at random, and the
    signed draw to send back with the answers (POST /responses, field ``draw``)."""
    target = _desk_target(token)
    shown = draws.draw(target.questionnaire)
    criteria = [
        {"code": c.code, "component": c.component, "text": c.text}
        for c in target.questionnaire.criteria
        if c.code in shown
    ]
    response = jsonify(
        _about(target)
        | {
            "form_mode": target.desk.form_mode,
            "criteria": criteria,
            "draw": draws.sign(target, shown),
            "expires_in": current_app.config["WTF_CSRF_TIME_LIMIT"],
        }
    )
    response.cache_control.no_store = True  # each call is a new draw
    return response


@cache
def _openapi_document() -> bytes:
    return OPENAPI.read_bytes()


@bp.get("/openapi.json")
def openapi():
    """The document, read once per process (no open file is left to a client that never
    closes its response, as send_file would)."""
    response = current_app.response_class(_openapi_document(), mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)
