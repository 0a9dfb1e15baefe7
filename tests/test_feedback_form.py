"""The citizen form: rendering, submitting, and every kind of bad input."""

from __future__ import annotations

import re
import unicodedata

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, Choice, Response
from tests import factories
from tests.conftest import form_fields


def _post_data(client, path, **answers):
    fields = form_fields(client.get(path).get_data(as_text=True))
    return {k: v for k, v in fields.items() if k != "website"} | answers


def test_form_shows_every_criterion_in_vietnamese(client, desk_path):
    html = client.get(desk_path).get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Thái độ giao tiếp lịch sự, tôn trọng" in html
    for code in factories.full_answers():
        options = 5 if code == "OVERALL" else 6  # 1-5, and "not applicable" where it can be
        assert html.count(f'name="{code}"') == options
    assert html.count("<fieldset") >= 20
    assert "Không áp dụng" in html and "Gửi đánh giá" in html


def test_form_switches_to_english_and_remembers_it(client, desk_path):
    html = client.get(desk_path + "?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Polite and respectful manner" in html
    assert "Tiếng Việt" in html  # the switch back is visible
    again = client.get(desk_path).get_data(as_text=True)
    assert '<html lang="en">' in again


def test_form_page_is_small_and_self_contained(client, desk_path):
    response = client.get(desk_path)
    html = response.get_data(as_text=True)
    stylesheets = re.findall(r'href="([^"]+\.css)"', html)
    css = b""
    for href in stylesheets:
        with client.get(href) as stylesheet:
            css += stylesheet.data
    assert len(response.data) + len(css) < 30 * 1024
    assert not re.search(r'(src|href|action)="(https?:)?//', html)
    assert "<script" not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_every_radio_has_a_label_and_group_legend(client, desk_path):
    html = client.get(desk_path).get_data(as_text=True)
    radios = re.findall(r"<label(?: class=na)?><input type=\"radio\"", html)
    assert len(radios) == html.count('type="radio"')
    assert html.count("<fieldset") == html.count("<legend>")
    # "1" is read with its meaning, and the meaning is shown beside a face, not only the number
    assert '<i class="f1">1 </i>Rất không hài lòng</span>' in html


def test_error_summary_links_to_each_question(client, desk_path):
    data = form_fields(client.get(desk_path).get_data(as_text=True))
    html = client.post(desk_path, data=data | {"SVC.1.1": "9"}).get_data(as_text=True)
    assert "<title>Lỗi:" in html
    assert '<a href="#SVC.1.1-q">' in html and '<a href="#OVERALL-q">' in html
    assert 'id="SVC.1.1-q"' in html and 'id="OVERALL-q"' in html


def test_submit_stores_response_and_redirects_to_thanks(client, desk, desk_path):
    data = _post_data(client, desk_path, **{"SVC.1.1": "5", "SVC.5.3": "na", "OVERALL": "4"})
    data |= {"priorities": ["time", "online"], "sex": "female", "procedure": "1.001193"}
    response = client.post(desk_path, data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/thanks")
    stored = db.session.scalars(sa.select(Response)).one()
    assert stored.desk_id == desk.id and stored.source == "form" and stored.language == "vi"
    ratings = {a.criterion: a.rating for a in db.session.scalars(sa.select(Answer))}
    assert ratings == {"SVC.1.1": 5, "SVC.5.3": None, "OVERALL": 4}
    picked = {(c.question, c.option) for c in db.session.scalars(sa.select(Choice))}
    assert picked == {("priorities", "time"), ("priorities", "online"), ("sex", "female")}
    assert stored.procedure_id is not None
    assert "Xin cảm ơn" in client.get("/thanks").get_data(as_text=True)


def test_double_submit_is_stored_once(client, desk_path):
    data = _post_data(client, desk_path, OVERALL="5")
    first, second = client.post(desk_path, data=data), client.post(desk_path, data=data)
    assert first.status_code == second.status_code == 303
    assert factories.response_count() == 1
    assert factories.answer_count() == 1


def test_each_page_load_gets_a_new_submission_key(client, desk_path):
    first = form_fields(client.get(desk_path).get_data(as_text=True))["submission_key"]
    second = form_fields(client.get(desk_path).get_data(as_text=True))["submission_key"]
    assert first != second


def test_comment_is_trimmed_normalised_and_capped(app, client, desk_path):
    decomposed = unicodedata.normalize("NFD", "Cán bộ nhiệt tình")
    comment = "  \x00" + decomposed + "\u200b" + "x" * 5000 + "  "
    client.post(desk_path, data=_post_data(client, desk_path, OVERALL="4", comment=comment))
    stored = db.session.scalars(sa.select(Response.comment)).one()
    assert stored.startswith("Cán bộ nhiệt tình") and unicodedata.is_normalized("NFC", stored)
    assert len(stored) == app.config["COMMENT_MAX_LENGTH"]
    assert "\x00" not in stored and "\u200b" not in stored


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"OVERALL": "6"}, "từ 1 đến 5"),
        ({"OVERALL": "0"}, "từ 1 đến 5"),
        ({"OVERALL": "4", "SVC.1.1": "9"}, "từ 1 đến 5"),
        ({"OVERALL": "4", "SVC.1.1": "abc"}, "từ 1 đến 5"),
        # Only the ASCII digits are ratings: superscripts, circled, Arabic-Indic, Thai and
        # full-width digits are refused, not read as numbers.
        *(({"OVERALL": digit}, "từ 1 đến 5") for digit in ("³", "²", "③", "٣", "๓", "３")),
        ({"OVERALL": "4", "SVC.1.1": " 3"}, "từ 1 đến 5"),
        ({"OVERALL": "4", "SVC.9.9": "4"}, "không có trong phiếu"),
        ({"OVERALL": "4", "POL.A.1": "4"}, "không có trong phiếu"),
        ({"SVC.1.1": "4"}, "mức hài lòng chung"),
        ({}, "ít nhất một nội dung"),
        ({"OVERALL": "na"}, "mức hài lòng chung"),
        ({"OVERALL": "4", "sex": "robot"}, "không có trong danh sách"),
        ({"OVERALL": "4", "procedure": "9.999999"}, "không được giải quyết tại đây"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_page(client, desk_path, answers, message):
    response = client.post(desk_path, data=_post_data(client, desk_path, **answers))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'name="SVC.1.1"' in html  # the form is shown again, answers kept
    assert factories.response_count() == 0


def test_refused_form_keeps_the_citizens_answers(client, desk_path):
    data = _post_data(client, desk_path, **{"SVC.3.1": "2", "OVERALL": "7"}, comment="Chờ lâu")
    html = client.post(desk_path, data=data).get_data(as_text=True)
    assert re.search(r'<input[^>]*name="SVC.3.1"[^>]*value="2"[^>]*checked', html)
    assert "Chờ lâu" in html


def test_honeypot_is_refused_and_nothing_stored(client, desk_path):
    data = _post_data(client, desk_path, OVERALL="4", website="http://spam.example")
    assert client.post(desk_path, data=data).status_code == 400
    assert factories.response_count() == 0


def test_wrong_content_type_is_refused(client, desk_path):
    response = client.post(desk_path, data='{"OVERALL": 4}', content_type="application/json")
    assert response.status_code == 415
    assert "Không chấp nhận loại nội dung này" in response.get_data(as_text=True)
    assert factories.response_count() == 0


def test_oversized_body_is_refused(client, desk_path):
    data = _post_data(client, desk_path, OVERALL="4", comment="x" * 70_000)
    response = client.post(desk_path, data=data)
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)
    assert factories.response_count() == 0


def test_missing_submission_key_is_refused(client, desk_path):
    data = _post_data(client, desk_path, OVERALL="4")
    del data["submission_key"]
    assert client.post(desk_path, data=data).status_code == 400
    assert factories.response_count() == 0


@pytest.mark.parametrize(
    "token",
    ["NOTATOKEN", "A" * 24, "1234", "a b", "AAAAAAAA" + "B" * 16],
)
def test_unknown_or_forged_token_shows_a_clear_page(client, desk, token):
    for method in (client.get, client.post):
        response = method(f"/q/{token}", data={"OVERALL": "4"})
        assert response.status_code == 404
        assert "Mã QR không hợp lệ" in response.get_data(as_text=True)
    assert factories.response_count() == 0


def test_token_with_a_valid_key_but_forged_signature_is_refused(client, desk):
    token = factories.token(desk)
    forged = token[:8] + ("A" if token[8] != "A" else "B") + token[9:]
    assert client.get(f"/q/{forged}").status_code == 404
    assert client.get(f"/q/{token.lower()}").status_code == 200  # scanners may lower-case


def test_a_form_sent_again_with_other_answers_is_refused_and_the_first_kept(client, desk_path):
    """Back in the browser, change an answer, send again: the same submission key."""
    data = _post_data(client, desk_path, OVERALL="5", comment="Rất tốt")
    assert client.post(desk_path, data=data).status_code == 303
    changed = client.post(desk_path, data=data | {"OVERALL": "1"})
    assert changed.status_code == 409
    assert "đã được gửi" in changed.get_data(as_text=True)
    assert db.session.scalars(sa.select(Answer.rating)).all() == [5]
    assert client.post(desk_path, data=data).status_code == 303  # the same answers: a retry
    assert factories.response_count() == 1
