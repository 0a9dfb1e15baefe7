"""The blank form page, kept per desk link, language and questionnaire version.

Loading the blank form is the most frequent request. Two citizens' pages differ only by their
CSRF token and submission key, so the rendered page is kept (``FORM_CACHE_SECONDS``, a minute
by default) and those two values are swapped in. A quick form differs by its draw too: its
signed draw and the fieldset of each drawn criterion (each rendered once, :func:`fieldsets`)
are swapped in the same way, so no citizen gets another's draw. Pages with answers or errors
are always rendered afresh.
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


def fieldsets(key: tuple, codes: tuple[str, ...], render: Callable[[str], str]) -> tuple[str, ...]:
    """The blank fieldset of each criterion in ``codes``, rendered by ``render(code)`` once per
    ``key`` (language and questionnaire version) and code."""
    cache = app_cache("quick form fieldsets", maxsize=MAX_PAGES)
    return tuple(cache.get_or_load(key + (code,), lambda code=code: render(code)) for code in codes)
