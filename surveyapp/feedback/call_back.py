"""The call-back offer after a low rating: leave a phone number or e-mail, with consent.

Its routes are on the citizen blueprint (``feedback``). The thank-you redirect of a low rating
carries a signed, short-lived reference (services/follow_up_offer.py) in its query string,
which the access log leaves out; the response is stored and acknowledged before the offer.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from surveyapp.feedback.forms import csrf_problem
from surveyapp.feedback.routes import bp
from surveyapp.services import follow_up_offer
from surveyapp.services.follow_up_offer import CallBackError, Offer

FIELD_MESSAGES = {
    "bad_phone": _l(
        "This is not a Vietnamese phone number: write 10 digits such as 0912 345 678 "
        "(or 11 for a landline starting 02), or +84 912 345 678."
    ),
    "bad_email": _l("This is not an e-mail address: write it as name@example.vn."),
    "no_contact": _l("Write a phone number or an e-mail address (or both)."),
    "no_consent": _l("Tick the box to agree, or leave this page: your rating is kept."),
}
# Why an offer cannot be taken up: (message, HTTP status).
REFUSALS = {
    "forged": (_l("This call-back link is not valid."), 400),
    "expired": (
        _l("This call-back offer has expired. Your rating was received and is kept."),
        410,
    ),
    "not_low": (_l("There is no call-back offer for this link."), 404),
    "taken": (
        _l("You have already left your contact for this rating; nothing new was saved."),
        409,
    ),
}


def _page(offer: Offer, problems: dict[str, str] | None = None, status: int = 200):
    problems = problems or {}
    messages = {name: str(FIELD_MESSAGES.get(code, code)) for name, code in problems.items()}
    return render_template(
        "feedback/call_back.html", offer=offer, form=request.form, problems=messages,
        retention_days=current_app.config["FOLLOW_UP_RETENTION_DAYS"],
    ), status  # fmt: skip


def _refused(reason: str):
    message, status = REFUSALS[reason]
    return render_template("feedback/call_back_refused.html", message=message), status


@bp.route("/thanks/call-back", methods=["GET", "POST"])
def call_back():
    signed = request.args.get("ref", "")
    try:
        offer = follow_up_offer.read_offer(signed)
    except CallBackError as error:
        return _refused(error.reason)
    if offer.taken:
        done = redirect(url_for(".call_back_done"))
        return _refused("taken") if request.method == "POST" else done
    if request.method == "GET":
        return _page(offer)
    expired = csrf_problem()
    if expired is not None:
        return _page(offer, {"": expired.message}, 400)
    form = request.form
    try:
        follow_up_offer.open_case(
            signed, form.get("phone", ""), form.get("email", ""), form.get("consent") == "yes"
        )
    except CallBackError as error:
        if error.reason != "contact":
            return _refused(error.reason)
        return _page(offer, error.fields, 400)
    return redirect(url_for(".call_back_done"), code=303)


@bp.get("/thanks/call-back/done")
def call_back_done():
    return render_template("feedback/call_back_done.html")
