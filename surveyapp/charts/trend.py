"""Monthly trend: the index as a line over its interval band, the target, and series breaks."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date

from surveyapp.charts import axes, svg
from surveyapp.charts.data import VIETNAMESE, Chart, SeriesBreak, TrendPoint, Wording
from surveyapp.charts.text import day_label, month_label, nfc, number, percent, text_width

BAND_FILL = "#c9d6e6"
BREAK_STYLE = {"stroke_dasharray": "5 3", "stroke_width": 1.6}
_MULTIPLES = (1, 2, 3, 4, 6, 12, 24, 36, 60, 120)


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    title: str,
    caption: str,
    breaks: Sequence[SeriesBreak] = (),
    target: float = 0.8,
    wording: Wording = VIETNAMESE,
    width: int = 720,
    y_min: float | None = None,
) -> Chart:
    """One point per month from the first to the last month given; a month that is missing or
    has ``index=None`` leaves a gap in the line and the band."""
    if not points:
        raise ValueError("a trend needs at least one month")
    months = _month_range(points)
    by_month = {_month_number(p.month): p for p in points}
    series = [by_month.get(m) for m in months]
    placed = _break_positions(breaks, months)
    frame = axes.Frame(58, 34 + 16 * len(placed), width - 58 - 18, max(200, min(320, width * 0.45)))
    x = axes.Scale(0, len(months), frame.left, frame.right)
    lowest = [v for p in points for v in (p.index, p.ci_low)]
    y = axes.percent_scale(frame, lowest, target, y_min)
    runs = _runs(series)
    body = [
        axes.percent_axis(frame, y, wording.locale),
        _month_axis(frame, x, months),
        axes.clip_to(frame, "".join(_band(run, x, y) for run in runs)),
        axes.target_mark(frame, y(target), target, wording, _centres(runs, x, y))[0],
        "".join(_line(run, x, y) for run in runs),
        _breaks(placed, x, frame),
    ]
    texts = (title, caption, wording.month, wording.index)
    drawing = axes.plot_document(width, frame, body, _legend_items(wording), texts)
    return Chart(drawing, nfc(caption), _headers(wording), _rows(months, series, wording))


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_range(points: Sequence[TrendPoint]) -> list[int]:
    numbers = [_month_number(p.month) for p in points]
    return list(range(min(numbers), max(numbers) + 1))


def _as_date(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def _shown(point: TrendPoint | None) -> bool:
    return point is not None and point.index is not None and math.isfinite(point.index)


def _runs(series: list[TrendPoint | None]) -> list[list[tuple[int, TrendPoint]]]:
    """Consecutive months with data, with their positions; a gap ends a run."""
    runs: list[list[tuple[int, TrendPoint]]] = [[]]
    for i, point in enumerate(series):
        if _shown(point):
            runs[-1].append((i, point))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _band(run, x: axes.Scale, y: axes.Scale) -> str:
    known = [(i, p) for i, p in run if p.ci_low is not None and p.ci_high is not None]
    if len(known) == 1:
        i, p = known[0]
        return svg.rect(
            x(i + 0.3),
            y(p.ci_high),
            x(i + 0.7) - x(i + 0.3),
            y(p.ci_low) - y(p.ci_high),
            fill=BAND_FILL,
        )
    upper = [(x(i + 0.5), y(p.ci_high)) for i, p in known]
    lower = [(x(i + 0.5), y(p.ci_low)) for i, p in reversed(known)]
    return svg.polygon(upper + lower, fill=BAND_FILL) if len(known) > 1 else ""


def _centres(runs, x: axes.Scale, y: axes.Scale) -> list[tuple[float, float]]:
    """The drawn points, with the band's edges, for the target label to keep clear of."""
    return [
        (x(i + 0.5), y(value))
        for run in runs
        for i, p in run
        for value in (p.index, p.ci_low, p.ci_high)
        if value is not None
    ]


def _line(run, x: axes.Scale, y: axes.Scale) -> str:
    centres = [(x(i + 0.5), y(p.index)) for i, p in run]
    line = svg.polyline(centres, stroke=svg.INK, stroke_width=2.2) if len(centres) > 1 else ""
    size = min(3.2, (x(1) - x(0)) * 0.3)  # dots stay apart when many months share the width
    return line + "".join(svg.marker("meets", cx, cy, size) for cx, cy in centres)


def _month_axis(frame: axes.Frame, x: axes.Scale, months: list[int]) -> str:
    """MM/YYYY under the months, every k-th (k in 1, 2, 3, 4, 6, 12...) so labels do not touch."""
    needed = text_width("00/0000", svg.FONT_SIZE) + 10
    step = next((k for k in _MULTIPLES if k * frame.width / len(months) >= needed), 120)
    shown = [m for m in months if m % step == 0] or months[:1]
    ticks = [m - months[0] + 0.5 for m in shown]
    labels = [month_label(_as_date(m)) for m in shown]
    return axes.grid(frame, x, ticks, labels, vertical=False)


def _break_positions(breaks: Sequence[SeriesBreak], months: list[int]) -> list:
    """``(position, break)`` for the breaks inside the chart, by date; position counts months
    from the first month's start, the day as a fraction of its month (1/7 is July's edge)."""
    placed = []
    for item in sorted(breaks, key=lambda b: b.on):
        days = calendar.monthrange(item.on.year, item.on.month)[1]
        position = _month_number(item.on) - months[0] + (item.on.day - 1) / days
        if 0 <= position <= len(months):
            placed.append((position, item))
    return placed


def _breaks(placed: list, x: axes.Scale, frame: axes.Frame) -> str:
    """A dashed vertical line at each break, labelled "1/7/2025: sáp nhập" above the plot."""
    parts = []
    for k, (position, item) in enumerate(placed):
        at, label = x(position), f"{day_label(item.on)}: {nfc(item.label)}"
        label_y = frame.top - 10 - 16 * (len(placed) - k)
        fits = at + 4 + text_width(label, svg.SMALL, bold=True) <= frame.right
        anchor = "start" if fits else "end"
        parts.append(svg.line(at, label_y + 4, at, frame.bottom, **BREAK_STYLE))
        parts.append(
            svg.text(
                at + 4 if fits else at - 4,
                label_y,
                label,
                font_size=svg.SMALL,
                font_weight="bold",
                text_anchor=anchor,
            )
        )
    return "".join(parts)


def _legend_items(wording: Wording) -> list:
    def index_symbol(x: float, y: float) -> str:
        return svg.line(x - 11, y, x + 11, y, stroke_width=2.2) + svg.marker("meets", x, y, 3.2)

    return [
        (index_symbol, wording.index),
        (axes.swatch_symbol(BAND_FILL, stroke_width=0), wording.interval),
        (axes.line_symbol(stroke_width=2.2), wording.target),
        (lambda x, y: svg.line(x, y - 7, x, y + 7, **BREAK_STYLE), wording.series_break),
    ]


def _headers(wording: Wording) -> tuple[str, ...]:
    return (wording.month, wording.index, wording.interval, wording.n)


def _rows(months: list[int], series, wording: Wording) -> tuple[tuple[str, ...], ...]:
    def row(month: int, point: TrendPoint | None) -> tuple[str, ...]:
        label = month_label(_as_date(month))
        if not _shown(point):
            count = number(point.n, wording.locale) if point else "0"
            return (label, wording.no_data, "", count)
        interval = ""
        if point.ci_low is not None and point.ci_high is not None:
            interval = (
                f"{percent(point.ci_low, wording.locale)}–{percent(point.ci_high, wording.locale)}"
            )
        return (
            label,
            percent(point.index, wording.locale),
            interval,
            number(point.n, wording.locale),
        )

    return tuple(row(m, p) for m, p in zip(months, series, strict=True))
