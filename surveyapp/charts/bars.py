"""Horizontal bars with interval whiskers and the n beside each bar (component or criterion
indices; shares of improvement priorities)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from surveyapp.charts import axes, svg
from surveyapp.charts.data import STATUSES, VIETNAMESE, BarItem, Chart, Wording
from surveyapp.charts.text import LINE_HEIGHT, count_text, nfc, number, percent, widest, wrap

BAR = 16.0
WHISKER = {"stroke_width": 1.6}
_PAD, _MIN_BARS = 14.0, 150.0


def bar_chart(
    items: Sequence[BarItem],
    *,
    title: str,
    caption: str,
    target: float | None = 0.8,
    domain: tuple[float, float] | None = (0.0, 1.0),
    label_title: str | None = None,
    value_title: str | None = None,
    wording: Wording = VIETNAMESE,
    width: int = 720,
) -> Chart:
    """One bar per item (values as 0–1 proportions, shown as percentages); *domain* ``None``
    fits the axis to the data (shares); *target* ``None`` draws no target line."""
    for item in items:
        wording.status_text(item.status)
    labels = [_value_text(item, wording) for item in items]
    label_width, frame = _layout(items, labels, width, 40.0 if target is not None else 16.0)
    low, high = domain or (0.0, axes.nice_high(max([_end(i) for i in items] + [0.01])))
    x = axes.Scale(low, high, frame.left, frame.right)
    shapes, words, bottom = _rows_svg(items, labels, (label_width, frame, x), width)
    frame = axes.Frame(frame.left, frame.top, frame.width, bottom - frame.top)
    body = [axes.percent_axis(frame, x, wording.locale, vertical=False), shapes]
    if target is not None:
        body.append(_target(frame, x(target), axes.target_text(target, wording)))
    body.append(words)
    texts = (title, caption, value_title or wording.index, "")
    drawing = axes.plot_document(width, frame, body, _legend_items(items, wording), texts)
    headers = (
        label_title or wording.item,
        value_title or wording.index,
        wording.interval,
        wording.n,
        wording.status,
    )
    return Chart(drawing, nfc(caption), headers, _table(items, wording))


def _end(item: BarItem) -> float:
    return max(v for v in (item.value, item.high, 0.0) if v is not None)


def _value_text(item: BarItem, wording: Wording) -> str:
    count = count_text(item.n, wording.locale)
    if item.value is None or item.status == "insufficient":
        return f"{wording.insufficient} ({count})"
    return f"{percent(item.value, wording.locale)} ({count})"


def _layout(items: Sequence[BarItem], labels: list[str], width: float, top: float) -> tuple:
    """Label column beside the bars, or 0 (names above the bars) when that leaves bars too short."""
    available = width - 2 * _PAD
    values = widest(labels, svg.SMALL) + 10
    label_width = min(widest([i.label for i in items], svg.FONT_SIZE) + 10, available * 0.4)
    if available - label_width - values < _MIN_BARS:
        label_width = 0.0
    left = _PAD + label_width + (0 if label_width else 4)
    return label_width, axes.Frame(left, top, available - label_width - values - 4, 0)


def _rows_svg(items, labels, place, width: float) -> tuple[str, str, float]:
    """Bars and whiskers; names and value texts (to go over the target line); the y below."""
    label_width, frame, x = place
    parts, words, y = [], [], frame.top + 6
    for item, value_text in zip(items, labels, strict=True):
        if label_width:
            names = wrap(item.label, label_width - 10, svg.FONT_SIZE)
            height = max(BAR + 14, len(names) * svg.FONT_SIZE * LINE_HEIGHT + 8)
            first = y + height / 2 - (len(names) - 1) * 8 + 4
            words.append(svg.lines(_PAD, first, names))
            centre = y + height / 2
        else:
            names = wrap(item.label, width - 2 * _PAD - 8, svg.FONT_SIZE)
            words.append(svg.lines(frame.left + 4, y + svg.FONT_SIZE, names, **svg.HALO))
            height = len(names) * svg.FONT_SIZE * LINE_HEIGHT + BAR + 12
            centre = y + height - BAR / 2 - 6
        shape, word = _bar(item, value_text, centre, x)
        parts.append(shape)
        words.append(word)
        y += height
    return "".join(parts), "".join(words), y + 4


def _bar(item: BarItem, value_text: str, centre: float, x: axes.Scale) -> tuple[str, str]:
    """The bar with its whisker, and its value text."""
    if item.value is None or item.status == "insufficient":
        return "", svg.text(x.start + 4, centre + 4, value_text, font_size=svg.SMALL, **svg.HALO)
    top = centre - BAR / 2
    parts = [
        svg.rect(
            x.start,
            top,
            x(item.value) - x.start,
            BAR,
            fill=svg.status_fill(item.status),
            stroke=svg.INK,
            stroke_width=0.8,
        )
    ]
    if item.low is not None and item.high is not None:
        low, high = x(item.low), x(item.high)
        parts += [
            svg.line(low, centre, high, centre, **WHISKER),
            svg.line(low, centre - 6, low, centre + 6, **WHISKER),
            svg.line(high, centre - 6, high, centre + 6, **WHISKER),
        ]
    end = x(_end(item)) + 6
    return "".join(parts), svg.text(end, centre + 4, value_text, font_size=svg.SMALL, **svg.HALO)


def _target(frame: axes.Frame, at: float, label: str) -> str:
    return svg.line(at, frame.top - 6, at, frame.bottom, stroke_width=2.2) + svg.text(
        at, frame.top - 10, label, text_anchor="middle", font_size=svg.SMALL, font_weight="bold"
    )


def _legend_items(items: Sequence[BarItem], wording: Wording) -> list:
    used = [s for s in STATUSES if s != "insufficient" and any(i.status == s for i in items)]
    legend = [(axes.swatch_symbol(svg.status_fill(s)), wording.status_text(s)) for s in used]
    if any(i.low is not None for i in items):

        def whisker(x: float, y: float) -> str:
            return (
                svg.line(x - 10, y, x + 10, y, **WHISKER)
                + svg.line(x - 10, y - 5, x - 10, y + 5, **WHISKER)
                + svg.line(x + 10, y - 5, x + 10, y + 5, **WHISKER)
            )

        legend.append((whisker, wording.interval))
    return legend


def _table(items: Sequence[BarItem], wording: Wording) -> tuple[tuple[str, ...], ...]:
    def interval(item: BarItem) -> str:
        if item.low is None or item.high is None or item.value is None:
            return ""
        return f"{percent(item.low, wording.locale)}–{percent(item.high, wording.locale)}"

    def value(item: BarItem) -> str:
        shown = item.value is not None and math.isfinite(item.value)
        if not shown or item.status == "insufficient":
            return wording.insufficient
        return percent(item.value, wording.locale)

    return tuple(
        (
            nfc(i.label),
            value(i),
            interval(i),
            number(i.n, wording.locale),
            wording.status_text(i.status),
        )
        for i in items
    )
