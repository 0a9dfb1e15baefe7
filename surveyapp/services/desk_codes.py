"""Desk QR codes: issue, re-issue (revoking the old one), resolve a scanned token."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

from surveyapp import signing
from surveyapp.extensions import db
from surveyapp.models import Desk, DeskCode
from surveyapp.models.clock import utcnow
from surveyapp.services import desk_views
from surveyapp.services.desk_views import DeskView

TOKEN_PURPOSE = "desk-qr"
RECEIPT_PURPOSE = "receipt"
KEY_LENGTH = 8
TOKEN_PATTERN = re.compile(r"^[A-Z2-7]{24}$")
DOSSIER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")


class UnknownCode(LookupError):
    """The token was never issued, or its signature is wrong."""


class RevokedCode(LookupError):
    """The token was valid once but its desk has been given a new code."""

    def __init__(self, desk: DeskView) -> None:
        super().__init__(desk.code)
        self.desk = desk


def token_for(code: DeskCode) -> str:
    return code.key + signing.sign(TOKEN_PURPOSE, code.key)


def current_code(desk: Desk) -> DeskCode | None:
    return next((code for code in reversed(desk.codes) if code.revoked_at is None), None)


def desk_url(desk: Desk) -> str:
    """The public link a desk's QR code encodes."""
    code = current_code(desk)
    if code is None:
        raise LookupError(f"desk {desk.code} has no active QR code")
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/q/" + token_for(code)


def issue(desk: Desk) -> DeskCode:
    """A new code for the desk. No commit: the caller's use case commits."""
    code = DeskCode(desk=desk, key=signing.new_key())
    db.session.add(code)
    return code


def ensure_codes(desks: list[Desk]) -> int:
    """Give every desk without an active code a first one (one transaction). Returns how many."""
    issued = [issue(desk) for desk in desks if current_code(desk) is None]
    db.session.commit()
    return len(issued)


def reissue(desk: Desk) -> DeskCode:
    """Revoke the desk's active code and issue a new one. No commit: the use case commits."""
    now = utcnow()
    for code in desk.codes:
        if code.revoked_at is None:
            code.revoked_at = now
    return issue(desk)


def _verified_key(token: str) -> str:
    """The code key of a well-formed, correctly signed token. Raises UnknownCode."""
    token = token.strip().upper()
    if not TOKEN_PATTERN.match(token):
        raise UnknownCode(token)
    key, signature = token[:KEY_LENGTH], token[KEY_LENGTH:]
    if not signing.verify(TOKEN_PURPOSE, key, signature):
        raise UnknownCode(token)
    return key


def resolve(token: str) -> DeskView:
    """The desk a scanned token belongs to, read afresh. Raises UnknownCode or RevokedCode."""
    key = _verified_key(token)
    state = desk_views.by_code_key(key)
    if state is None or not state.desk.active:
        raise UnknownCode(key)
    if state.revoked_at is not None:
        raise RevokedCode(state.desk)
    return state.desk


def desk_by_code(desk_code: str) -> DeskView:
    """An active desk by its code (receipt links), read afresh. Raises UnknownCode."""
    desk = desk_views.by_desk_code(desk_code)
    if desk is None or not desk.active:
        raise UnknownCode(desk_code)
    return desk


@dataclass(frozen=True)
class Dossier:
    """A dossier code whose receipt signature has been checked."""

    code: str

    @property
    def digest(self) -> str:
        return signing.digest("dossier", self.code)


def _receipt_message(desk: Desk | DeskView, dossier_code: str) -> str:
    """What a receipt signature covers: the desk and the dossier together."""
    return f"{desk.code}\n{dossier_code}"


def dossier_reference(desk: Desk | DeskView, dossier_code: str) -> str:
    """Signed reference printed in a receipt QR: ``<dossier code>.<signature>``."""
    if not DOSSIER_PATTERN.match(dossier_code):
        raise ValueError("dossier code: 1-64 letters, digits, '.', '_' or '-'")
    return f"{dossier_code}.{signing.sign(RECEIPT_PURPOSE, _receipt_message(desk, dossier_code))}"


def receipt_url(desk: Desk | DeskView, dossier_code: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/r/{desk.code}?d={dossier_reference(desk, dossier_code)}"


def verify_dossier(desk: Desk | DeskView, reference: str) -> Dossier:
    """Check a receipt reference for this desk. Raises UnknownCode when forged or malformed."""
    dossier_code, _, signature = reference.strip().rpartition(".")
    if not DOSSIER_PATTERN.match(dossier_code) or not signature:
        raise UnknownCode(reference)
    if not signing.verify(RECEIPT_PURPOSE, _receipt_message(desk, dossier_code), signature):
        raise UnknownCode(reference)
    return Dossier(dossier_code)
