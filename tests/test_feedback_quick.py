"""The quick form: its draw, what a response records of it, and the rules it keeps."""

from __future__ import annotations

import re
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner
from scipy import stats

from surveyapp.extensions import db
from surveyapp.models import Response
from surveyapp.services import desk_codes, draws
from surveyapp.services.instruments import latest_version
from tests import factories
from tests.conftest import form_fields

COMPONENTS = {"SVC.1": 4, "SVC.2": 4, "SVC.3": 5, "SVC.4": 3, "SVC.5": 3}
ALL_CRITERIA = {f"{component}.{i}" for component, n in COMPONENTS.items() for i in range(1, n + 1)}


@pytest.fixture
def quick_path(app):
    return factories.desk_path(factories.desk_with_code(form_mode="quick"))


def shown_codes(html: str) -> list[str]:
    """The criteria a page asks about, from its radio buttons (OVERALL left out)."""
    names = re.findall(r'<input type="radio" name="([^"]+)"', html)
    return sorted({name for name in names if name != "OVERALL"})


def load(client, path: str) -> tuple[dict[str, str], list[str]]:
    """Load the form: its hidden fields (honeypot left out) and the criteria it shows."""
    html = client.get(path).get_data(as_text=True)
    fields = {k: v for k, v in form_fields(html).items() if k != "website"}
    return fields, shown_codes(html)


def stored() -> list[Response]:
    return list(db.session.scalars(sa.select(Response)))


def test_quick_form_shows_the_overall_rating_and_one_criterion_per_component(client, quick_path):
    html = client.get(quick_path).get_data(as_text=True)
    codes = shown_codes(html)
    assert sorted(code.rsplit(".", 1)[0] for code in codes) == sorted(COMPONENTS)
    assert html.count('name="OVERALL"') == 5 and "Nhìn chung" in html
    assert 'name="priorities"' in html and 'name="comment"' in html
    assert html.count('value="na"') == 5  # "not applicable" on each drawn criterion
    assert 'name="draw"' in html
    full = re.search(r'<a href="([^"]+)">Đánh giá đầy đủ</a>', html).group(1)
    full_html = client.get(full.replace("&amp;", "&")).get_data(as_text=True)
    assert set(shown_codes(full_html)) == ALL_CRITERIA and 'name="draw"' not in full_html


def test_desks_that_existed_keep_the_full_form(client, desk_path):
    html = client.get(desk_path).get_data(as_text=True)
    assert set(shown_codes(html)) == ALL_CRITERIA and 'name="draw"' not in html


def test_each_page_load_draws_anew_and_every_criterion_is_drawn(client, quick_path):
    """The page cache must not hand one citizen's draw to the next."""
    seen = Counter()
    draws_seen = set()
    for _ in range(120):
        fields, codes = load(client, quick_path)
        seen.update(codes)
        draws_seen.add(tuple(codes))
    assert set(seen) == ALL_CRITERIA
    assert len(draws_seen) > 60  # 720 possible sets: repeats are rare when each load draws


def _masked(html: str) -> str:
    """The page without the values that differ at every load (submission key, draw)."""
    return re.sub(r'name="(submission_key|draw)" value="[^"]*"', r'name="\1"', html)


def test_a_quick_page_from_the_cache_is_the_page_drawn_afresh(app, client, quick_path, monkeypatch):
    pick = {"index": 0}
    monkeypatch.setattr(draws._RANDOM, "choice", lambda codes: codes[pick["index"]])
    first = client.get(quick_path).get_data(as_text=True)  # kept in the page cache
    pick["index"] = -1
    cached = client.get(quick_path).get_data(as_text=True)  # the cached page, redrawn
    app.extensions["surveyapp.caches"].clear()
    fresh = client.get(quick_path).get_data(as_text=True)
    assert shown_codes(first) != shown_codes(cached)
    assert _masked(cached) == _masked(fresh)
    assert form_fields(cached)["draw"] != form_fields(first)["draw"]


def test_draws_are_uniform_within_components_and_independent_between_them(app):
    questionnaire = latest_version("sipas-desk").questionnaire
    sets = [draws.draw(questionnaire) for _ in range(12_000)]
    for position, (component, size) in enumerate(COMPONENTS.items()):
        counts = Counter(drawn[position] for drawn in sets)
        assert set(counts) == {f"{component}.{i}" for i in range(1, size + 1)}
        assert stats.chisquare(list(counts.values())).pvalue > 0.001
    pairs = Counter((drawn[0], drawn[2]) for drawn in sets)  # SVC.1 against SVC.3
    table = [[pairs[(f"SVC.1.{a}", f"SVC.3.{b}")] for b in range(1, 6)] for a in range(1, 5)]
    assert stats.chi2_contingency(table).pvalue > 0.001


def test_a_quick_response_records_its_shown_set(client, quick_path):
    fields, codes = load(client, quick_path)
    skipped, not_applicable, *rated = codes
    data = fields | {code: "4" for code in rated} | {not_applicable: "na", "OVERALL": "5"}
    assert client.post(quick_path, data=data).status_code == 303
    (response,) = stored()
    assert response.shown_criteria.split(";") == codes
    answers = {answer.criterion: answer.rating for answer in response.answers}
    # shown and rated; shown and "not applicable" (NULL); shown and skipped (no row); and the
    # fourteen criteria not shown have no row either, but the shown set tells them apart
    assert answers == {code: 4 for code in rated} | {not_applicable: None, "OVERALL": 5}
    assert skipped not in answers


def test_an_answer_outside_the_shown_set_is_refused(client, quick_path):
    fields, codes = load(client, quick_path)
    hidden = sorted(ALL_CRITERIA - set(codes))[0]
    response = client.post(quick_path, data=fields | {"OVERALL": "4", hidden: "1"})
    assert response.status_code == 400
    assert "Câu hỏi này không có trong phiếu" in response.get_data(as_text=True)
    assert stored() == []


def _altered(draw: str) -> str:
    message, timestamp, signature = draw.rsplit(".", 2)
    return f"{message.replace('.1', '.2', 1)}.{timestamp}.{signature}"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_altered, id="a code changed"),
        pytest.param(lambda draw: draw[:-2], id="signature cut"),
        pytest.param(lambda draw: "", id="emptied"),
        pytest.param(lambda draw: "1:1:SVC.1.1;SVC.2.1;SVC.3.1;SVC.4.1;SVC.5.1", id="unsigned"),
    ],
)
def test_a_tampered_draw_is_refused_and_nothing_stored(client, quick_path, change):
    fields, codes = load(client, quick_path)
    data = fields | {code: "5" for code in codes} | {"OVERALL": "5"}
    response = client.post(quick_path, data=data | {"draw": change(fields["draw"])})
    assert response.status_code == 400
    assert "Phiếu đã bị thay đổi hoặc thuộc quầy khác" in response.get_data(as_text=True)
    assert stored() == []


def test_a_draw_made_for_another_desk_is_refused(client, quick_path):
    other = factories.desk_path(factories.desk_with_code(form_mode="quick"))
    foreign, codes = load(client, other)
    fields, _ = load(client, quick_path)
    data = fields | {"draw": foreign["draw"], "OVERALL": "4"} | {code: "4" for code in codes}
    response = client.post(quick_path, data=data)
    assert response.status_code == 400 and stored() == []


def test_an_expired_draw_is_refused_with_the_answers_kept(client, quick_path, monkeypatch):
    signed_at = time.time() - 8 * 3600 - 60  # the form's CSRF time limit, and a minute
    with monkeypatch.context() as old_clock:
        old_clock.setattr(TimestampSigner, "get_timestamp", lambda self: int(signed_at))
        fields, codes = load(client, quick_path)
    data = fields | {codes[0]: "2", "OVERALL": "3", "comment": "Chờ lâu"}
    response = client.post(quick_path, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and stored() == []
    assert "Trang đã mở quá lâu" in html and "Chờ lâu" in html
    assert shown_codes(html) == codes  # the same questions, signed afresh
    again = form_fields(html) | {codes[0]: "2", "OVERALL": "3"}
    assert client.post(quick_path, data=again).status_code == 303
    assert stored()[0].shown_criteria.split(";") == codes


def test_a_quick_form_sent_twice_is_stored_once_and_a_changed_one_refused(client, quick_path):
    fields, codes = load(client, quick_path)
    data = fields | {codes[0]: "4", "OVERALL": "4"}
    assert client.post(quick_path, data=data).status_code == 303
    assert client.post(quick_path, data=data).status_code == 303  # double tap
    assert client.post(quick_path, data=data | {"OVERALL": "1"}).status_code == 409
    assert len(stored()) == 1


def test_a_quick_form_keeps_the_one_rating_per_dossier_rule(client, app):
    desk = factories.desk_with_code(form_mode="quick")
    parts = urlsplit(desk_codes.receipt_url(desk, "000.00.12.H56-241121-0002"))
    path = f"{parts.path}?{parts.query}"
    fields, codes = load(client, path)
    assert len(codes) == 5
    assert client.post(path, data=fields | {"OVERALL": "5"}).status_code == 303
    assert client.get(path).status_code == 409
    fields_again = fields | {"submission_key": "e" * 32, "OVERALL": "5"}
    assert client.post(path, data=fields_again).status_code == 409
    assert len(stored()) == 1


def test_a_quick_form_needs_its_csrf_token(csrf_app):
    client = csrf_app.test_client()
    with csrf_app.app_context():
        path = factories.desk_path(factories.desk_with_code(form_mode="quick"))
    fields, codes = load(client, path)
    data = fields | {"OVERALL": "4"}
    without = {k: v for k, v in data.items() if k != "csrf_token"}
    assert client.post(path, data=without).status_code == 400
    assert client.post(path, data=data).status_code == 303
    with csrf_app.app_context():
        assert factories.response_count() == 1
        assert factories.answer_count() == 1
