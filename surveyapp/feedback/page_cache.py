"""The blank form page, kept per desk link, language and questionnaire version.

Loading the blank form is the most frequent request. Two citizens' pages differ only by their
CSRF token and submission key, so the rendered page is kept (``FORM_CACHE_SECONDS``, a minute
by default) and those two values are swapped in. Pages with answers or errors are always
rendered afresh.
"""

from __future__ import annotations

from collections.abc import Callable

from surveyapp.caching import app_cache

MAX_PAGES = 4096


def blank_page(key: tuple, values: tuple[str, ...], render: Callable[[], str]) -> str:
    """The page for ``key`` carrying this request's ``values`` (e.g. CSRF token, submission key).

    ``render`` must produce the page with exactly those ``values`` in it.
    """
    cache = app_cache("blank form pages", maxsize=MAX_PAGES)
    html, old_values = cache.get_or_load(key, lambda: (render(), values))
    for old, new in zip(old_values, values, strict=True):
        html = html.replace(old, new, 1)
    return html
