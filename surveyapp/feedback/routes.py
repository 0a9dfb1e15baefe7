"""Citizen pages: scan a desk or receipt QR, fill in the form, see the thank-you page."""

from __future__ import annotations

import functools
import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from surveyapp import rate_limits
from surveyapp.caching import app_cache
from surveyapp.database import UNAVAILABLE
from surveyapp.errors import database_unavailable
from surveyapp.feedback import page_cache
from surveyapp.feedback.forms import (
    FeedbackForm,
    QuestionState,
    attach_problems,
    csrf_problem,
    question_states,
    raw_submission,
    scale_options,
    sections,
)
from surveyapp.problems import Problem
from surveyapp.services import draws, feedback_targets, follow_up_offer, submissions
from surveyapp.services.desk_codes import RevokedCode, UnknownCode
from surveyapp.services.feedback_targets import FeedbackTarget
from surveyapp.services.responses import DossierAlreadyRated, KeyReused, Rejected, dossier_rated

bp = Blueprint("feedback", __name__)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@bp.before_request
def _rate_limit() -> None:
    """Loading the form and sending it are limited separately, and each route on its own."""
    rate_limits.check("SUBMIT_RATE_LIMIT" if request.method == "POST" else "FORM_RATE_LIMIT")


@bp.errorhandler(UnknownCode)
def _unknown_code(error: UnknownCode):
    return render_template("feedback/unknown_code.html"), 404


@bp.errorhandler(RevokedCode)
def _revoked_code(error: RevokedCode):
    return render_template("feedback/revoked.html", desk=error.desk), 410


@bp.errorhandler(DossierAlreadyRated)
def _already_rated(error: DossierAlreadyRated):
    return render_template("feedback/already_rated.html"), 409


def _language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _render(target: FeedbackTarget, form, problems=(), status=200, shown=None):
    """The form, with what was posted; a quick one (``shown``, or a draw posted in
    ``form.draw``) shows only the drawn criteria."""
    language = _language()
    states = question_states(target.questionnaire)
    summary = attach_problems(form, states, problems)
    form.instrument.data = target.instrument.id
    form.submission_key.data = form.submission_key.data or uuid.uuid4().hex
    if shown is None and form.draw.data is not None:
        shown = _shown_again(target, form)
    single = [q.code for q in target.questionnaire.choice_questions if not q.multiple]
    return render_template(
        "feedback/form.html",
        form=form,
        states=states,
        target=target,
        sections=sections(states, target.questionnaire, language, shown),
        summary=summary,
        options=scale_options(target.questionnaire, language),
        about_open=any(states[code].errors for code in single),
        language=language,
        quick=shown is not None,
        full_form_url=url_for(
            request.endpoint, **(request.view_args | request.args.to_dict() | {"form": "full"})
        ),
    ), status


def _shown_again(target: FeedbackTarget, form) -> tuple[str, ...]:
    """The drawn set to show (again), freshly signed: the posted one if it is ours, even if it
    expired (the answers are kept), else a new draw."""
    try:
        shown = draws.shown(target, form.draw.data)
    except draws.DrawRefused as refused:
        shown = refused.codes or draws.draw(target.questionnaire)
    form.draw.data = draws.sign(target, shown)
    return shown


def _quick(target: FeedbackTarget) -> bool:
    return target.desk.form_mode == "quick" and request.args.get("form") != "full"


def _fieldset(target: FeedbackTarget, language: str, code: str) -> str:
    """One criterion's blank fieldset, exactly as the form page draws it."""
    rating = get_template_attribute("_macros.html", "rating")
    text = next(c.text[language] for c in target.questionnaire.criteria if c.code == code)
    options = scale_options(target.questionnaire, language)
    return str(rating(QuestionState(code, None), text, options))


def _blank(target: FeedbackTarget, form):
    """The blank form, from the page cache when the link is a plain desk link. A quick form
    gets a new draw at each load, swapped into its cached page with its fieldsets."""
    shown = draws.draw(target.questionnaire) if _quick(target) else None
    if shown is not None:
        form.draw.data = draws.sign(target, shown)
    if target.dossier is not None or not set(request.args) <= {"lang", "form"}:
        return _render(target, form, shown=shown)
    form.submission_key.data = uuid.uuid4().hex
    values = (form.submission_key.data,)
    if current_app.config["WTF_CSRF_ENABLED"]:
        values += (generate_csrf(),)
    language = _language()
    key = (request.path, language, target.questionnaire.checksum)
    if shown is not None:
        render = functools.partial(_fieldset, target, language)
        values += (form.draw.data, *page_cache.fieldsets(key[1:], shown, render))
        key += ("quick",)
    return page_cache.blank_page(key, values, lambda: _render(target, form, shown=shown)[0])


def _handle(target: FeedbackTarget, source: str):
    """GET shows the form; POST validates, stores once, and redirects to the thank-you page."""
    form = FeedbackForm(target.desk)
    if request.method == "GET":
        if target.dossier is not None and dossier_rated(target.dossier):
            raise DossierAlreadyRated(target.dossier.code)
        return _blank(target, form)
    if request.mimetype not in FORM_TYPES:
        abort(415)
    if form.website.data:
        abort(400, "honeypot")
    expired = csrf_problem()  # an expired CSRF token: answers are kept, the citizen sends again
    if expired is not None:
        return _render(target, form, [expired], 400)
    raw = raw_submission(form, target.questionnaire, _language())
    try:
        submissions.submit(target, raw, source=source)
    except Rejected as rejected:
        return _render(target, form, rejected.problems, 400)
    except KeyReused:  # sent, then changed (back button) and sent again: the first one stands
        return _render(target, form, [Problem("", "form_already_sent")], 409)
    except UNAVAILABLE as error:  # nothing stored; the same submission key makes a retry safe
        return _unavailable(target, error, form)
    offer = follow_up_offer.offer_reference(target.questionnaire, raw)  # after a low rating
    thanks = url_for("feedback.call_back", ref=offer) if offer else url_for("feedback.thanks")
    return redirect(thanks, code=303)


def _unavailable(target: FeedbackTarget, error: Exception, form=None):
    """503 with the form shown again, the citizen's answers in it, and Retry-After."""
    form = form or FeedbackForm(target.desk)
    retry_after = database_unavailable(error).get_headers()
    page, status = _render(target, form, [Problem("", "try_again")], 503)
    return page, status, [header for header in retry_after if header[0] == "Retry-After"]


def _target_or_last_seen(read, key: str):
    """The link's target read afresh. If the database cannot be reached while a citizen sends
    answers, the copy this worker last read (for showing the form again, never for storing),
    so the answers come back with a 503 instead of being lost behind an error page."""
    seen = app_cache("feedback targets last seen", maxsize=4096, expires=False)
    try:
        target = read()
    except UNAVAILABLE as error:
        last = seen.get(key)
        if request.method != "POST" or last is None:
            raise
        return None, (last, error)
    seen.put(key, target)
    return target, None


@bp.route("/q/<token>", methods=["GET", "POST"])
def desk_form(token: str):
    instrument_id = request.form.get("instrument", type=int)
    target, down = _target_or_last_seen(
        lambda: feedback_targets.for_token(token, instrument_id), request.path
    )
    return _unavailable(*down) if down else _handle(target, "form")


@bp.route("/r/<desk_code>", methods=["GET", "POST"])
def receipt_form(desk_code: str):
    """A receipt QR: ``/r/<desk>?d=<dossier>.<signature>`` (query, so access logs omit it)."""
    reference = request.args.get("d", "")
    instrument_id = request.form.get("instrument", type=int)
    target, down = _target_or_last_seen(
        lambda: feedback_targets.for_receipt(desk_code, reference, instrument_id),
        request.full_path,
    )
    return _unavailable(*down) if down else _handle(target, "receipt")


@bp.get("/thanks")
def thanks():
    return render_template("feedback/thanks.html")


@bp.get("/")
def index():
    return render_template("feedback/index.html")
