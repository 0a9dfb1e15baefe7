"""The call-back offer after a low rating: only after a low overall rating, only once per
rating, only with consent and a valid contact, only with a genuine, fresh reference."""

from __future__ import annotations

import base64
import json
import unicodedata

import pytest
import sqlalchemy as sa

from surveyapp.extensions import db
from surveyapp.models import Answer, AuditRecord, FollowUpCase, FollowUpContact, Response
from surveyapp.services import follow_up_offer
from tests import factories
from tests import follow_up_data as data
from tests.conftest import form_fields


@pytest.fixture
def desks(app):
    return data.build()["desks"]


def _payload(url: str) -> str:
    signed = url.split("ref=", 1)[1]
    encoded = signed.split(".", 1)[0]
    return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))


@pytest.mark.parametrize("overall", [1, 2])
def test_a_low_rating_is_stored_then_offered_a_call_back(client, desks, overall):
    url = data.rate(client, desks["A"], overall)
    assert url.startswith("/thanks/call-back?ref=")
    stored = db.session.scalars(sa.select(Response)).one()  # stored before the offer
    # The reference names the random submission key, never the response's row id.
    assert _payload(url) == stored.submission_key != str(stored.id)
    html = client.get(url).get_data(as_text=True)
    assert "Xin cảm ơn" in html and "đã được ghi nhận" in html
    assert 'type="tel"' in html and 'type="checkbox"' in html and "<script" not in html
    consent = unicodedata.normalize("NFC", html)
    assert "chỉ để liên hệ lại với tôi" in consent and "30 ngày" in consent
    assert "ẩn danh" in consent and desks["A"].unit.name in consent


@pytest.mark.parametrize("overall", [3, 4, 5])
def test_other_ratings_get_the_plain_thank_you(client, desks, overall):
    assert data.rate(client, desks["A"], overall) == "/thanks"
    assert "call-back" not in client.get("/thanks").get_data(as_text=True)


def test_a_contact_opens_one_case_and_leaves_the_response_as_it_was(client, desks):
    url = data.rate(client, desks["A"], 2)
    response = db.session.scalars(sa.select(Response)).one()
    before = (response.comment, {a.criterion: a.rating for a in response.answers})
    sent = data.leave_contact(client, url, email="  " + data.EMAIL)
    assert sent.status_code == 303 and sent.headers["Location"] == "/thanks/call-back/done"
    assert "sẽ liên hệ" in client.get(sent.headers["Location"]).get_data(as_text=True)
    case = db.session.scalars(sa.select(FollowUpCase)).one()
    assert (case.response_id, case.unit_id, case.status) == (response.id, response.unit_id, "open")
    assert (case.contact.phone, case.contact.email) == (data.PHONE_STORED, data.EMAIL)
    db.session.expire_all()
    answers = db.session.scalars(sa.select(Answer).where(Answer.response_id == response.id))
    assert (response.comment, {a.criterion: a.rating for a in answers}) == before
    record = db.session.scalars(sa.select(AuditRecord)).one()
    opened = (record.actor, record.action, record.after)
    assert opened == ("citizen", "follow_up.open", {"status": "open"})


def test_a_reference_opens_at_most_one_case(client, desks):
    url = data.rate(client, desks["A"], 1)
    assert data.leave_contact(client, url).status_code == 303
    again = client.post(url, data={"phone": "0987654321", "consent": "yes"})
    assert again.status_code == 409 and "không lưu thêm" in again.get_data(as_text=True)
    assert data.counts() == (1, 1, 1)
    assert client.get(url).headers["Location"] == "/thanks/call-back/done"
    contact = db.session.scalars(sa.select(FollowUpContact)).one()
    assert contact.phone == data.PHONE_STORED  # the first one stands


def test_consent_is_required_and_nothing_is_stored_without_it(client, desks):
    url = data.rate(client, desks["A"], 1)
    refused = data.leave_contact(client, url, consent="")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Đánh dấu vào ô đồng ý" in html
    assert f'value="{data.PHONE}"' in html  # kept for the second try
    assert data.counts() == (1, 0, 0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditRecord)) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "12345"}, "không phải số điện thoại Việt Nam"),
        ({"phone": "0112 345 678"}, "không phải số điện thoại Việt Nam"),
        ({"phone": "0912 345 6789"}, "không phải số điện thoại Việt Nam"),
        ({"phone": "", "email": "hoa@"}, "không phải địa chỉ thư điện tử"),
        ({"phone": "", "email": "hoa nguyen@example.vn"}, "không phải địa chỉ thư điện tử"),
        ({"phone": "", "email": ""}, "Ghi số điện thoại hoặc địa chỉ thư điện tử"),
    ],
)
def test_a_bad_contact_is_refused_with_a_clear_message(client, desks, fields, message):
    url = data.rate(client, desks["A"], 1)
    refused = data.leave_contact(client, url, **fields)
    assert refused.status_code == 400
    assert message in unicodedata.normalize("NFC", refused.get_data(as_text=True))
    assert data.counts() == (1, 0, 0)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84-912-345-678", "0912345678"),
        ("０９１２３４５６７８", "0912345678"),  # full-width digits from a phone keyboard
        ("0358 123 456", "0358123456"),
        ("(024) 3825 1234", "02438251234"),  # Hà Nội landline
        ("0212 345 678", None),  # 02 needs 11 digits
        ("0412 345 678", None),  # no such prefix
        ("0912 345 67", None),
    ],
)
def test_vietnamese_phone_numbers(app, typed, stored):
    assert follow_up_offer.clean_phone(typed) == stored


def test_a_forged_reference_is_refused(client, desks):
    url = data.rate(client, desks["A"], 1)
    signed = url.split("ref=", 1)[1]
    forged = url[: -len(signed)] + signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    for target in (forged, "/thanks/call-back?ref=", "/thanks/call-back"):
        assert client.get(target).status_code == 400
        refused = data.leave_contact(client, target)
        assert refused.status_code == 400 and "không hợp lệ" in refused.get_data(as_text=True)
    assert data.counts() == (1, 0, 0)


def test_a_reference_signed_with_another_key_is_refused(app, client, desks):
    data.rate(client, desks["A"], 1)
    key = db.session.scalars(sa.select(Response.submission_key)).one()
    app.secret_key, original = "another-secret", app.secret_key
    signed = follow_up_offer.reference(key)
    app.secret_key = original
    assert client.post(f"/thanks/call-back?ref={signed}", data={}).status_code == 400
    assert data.counts() == (1, 0, 0)


def test_an_expired_reference_is_refused(app, client, desks):
    url = data.rate(client, desks["A"], 1)
    fields = form_fields(client.get(url).get_data(as_text=True))
    app.config["FOLLOW_UP_OFFER_SECONDS"] = -1  # every reference is older than that
    refused = client.post(url, data=fields | {"phone": data.PHONE, "consent": "yes"})
    assert refused.status_code == 410 and "đã hết hạn" in refused.get_data(as_text=True)
    assert data.counts() == (1, 0, 0)


def test_a_genuine_reference_to_a_satisfied_rating_opens_nothing(client, desks):
    data.rate(client, desks["A"], 5)
    key = db.session.scalars(sa.select(Response.submission_key)).one()
    url = f"/thanks/call-back?ref={follow_up_offer.reference(key)}"
    assert client.get(url).status_code == 404
    assert data.leave_contact(client, url).status_code == 404
    assert data.counts() == (1, 0, 0)


def test_the_offer_checks_its_csrf_token(csrf_app):
    with csrf_app.app_context():
        path = factories.desk_path(data.build()["desks"]["A"])
    client = csrf_app.test_client()
    url = data.rate(client, path, 1)
    refused = client.post(url, data={"phone": data.PHONE, "consent": "yes"})
    assert refused.status_code == 400
    assert f'value="{data.PHONE}"' in refused.get_data(as_text=True)
    with csrf_app.app_context():
        assert data.counts() == (1, 0, 0)
    assert data.leave_contact(client, url).status_code == 303
    with csrf_app.app_context():
        assert data.counts() == (1, 1, 1)


def test_the_offer_in_english(client, desks):
    url = data.rate(client, desks["A"], 2)
    html = client.get(url + "&lang=en").get_data(as_text=True)
    assert "call you back" in html and "erased 30 days after" in html
