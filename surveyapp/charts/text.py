"""Text on charts: width estimates for DejaVu Sans, line wrapping and Vietnamese number formats.

An SVG cannot measure its own text, so layout uses the advance widths of DejaVu Sans (em units,
read from DejaVuSans.ttf) plus a margin. A Vietnamese letter is as wide as its base letter (NFD),
except the horned capitals Ơ, Ư and Đ; anything unknown counts as a full em, so estimates err wide.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

_ASCII_WIDTHS = (
    # 32..126: ' ' ! " # $ % & ' ( ) * + , - . / 0-9 : ; < = > ? @ A-Z [ \ ] ^ _ ` a-z { | } ~
    "0.318 0.401 0.460 0.838 0.636 0.950 0.780 0.275 0.390 0.390 0.500 0.838 0.318 0.361 0.318 "
    "0.337 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.636 0.337 0.337 0.838 0.838 "
    "0.838 0.531 1.000 0.684 0.686 0.698 0.770 0.632 0.575 0.775 0.752 0.295 0.295 0.656 0.557 "
    "0.863 0.748 0.787 0.603 0.787 0.695 0.635 0.611 0.732 0.684 0.989 0.685 0.611 0.685 0.390 "
    "0.337 0.390 0.838 0.500 0.500 0.613 0.635 0.550 0.635 0.615 0.352 0.635 0.634 0.278 0.278 "
    "0.579 0.278 0.974 0.634 0.612 0.635 0.635 0.411 0.521 0.392 0.634 0.592 0.818 0.592 0.592 "
    "0.525 0.636 0.337 0.636 0.838"
)
_WIDTHS = {chr(32 + i): float(w) for i, w in enumerate(_ASCII_WIDTHS.split())}
_WIDTHS.update({"Ơ": 0.913, "Ư": 0.858, "Đ": 0.775, "đ": 0.635, "–": 0.5, "—": 1.0, "…": 1.0})
_BOLD = 1.15  # DejaVu Sans Bold is at most ~15% wider than Book for Latin letters
_MARGIN = 1.04
LINE_HEIGHT = 1.25


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of *text* at font *size* in user units, on the generous side."""
    ems = sum(_char_width(char) for char in unicodedata.normalize("NFC", text))
    return ems * size * _MARGIN * (_BOLD if bold else 1.0)


def _char_width(char: str) -> float:
    if char in _WIDTHS:
        return _WIDTHS[char]
    base = unicodedata.normalize("NFD", char)[0]
    if unicodedata.combining(base):
        return 0.0
    return _WIDTHS.get(base, 1.0)


def wrap(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Split *text* at spaces into lines no wider than *max_width* where words allow it."""
    lines: list[str] = []
    for word in nfc(text).split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def widest(texts: list[str], size: float, bold: bool = False) -> float:
    """Width of the widest of *texts* (0 for none)."""
    return max((text_width(text, size, bold) for text in texts), default=0.0)


def nfc(text: str) -> str:
    """Composed form: what the tests and a screen reader expect (NFD input comes from some Macs)."""
    return unicodedata.normalize("NFC", str(text))


def percent(value: float, locale: str, digits: int = 1) -> str:
    """0.784 -> '78,4%' in Vietnamese, '78.4%' in English."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return _pattern(pattern).apply(value, _locale(locale))


def number(value: float, locale: str, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' with one digit in Vietnamese."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _pattern(pattern).apply(value, _locale(locale))


@cache
def _pattern(pattern: str) -> NumberPattern:
    """Parsed once: a chart formats hundreds of numbers with a handful of patterns."""
    return parse_pattern(pattern)


@cache
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def month_label(month: date) -> str:
    """MM/YYYY, as Vietnamese forms write months."""
    return f"{month.month:02d}/{month.year}"


def day_label(day: date) -> str:
    """d/M/yyyy, e.g. 1/7/2025."""
    return f"{day.day}/{day.month}/{day.year}"


def count_text(n: int, locale: str) -> str:
    """'n = 1.234'."""
    return f"n = {number(n, locale)}"
