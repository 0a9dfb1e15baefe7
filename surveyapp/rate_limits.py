"""Per-client rate limits, counted by the ``limits`` library in ``RATELIMIT_STORAGE_URI``.

Each limited route names the setting that holds its limits (``"30 per minute;600 per hour"``);
a request costs one fixed-window hit per limit, counted per client address, route and method.
Flask-Limiter, used before, wraps the same library, but its per-request work (finding a route's
limits, calling and parsing them again, X-RateLimit headers) was a tenth of the form POST's
server time and 541 of its 3,618 Python calls (``benchmarks/README.md``). A throttled client
gets 429 with ``Retry-After``; the page or JSON comes from :mod:`surveyapp.errors`.

The counters live where ``RATELIMIT_STORAGE_URI`` says: ``worker-memory://`` (the default,
:mod:`surveyapp.rate_limit_storage`) counts per worker; ``redis://`` shares them between workers
and hosts. ``RATELIMIT_ENABLED = False`` turns the limits off (tests, benchmarks of other parts).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterable

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from surveyapp import rate_limit_storage  # noqa: F401  (registers worker-memory://)


class RateLimits:
    """One app's limits: the parsed settings and the counters' storage."""

    def __init__(self, app: Flask) -> None:
        self.enabled = bool(app.config["RATELIMIT_ENABLED"])
        self.storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
        self.window = FixedWindowRateLimiter(self.storage)
        self._config = app.config
        self._parsed: dict[str, list[RateLimitItem]] = {}

    def items(self, setting: str) -> list[RateLimitItem]:
        """The limits in ``setting``, parsed at the first request that needs them."""
        if setting not in self._parsed:
            self._parsed[setting] = parse_many(self._config[setting])
        return self._parsed[setting]

    def hit(self, setting: str, scope: str, client: str) -> None:
        """Count one request; 429 with Retry-After when any of the limits is used up."""
        for item in self.items(setting):
            if not self.window.hit(item, scope, client):
                reset = self.window.get_window_stats(item, scope, client).reset_time
                raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))

    def reset(self) -> None:
        self.storage.reset()


def client_key() -> str:
    """The client address as seen after ProxyFix (PROXY_COUNT). Kept in the counters only."""
    return request.remote_addr or "unknown"


def check(setting: str) -> None:
    """Count this request against ``setting``'s limits, per client, route and method."""
    limits: RateLimits = current_app.extensions["rate_limits"]
    if limits.enabled:
        limits.hit(setting, f"{request.endpoint}:{request.method}", client_key())


def limited(setting: str, methods: Iterable[str] | None = None) -> Callable:
    """A view decorator: count the view's requests (of ``methods`` only, if given)."""
    counted = None if methods is None else frozenset(methods)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if counted is None or request.method in counted:
                check(setting)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def init_app(app: Flask) -> None:
    app.extensions["rate_limits"] = RateLimits(app)
