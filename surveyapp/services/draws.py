"""The quick form's draw: one criterion per component, chosen on the server at each page load.

The drawn set goes out in the form (and the API's draw) signed with the app's secret, bound to
the desk and the questionnaire version, and it expires with the form (``WTF_CSRF_TIME_LIMIT``):
a set that was altered, made for another desk or version, or is too old is refused, so a
client cannot choose which criteria it answers and bias the design. Checking a draw costs one
HMAC and no query.
"""

from __future__ import annotations

import random

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from surveyapp.instruments import Questionnaire
from surveyapp.services.feedback_targets import FeedbackTarget

SEPARATOR = ";"  # between criterion codes, in the draw, in the stored shown set and in exports
_SALT = "surveyapp.quick-form-draw"
_RANDOM = random.SystemRandom()  # the OS's generator: nobody can predict or replay a draw


class DrawRefused(Exception):
    """A draw that was altered or made for another desk or version (``bad_draw``), or that
    expired (``draw_expired``; ``codes`` then holds the set it was signed for)."""

    def __init__(self, code: str, codes: tuple[str, ...] = ()) -> None:
        super().__init__(code)
        self.code, self.codes = code, codes


def draw(questionnaire: Questionnaire) -> tuple[str, ...]:
    """One criterion of each component, uniformly at random within it, independently per call."""
    return tuple(_RANDOM.choice(codes) for codes in questionnaire.components)


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=_SALT)


def _message(target: FeedbackTarget, codes: tuple[str, ...]) -> str:
    return f"{target.desk.id}:{target.instrument.id}:{SEPARATOR.join(codes)}"


def sign(target: FeedbackTarget, codes: tuple[str, ...]) -> str:
    """The draw as the form and the API carry it."""
    return _signer().sign(_message(target, codes)).decode("ascii")


def _codes_for(target: FeedbackTarget, message: bytes) -> tuple[str, ...]:
    desk_id, instrument_id, joined = message.decode("ascii").split(":", 2)
    codes = tuple(joined.split(SEPARATOR))
    if f"{desk_id}:{instrument_id}:{joined}" != _message(target, codes):
        raise DrawRefused("bad_draw")  # signed by us, but for another desk or version
    return codes


def shown(target: FeedbackTarget, signed: str) -> tuple[str, ...]:
    """The criteria a signed draw showed for ``target``. Raises :class:`DrawRefused`."""
    max_age = current_app.config["WTF_CSRF_TIME_LIMIT"]
    try:
        return _codes_for(target, _signer().unsign(signed, max_age=max_age))
    except SignatureExpired as expired:
        raise DrawRefused("draw_expired", _codes_for(target, expired.payload)) from None
    except (BadSignature, UnicodeError, ValueError):
        raise DrawRefused("bad_draw") from None
