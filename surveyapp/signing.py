"""HMAC signatures for QR links: desk tokens and receipt dossier codes.

Tokens are upper-case base32 so that QR codes can encode them in the compact alphanumeric mode.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

KEY_BYTES = 5  # 8 base32 characters of random key per desk code
SIGNATURE_BYTES = 10  # 16 base32 characters, 80 bits of HMAC-SHA256


def _secret() -> bytes:
    secret = current_app.config.get("QR_SECRET_KEY") or current_app.config["SECRET_KEY"]
    return secret.encode("utf-8")


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def new_key() -> str:
    """A fresh random key for a desk code (not a database id, not guessable)."""
    return _b32(secrets.token_bytes(KEY_BYTES))


def _mac(purpose: str, message: str) -> hmac.HMAC:
    """HMAC-SHA256 of ``message`` for one ``purpose`` (so a MAC never serves two purposes)."""
    return hmac.new(_secret(), f"{purpose}\n{message}".encode(), hashlib.sha256)


def sign(purpose: str, message: str) -> str:
    """Short signature of ``message`` for one ``purpose``."""
    return _b32(_mac(purpose, message).digest()[:SIGNATURE_BYTES])


def verify(purpose: str, message: str, signature: str) -> bool:
    """Constant-time check of a signature made by :func:`sign`."""
    return hmac.compare_digest(sign(purpose, message), signature.upper())


def digest(purpose: str, message: str) -> str:
    """Keyed one-way digest, for values we must recognise but must not keep (dossier codes)."""
    return _mac(purpose, message).hexdigest()
