"""The blank form page, kept for a minute per desk link, language and questionnaire version.

Loading the blank form is the most frequent request. Two citizens' pages differ only by their
CSRF token and submission key, so the rendered page is kept and those two values are swapped
in. Pages with answers or errors are always rendered afresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable

TTL_SECONDS = 60.0
MAX_PAGES = 4096

_pages: dict[tuple, tuple[float, str, tuple[str, ...]]] = {}


def blank_page(key: tuple, values: tuple[str, ...], render: Callable[[], str]) -> str:
    """The page for ``key`` carrying this request's ``values`` (e.g. CSRF token, submission key).

    ``render`` must produce the page with exactly those ``values`` in it.
    """
    now = time.monotonic()
    cached = _pages.get(key)
    if cached is None or now - cached[0] > TTL_SECONDS:
        if len(_pages) >= MAX_PAGES:
            _pages.clear()
        html = render()
        _pages[key] = (now, html, values)
        return html
    _, html, old_values = cached
    for old, new in zip(old_values, values, strict=True):
        html = html.replace(old, new, 1)
    return html
