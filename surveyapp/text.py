"""Free-text hygiene for what citizens type: NFC, no control characters, trimmed, capped."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(value: str | None, max_length: int) -> str | None:
    """Normalise to NFC, drop control characters, trim, and cap at ``max_length`` characters.

    Returns None for empty input, so that "no comment" is stored as NULL.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANK_LINES.sub("\n\n", _CONTROL.sub("", text).replace("\t", " ")).strip()
    return text[:max_length].rstrip() or None
