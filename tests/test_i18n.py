"""Vietnamese number and date formats, and the catalogs behind both languages."""

from __future__ import annotations

from datetime import datetime

import pytest
from babel.messages.pofile import read_po

from surveyapp.i18n import local_datetime, number, percent
from tests.conftest import TRANSLATIONS


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", ("1.234,5", "81,2%")), ("en", ("1,234.5", "81.2%"))],
)
def test_numbers_and_dates_follow_the_language(app, lang, expected):
    with app.test_request_context(f"/?lang={lang}"):
        app.preprocess_request()
        when = datetime(2026, 11, 21, 2, 30)  # stored UTC; 09:30 in Hà Nội
        shown = (number(1234.5, 1), percent(0.8123), local_datetime(when))
        assert shown == (*expected, "21/11/2026 09:30")


def test_vietnamese_catalog_translates_every_message():
    with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        catalog = read_po(stream)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []
    assert len(catalog) > 60
