"""The citizen's side of a follow-up: the call-back offer after a low rating, and its case.

A rating is low when the overall rating is 1 "Rất không hài lòng" or 2 "Không hài lòng" (the
two "not satisfied" levels of SIPAS's scale). The thank-you page learns which response it
follows from a short-lived signed reference (itsdangerous) to the response's submission key,
which is random and never a row id; the reference is checked again, against the stored
response, when the citizen sends a contact. One response opens at most one case: the case's
unique ``response_id`` decides, also when two sends race. The response is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from surveyapp.extensions import db
from surveyapp.instruments import Questionnaire
from surveyapp.models import Answer, FollowUpCase, FollowUpContact, Response, Unit
from surveyapp.models.clock import utcnow
from surveyapp.services import audit
from surveyapp.services.submissions import RawSubmission

LOW_RATINGS = (1, 2)
OVERALL = "OVERALL"
_SALT = "follow-up offer"
_SEPARATORS = re.compile(r"[\s.\-()]")
# Mobile: 03x, 05x, 07x, 08x, 09x + 7 digits; landline: 02 + area code + number, 11 digits.
_PHONE = re.compile(r"^(0[35789]\d{8}|02\d{9})$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


class CallBackError(ValueError):
    """A refused offer or contact; ``reason`` is a key the page words (feedback/call_back.py)."""

    def __init__(self, reason: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fields = fields or {}  # field name -> problem key, for the form


@dataclass(frozen=True)
class Offer:
    response_id: int
    unit_id: int
    unit_name: str
    language: str
    taken: bool  # a case was opened from this response already


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def reference(submission_key: str) -> str:
    """The signed, short-lived reference the thank-you page carries."""
    return _serializer().dumps(submission_key)


def offer_reference(questionnaire: Questionnaire, raw: RawSubmission) -> str | None:
    """The reference for the call-back offer if the stored submission's overall rating is low."""
    overall = (questionnaire.overall or {}).get("code")
    if overall and raw.answers.get(overall) in LOW_RATINGS:
        return reference(raw.submission_key)
    return None


def _submission_key(signed: str) -> str:
    max_age = current_app.config["FOLLOW_UP_OFFER_SECONDS"]
    try:
        return str(_serializer().loads(signed or "", max_age=max_age))
    except SignatureExpired:
        raise CallBackError("expired") from None
    except BadSignature:
        raise CallBackError("forged") from None


def read_offer(signed: str) -> Offer:
    """The offer a reference stands for. Raises CallBackError: forged, expired, not_low."""
    key = _submission_key(signed)
    query = (
        sa.select(Response.id, Response.unit_id, Unit.name, Response.language, Answer.rating)
        .join(Unit, Unit.id == Response.unit_id)
        .join(Answer, (Answer.response_id == Response.id) & (Answer.criterion == OVERALL))
        .where(Response.submission_key == key)
    )
    row = db.session.execute(query).first()
    if row is None or row.rating not in LOW_RATINGS:
        raise CallBackError("not_low")
    taken = sa.select(FollowUpCase.id).where(FollowUpCase.response_id == row.id)
    return Offer(row.id, row.unit_id, row.name, row.language, db.session.scalar(taken) is not None)


def clean_phone(value: str) -> str | None:
    """A Vietnamese number as 0xxxxxxxxx (from +84 / 84 / 0, with spaces, dots or dashes)."""
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def clean_email(value: str) -> str | None:
    text = unicodedata.normalize("NFC", value).strip()
    return text if len(text) <= 254 and _EMAIL.match(text) else None


def clean_contact(phone: str, email: str, consent: bool) -> tuple[str | None, str | None]:
    """Both values checked and normalised. Raises CallBackError("contact", fields)."""
    phone, email = (phone or "").strip(), (email or "").strip()
    problems: dict[str, str] = {}
    cleaned_phone = clean_phone(phone) if phone else None
    cleaned_email = clean_email(email) if email else None
    if phone and cleaned_phone is None:
        problems["phone"] = "bad_phone"
    if email and cleaned_email is None:
        problems["email"] = "bad_email"
    if not phone and not email:
        problems["phone"] = "no_contact"
    if not consent:
        problems["consent"] = "no_consent"
    if problems:
        raise CallBackError("contact", problems)
    return cleaned_phone, cleaned_email


def open_case(signed: str, phone: str, email: str, consent: bool) -> FollowUpCase:
    """Open the case of the referenced low rating, its contact apart; one commit, audited
    without the contact. Raises CallBackError (nothing stored)."""
    offer = read_offer(signed)
    if offer.taken:
        raise CallBackError("taken")
    phone, email = clean_contact(phone, email, consent)
    case = FollowUpCase(
        response_id=offer.response_id, unit_id=offer.unit_id, language=offer.language
    )
    case.contact = FollowUpContact(phone=phone, email=email, consented_at=utcnow())
    db.session.add(case)
    try:
        audit.record(audit.Actor("citizen"), "follow_up.open", case, None, {"status": "open"})
        db.session.commit()
    except IntegrityError:  # the same reference sent twice at once: the first one stands
        db.session.rollback()
        raise CallBackError("taken") from None
    return case
