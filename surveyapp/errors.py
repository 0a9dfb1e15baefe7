"""One error handler: an HTML page for people, ``{"error", "message"}`` JSON for the API."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from surveyapp.database import UNAVAILABLE
from surveyapp.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request could not be understood. Nothing was saved."),
    401: _l("Please sign in first."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    409: _l("This conflicts with what is already stored."),
    413: _l("What was sent is too large. Nothing was saved."),
    415: _l("This kind of content is not accepted here. Nothing was saved."),
    429: _l("Too many requests from your network. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing was saved; please try again."),
    503: _l("The service is not ready. Please try again later."),
}
UNAVAILABLE_MESSAGE = _l("The service is busy right now. Nothing was saved; please try again.")
CSRF_MESSAGE = _l(
    "This page was open too long or came from elsewhere. Please reload it and try again."
)


def route_of_request() -> str:
    """The rule that matched, not the path: paths carry desk tokens and dossier codes."""
    return request.url_rule.rule if request.url_rule else "?"


class App(Flask):
    """Flask, whose log of an unhandled exception names the route rather than the path."""

    def log_exception(self, exc_info) -> None:
        # Replaces Flask.log_exception, which logs "Exception on <request.path> [METHOD]".
        self.logger.error(
            "Exception on %s [%s]", route_of_request(), request.method, exc_info=exc_info
        )


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _message(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return str(CSRF_MESSAGE)
    if isinstance(error, ServiceUnavailable) and isinstance(error.__cause__, UNAVAILABLE):
        return str(UNAVAILABLE_MESSAGE)
    return str(MESSAGES.get(error.code or 500, error.description))


def handle_http_error(error: HTTPException):
    code = error.code or 500
    # An unhandled exception was logged already, with its traceback (App.log_exception), and
    # an unavailable database by database_unavailable.
    logged = getattr(error, "original_exception", None) is not None
    logged = logged or isinstance(error.__cause__, UNAVAILABLE)
    if code >= 500 and not logged:
        log.error("%s %s -> %s", request.method, route_of_request(), code, exc_info=error.__cause__)
    # Headers the error carries, such as Allow on a 405; the body is ours.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json():
        slug = (error.name or "error").lower().replace(" ", "_")
        return jsonify(error=slug, message=_message(error)), code, headers
    html = render_template("errors/error.html", code=code, message=_message(error))
    return html, code, headers


def database_unavailable(error: Exception) -> ServiceUnavailable:
    """Roll back and log (the driver's error class, never its SQL or values); a 503 to raise."""
    try:
        db.session.rollback()
    except UNAVAILABLE:
        pass  # the connection is gone; the pool replaces it
    cause = type(getattr(error, "orig", None) or error).__name__
    log.error("%s %s: database unavailable (%s)", request.method, route_of_request(), cause)
    unavailable = ServiceUnavailable(retry_after=current_app.config["RETRY_AFTER_SECONDS"])
    unavailable.__cause__ = error
    return unavailable


def _handle_database_error(error: Exception):
    return handle_http_error(database_unavailable(error))


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, _handle_database_error)
