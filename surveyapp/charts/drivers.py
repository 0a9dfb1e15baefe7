"""Key drivers: importance (x) against performance (y), with the "important and below target"
quadrant shaded, since that is where an improvement plan should start."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from surveyapp.charts import axes, svg
from surveyapp.charts.data import VIETNAMESE, Chart, DriverPoint, Wording
from surveyapp.charts.text import nfc, number, percent, wrap

SPLIT_STYLE = {"stroke_dasharray": "6 3", "stroke_width": 1.4}


def drivers_chart(
    points: Sequence[DriverPoint],
    *,
    title: str,
    caption: str,
    target: float = 0.8,
    importance_split: float | None = None,
    importance_title: str | None = None,
    wording: Wording = VIETNAMESE,
    width: int = 720,
) -> Chart:
    """Criteria as points labelled with their codes; quadrant lines at the target and at
    *importance_split* (default: the median importance). *importance_title* names the measure
    (e.g. "Tương quan Spearman với mức hài lòng chung"); it defaults to ``wording.importance``.
    Points in the quadrant are black squares, the others black dots."""
    if not points:
        raise ValueError("a key-driver chart needs at least one criterion")
    split = importance_split
    if split is None:
        split = statistics.median(p.importance for p in points)
    frame = axes.Frame(58, 34, width - 58 - 22, max(240, min(400, width * 0.6)))
    x = _importance_scale(points, frame)
    y = axes.percent_scale(frame, [p.performance for p in points], target)
    anchors = [(x(p.importance), y(p.performance), p.code) for p in points]
    drawn_points = [(a[0], a[1]) for a in anchors]
    target_line, keep_clear = axes.target_mark(frame, y(target), target, wording, drawn_points)
    body = [
        _quadrant(frame, x(split), y(target), wording.quadrant),
        axes.percent_axis(frame, y, wording.locale),
        _importance_axis(frame, x, wording.locale),
        svg.line(x(split), frame.top, x(split), frame.bottom, **SPLIT_STYLE),
        target_line,
        _markers(points, anchors, split, target),
        axes.point_labels(anchors, frame, keep_clear)[0],
    ]
    texts = (title, caption, importance_title or wording.importance, wording.performance)
    drawing = axes.plot_document(width, frame, body, _legend_items(wording), texts)
    headers = _headers(wording, importance_title)
    return Chart(drawing, nfc(caption), headers, _rows(points, split, target, wording))


def in_quadrant(point: DriverPoint, split: float, target: float) -> bool:
    """Important (at or above the split) and below target."""
    return point.importance >= split and point.performance < target


def _markers(points, anchors, split: float, target: float) -> str:
    """Squares for the criteria in the quadrant, dots for the others."""
    return "".join(
        svg.marker("significantly_below" if in_quadrant(p, split, target) else "meets", a[0], a[1])
        for p, a in zip(points, anchors, strict=True)
    )


def _importance_scale(points: Sequence[DriverPoint], frame: axes.Frame) -> axes.Scale:
    low = min(0.0, min(p.importance for p in points))
    high = max(p.importance for p in points)
    count = max(2, int(frame.width // 80))
    step = axes.nice_step((high - low) or 1.0, count)
    return axes.Scale(
        step * (low // step),
        axes.nice_high(high + step / 2, count) if high > 0 else 0.0,
        frame.left,
        frame.right,
    )


def _importance_axis(frame: axes.Frame, x: axes.Scale, locale: str) -> str:
    ticks = axes.nice_ticks(x.low, x.high, max(2, int(frame.width // 80)))
    return axes.grid(frame, x, ticks, [number(t, locale, 2) for t in ticks], vertical=False)


def _quadrant(frame: axes.Frame, split_x: float, target_y: float, label: str) -> str:
    """The shaded lower-right quadrant with its name written inside, bottom right."""
    left, top = max(split_x, frame.left), min(max(target_y, frame.top), frame.bottom)
    shade = svg.rect(
        left, top, frame.right - left, frame.bottom - top, fill=svg.pattern_fill("quadrant")
    )
    rows = wrap(label, max(frame.right - left - 12, 80), svg.SMALL, bold=True)
    first = frame.bottom - 8 - (len(rows) - 1) * svg.SMALL * 1.25
    return shade + svg.lines(
        frame.right - 6,
        first,
        rows,
        size=svg.SMALL,
        font_weight="bold",
        text_anchor="end",
        **svg.HALO,
    )


def _legend_items(wording: Wording) -> list:
    swatch = axes.swatch_symbol(svg.pattern_fill("quadrant"), stroke_width=0)

    def quadrant_symbol(x: float, y: float) -> str:
        return swatch(x, y) + svg.marker("significantly_below", x, y, 4.5)

    return [
        (axes.marker_symbol("meets"), wording.criterion),
        (quadrant_symbol, wording.quadrant),
        (axes.line_symbol(stroke_width=2.2), wording.target),
        (axes.line_symbol(**SPLIT_STYLE), wording.median_importance),
    ]


def _headers(wording: Wording, importance_title: str | None) -> tuple[str, ...]:
    return (
        wording.code,
        wording.criterion,
        importance_title or wording.importance,
        wording.performance,
        wording.n,
        wording.quadrant,
    )


def _rows(points, split: float, target: float, wording: Wording) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            nfc(p.code),
            nfc(p.label),
            number(p.importance, wording.locale, 2),
            percent(p.performance, wording.locale),
            number(p.n, wording.locale),
            wording.yes if in_quadrant(p, split, target) else wording.no,
        )
        for p in points
    )
