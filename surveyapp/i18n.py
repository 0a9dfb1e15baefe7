"""Language choice (Vietnamese first, English on request) and Vietnamese number/date formats."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from babel import Locale
from flask import Flask, current_app, request, url_for
from flask_babel import format_datetime, format_decimal, format_percent, get_locale, refresh

from surveyapp.extensions import babel
from surveyapp.sessions import cookies_secure

COOKIE = "lang"


@cache
def _locale(identifier: str) -> Locale:
    """Parsed once per process: parsing looks for the locale's data file on disk each time."""
    return Locale.parse(identifier)


def select_locale() -> Locale:
    """``?lang=`` wins, then the cookie it sets, then the default (vi). Browser headers are
    ignored on purpose: many Vietnamese phones run an English UI."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if candidate in languages:
            return _locale(candidate)
    return _locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def _remember_language(response):
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and chosen != request.cookies.get(COOKIE):
        response.set_cookie(
            COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", secure=cookies_secure()
        )
    return response


def _other_language() -> str:
    return "en" if str(get_locale()) == "vi" else "vi"


def _switch_language_url() -> str:
    """The current page in the other language (query string kept, e.g. a receipt's dossier)."""
    args = request.args.to_dict() | {"lang": _other_language()}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def number(value: float, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' in Vietnamese."""
    return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""))


def percent(value: float, digits: int = 1) -> str:
    """0.8123 -> '81,2%' in Vietnamese."""
    return format_percent(value, format="#,##0." + "0" * digits + "%")


def local_datetime(value: datetime, pattern: str = "dd/MM/yyyy HH:mm") -> str:
    """A stored naive-UTC time in the configured time zone: day first, as on Vietnamese forms."""
    return format_datetime(value.replace(tzinfo=UTC), pattern)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel caches the locale on the app context; each request chooses its own.
    app.before_request(refresh)
    app.after_request(_remember_language)
    app.jinja_env.filters.update(number=number, percent=percent, datetime=local_datetime)
    app.jinja_env.globals.update(
        other_language=_other_language,
        switch_language_url=_switch_language_url,
        current_locale=get_locale,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
