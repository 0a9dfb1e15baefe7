"""Funnel plot (Spiegelhalter 2005): each unit's index against its n, with control limits."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence

from surveyapp.charts import axes, svg
from surveyapp.charts.data import VIETNAMESE, Chart, FunnelLimit, FunnelPoint, Wording
from surveyapp.charts.text import nfc, number, percent

LIMIT_95 = {"stroke_dasharray": "7 4", "stroke_width": 1.4}
LIMIT_998 = {"stroke_dasharray": "1.5 3", "stroke_width": 2, "stroke_linecap": "round"}
STATUS_ORDER = ("meets", "below", "significantly_below", "insufficient")


def funnel_plot(
    points: Sequence[FunnelPoint],
    limits_95: Sequence[FunnelLimit],
    limits_998: Sequence[FunnelLimit],
    *,
    title: str,
    caption: str,
    target: float = 0.8,
    wording: Wording = VIETNAMESE,
    width: int = 720,
    y_min: float | None = None,
) -> Chart:
    """Units as points (shape by status) over the target line and 95% / 99.8% limit curves;
    units outside the 99.8% limits are named on the plot."""
    for point in points:
        wording.status_text(point.status)
    frame = axes.Frame(58, 34, width - 58 - 26, max(220, min(380, width * 0.55)))
    highest = axes.nice_high(max([p.n for p in points] + [1]) * 1.04, int(frame.width // 80))
    x = axes.Scale(0, highest, frame.left, frame.right)
    y = axes.percent_scale(frame, [p.index for p in points], target, y_min)
    shown = [p for p in points if math.isfinite(p.index)]
    centres = [(x(p.n), y(p.index)) for p in shown]
    target_line, keep_clear = axes.target_mark(frame, y(target), target, wording, centres)
    positions = limit_positions(points, limits_998)
    labels, drawn_labels = _outlier_labels(points, positions, (x, y), frame, keep_clear)
    body = [
        axes.percent_axis(frame, y, wording.locale),
        _n_axis(frame, x, wording.locale),
        axes.clip_to(
            frame, _curves(limits_95, x, LIMIT_95, y) + _curves(limits_998, x, LIMIT_998, y)
        ),
        target_line,
        *(svg.marker(p.status, *centre) for p, centre in zip(shown, centres, strict=True)),
        labels,
    ]
    texts = (title, caption, wording.responses, wording.index)
    drawing = axes.plot_document(width, frame, body, _legend_items(wording), texts)
    rows = _rows(points, positions, drawn_labels, wording)
    return Chart(drawing, nfc(caption), _headers(wording), rows)


def limit_positions(points: Sequence[FunnelPoint], limits: Sequence[FunnelLimit]) -> list[int]:
    """Per point: -1 below the lower limit at its n, +1 above the upper one, 0 inside (or
    unknown, or too few answers to say)."""
    known = _known(limits)
    positions = []
    for point in points:
        low, high = _limits_at(point.n, known)
        if math.isnan(low) or point.status == "insufficient":
            positions.append(0)
        else:
            positions.append(-1 if point.index < low else 1 if point.index > high else 0)
    return positions


def _known(limits: Sequence[FunnelLimit]) -> list[FunnelLimit]:
    """The limits that are defined (``funnel_limits`` gives NaN at n = 0), by n."""
    return sorted((a for a in limits if math.isfinite(a.low + a.high)), key=lambda a: a.n)


def _limits_at(n: float, known: list[FunnelLimit]) -> tuple[float, float]:
    """Linear interpolation between the (known, sorted) limits; the nearest beyond their range."""
    if not known:
        return math.nan, math.nan
    sizes = [limit.n for limit in known]
    i = bisect_left(sizes, n)
    if i == 0 or i == len(known):
        nearest = known[min(i, len(known) - 1)]
        return nearest.low, nearest.high
    before, after = known[i - 1], known[i]
    share = (n - before.n) / (after.n - before.n)
    return (
        before.low + share * (after.low - before.low),
        before.high + share * (after.high - before.high),
    )


def _curves(limits: Sequence[FunnelLimit], x: axes.Scale, style: dict, y: axes.Scale) -> str:
    inside = [limit for limit in _known(limits) if 0 < limit.n <= x.high]
    return "".join(
        svg.polyline([(x(a.n), y(getattr(a, side))) for a in inside], stroke=svg.INK, **style)
        for side in ("low", "high")
        if len(inside) > 1
    )


def _n_axis(frame: axes.Frame, x: axes.Scale, locale: str) -> str:
    ticks = axes.nice_ticks(x.low, x.high, max(2, int(frame.width // 80)))
    return axes.grid(frame, x, ticks, [number(t, locale) for t in ticks], vertical=False)


def _outlier_labels(points, positions, scales, frame: axes.Frame, target: list) -> tuple:
    """Names of the units outside the 99.8% limits, clear of every point and the target line;
    where names would overlap, short keys instead (``short_label``, else the row number).
    Returns the labels and, per point, the label drawn ("" for none)."""
    x, y = scales
    outside = [i for i, where in enumerate(positions) if where]
    keep_clear = [*target] + [
        (x(p.n) - 6, y(p.index) - 6, x(p.n) + 6, y(p.index) + 6)
        for p, where in zip(points, positions, strict=True)
        if not where
    ]

    def draw(names: list[str], stop_when_crowded: bool) -> tuple[str, bool]:
        anchors = [
            (x(points[i].n), y(points[i].index), name)
            for i, name in zip(outside, names, strict=True)
        ]
        return axes.point_labels(anchors, frame, keep_clear, stop_when_crowded)

    names = [nfc(points[i].label) for i in outside]
    drawn, crowded = draw(names, stop_when_crowded=True)
    if crowded:
        names = [nfc(points[i].short_label) or str(i + 1) for i in outside]
        drawn, _ = draw(names, stop_when_crowded=False)
    drawn_labels = dict(zip(outside, names, strict=True))
    return drawn, [drawn_labels.get(i, "") for i in range(len(points))]


def _legend_items(wording: Wording) -> list:
    items = [(axes.marker_symbol(s), wording.status_text(s)) for s in STATUS_ORDER]
    return items + [
        (axes.line_symbol(stroke_width=2.2), wording.target),
        (axes.line_symbol(**LIMIT_95), wording.limit_95),
        (axes.line_symbol(**LIMIT_998), wording.limit_998),
    ]


def _headers(wording: Wording) -> tuple[str, ...]:
    return (
        wording.unit,
        wording.n,
        wording.index,
        wording.status,
        wording.limit_position,
        wording.chart_label,
    )


def _rows(points, positions, drawn_labels, wording: Wording) -> tuple[tuple[str, ...], ...]:
    where = {-1: wording.under_limit, 0: wording.inside, 1: wording.over_limit}
    return tuple(
        (
            nfc(p.label),
            number(p.n, wording.locale),
            percent(p.index, wording.locale)
            if p.status != "insufficient"
            else wording.insufficient,
            wording.status_text(p.status),
            where[position],
            label,
        )
        for p, position, label in zip(points, positions, drawn_labels, strict=True)
    )
