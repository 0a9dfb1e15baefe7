"""SVG building blocks shared by every chart: elements, text, the document, patterns, markers.

Ids inside a drawing (patterns, title) are derived from a hash of the drawing itself, so the same
input gives the same bytes and two different charts on one page do not share an id.
"""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape, quoteattr

from surveyapp.charts.text import LINE_HEIGHT, nfc

FONT_FAMILY = "'DejaVu Sans', sans-serif"
FONT_SIZE = 13
SMALL = 11
INK = "#1a1a1a"
GRID = "#c8c8c8"
HALO = {
    "stroke": "#ffffff",
    "stroke_width": 3,
    "paint_order": "stroke",
}  # keeps text over lines legible
_ID = "§chart§"  # replaced by the drawing's hash-based prefix

# Fills that stay apart in greyscale; below-target ones also carry hatching.
FILLS = {
    "meets": "#cfe3cf",
    "below": "#f3d9a8",
    "significantly_below": "#e6a0a0",
    "insufficient": "#ffffff",
    None: "#c9d6e6",
}


def fmt(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def element(tag: str, content: str = "", **attrs: object) -> str:
    """``<tag a="1">content</tag>``; in names a trailing ``_`` is dropped, ``_`` becomes ``-``."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = fmt(value)
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(nfc(str(value)))}")
    opening = " ".join(parts)
    return f"<{opening}>{content}</{tag}>" if content else f"<{opening}/>"


def text(x: float, y: float, content: str, **attrs: object) -> str:
    """A ``<text>`` element with escaped, NFC content."""
    return element("text", escape(nfc(content)), x=float(x), y=float(y), **attrs)


def lines(x: float, y: float, rows: list[str], size: float = FONT_SIZE, **attrs: object) -> str:
    """Several lines of text, the first baseline at *y*, as ``<tspan>`` children."""
    spans = "".join(
        element("tspan", escape(nfc(row)), x=float(x), dy=None if i == 0 else f"{LINE_HEIGHT}em")
        for i, row in enumerate(rows)
    )
    return element("text", spans, x=float(x), y=float(y), font_size=size, **attrs)


def line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    attrs.setdefault("stroke", INK)
    return element("line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **attrs)


def rect(x: float, y: float, width: float, height: float, **attrs: object) -> str:
    return element(
        "rect", x=float(x), y=float(y), width=float(max(width, 0)), height=float(height), **attrs
    )


def polyline(points: list[tuple[float, float]], **attrs: object) -> str:
    coordinates = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    attrs.setdefault("fill", "none")
    return element("polyline", points=coordinates, **attrs)


def polygon(points: list[tuple[float, float]], **attrs: object) -> str:
    coordinates = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
    return element("polygon", points=coordinates, **attrs)


def pattern_fill(name: str) -> str:
    """``url(#…)`` of one of the patterns that :func:`document` defines."""
    return f"url(#{_ID}-{name})"


def status_fill(status: str | None) -> str:
    """Colour plus hatching for below-target statuses, so print in black and white still tells."""
    if status in _HATCHES:
        return pattern_fill(_HATCHES[status])
    return FILLS[status]


_HATCHES = {"below": "hatch", "significantly_below": "crosshatch"}


def _patterns() -> str:
    hatches = {"below": ("M0,8 L8,0", 0.9), "significantly_below": ("M0,8 L8,0 M0,0 L8,8", 0.9)}
    defs = [
        element(
            "pattern",
            rect(0, 0, 8, 8, fill=FILLS[name])
            + element("path", d=d, stroke="#5a5a5a", stroke_width=w),
            id=f"{_ID}-{_HATCHES[name]}",
            width=8,
            height=8,
            patternUnits="userSpaceOnUse",
        )
        for name, (d, w) in hatches.items()
    ]
    quadrant = rect(0, 0, 10, 10, fill="#f1e3e3") + element(
        "path", d="M0,10 L10,0", stroke="#b08080", stroke_width=0.8
    )
    defs.append(
        element(
            "pattern",
            quadrant,
            id=f"{_ID}-quadrant",
            width=10,
            height=10,
            patternUnits="userSpaceOnUse",
        )
    )
    return element("defs", "".join(defs))


def clipped(name: str, box: tuple[float, float, float, float], content: str) -> str:
    """*content* cut to the rectangle ``box`` (x, y, width, height), e.g. curves to a plot area."""
    clip_id = f"{_ID}-{name}"
    shape = element("clipPath", rect(*box), id=clip_id)
    return shape + element("g", content, clip_path=f"url(#{clip_id})")


def marker(status: str | None, x: float, y: float, size: float = 5.0) -> str:
    """A point whose shape tells its status: ● meets, △ below, ■ significantly below, ○ too few."""
    if status == "below":
        top, half = y - size * 1.2, size * 1.1
        points = [(x, top), (x + half, y + size * 0.8), (x - half, y + size * 0.8)]
        return polygon(points, fill="#ffffff", stroke=INK, stroke_width=1.6)
    if status == "significantly_below":
        return rect(x - size, y - size, 2 * size, 2 * size, fill=INK)
    if status == "insufficient":
        return element(
            "circle",
            cx=float(x),
            cy=float(y),
            r=size * 0.8,
            fill="#ffffff",
            stroke="#707070",
            stroke_width=1.2,
            stroke_dasharray="2 1.5",
        )
    return element("circle", cx=float(x), cy=float(y), r=float(size), fill=INK)


def document(width: float, height: float, title: str, description: str, body: str) -> str:
    """The whole ``<svg>``: role img, title and desc, patterns, fixed viewBox, DejaVu Sans."""
    head = element("title", escape(nfc(title)), id=f"{_ID}-title") + element(
        "desc", escape(nfc(description)), id=f"{_ID}-desc"
    )
    drawing = element(
        "svg",
        head + _patterns() + rect(0, 0, width, height, fill="#ffffff") + body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {fmt(width)} {fmt(height)}",
        width=float(width),
        height=float(height),
        role="img",
        aria_labelledby=f"{_ID}-title {_ID}-desc",
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        fill=INK,
    )
    prefix = "chart-" + hashlib.sha1(drawing.encode()).hexdigest()[:10]
    return drawing.replace(_ID, prefix)
