"""Scales, axes, reference lines, legends and non-overlapping point labels, shared by the charts."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from surveyapp.charts import svg
from surveyapp.charts.data import Wording
from surveyapp.charts.text import LINE_HEIGHT, percent, text_width, wrap

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Frame:
    """The plotting area inside the margins."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Scale:
    """A linear map from data ``low..high`` to pixels ``start..end`` (end < start for y)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.end - self.start)


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) that cuts *span* into about *count* pieces."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low..high`` with about *count* steps."""
    span = high - low
    if span <= 0:
        return [low]
    step = nice_step(span, count)
    first = math.ceil(low / step - 1e-9)
    ticks = [round((first + i) * step, 12) for i in range(int((high - low) / step + 1e-9) + 1)]
    return [tick for tick in ticks if low - 1e-9 <= tick <= high + 1e-9]


def nice_high(value: float, count: int = 5) -> float:
    """*value* rounded up to a whole number of round steps (*count* of them, about)."""
    if value <= 0:
        return 1.0
    step = nice_step(value, count)
    return math.ceil(value / step - 1e-9) * step


def percent_floor(values: Sequence[float | None], target: float | None) -> float:
    """A lower bound for a 0–1 axis: a 10% step at least 5 points below the smallest value."""
    known = [v for v in [*values, target] if v is not None and math.isfinite(v)]
    return max(0.0, math.floor(min(known, default=0.0) * 10 - 0.5) / 10)


def percent_axis(frame: Frame, scale: Scale, locale: str, vertical: bool = True) -> str:
    """Grid lines with labels such as '80%' along the left (or the bottom) of *frame*."""
    count = max(2, min(10, int(abs(scale.end - scale.start) // 45)))
    ticks = nice_ticks(scale.low, scale.high, count)
    labels = [percent(tick, locale, digits=0) for tick in ticks]
    return grid(frame, scale, ticks, labels, vertical)


def grid(
    frame: Frame, scale: Scale, ticks: Sequence[float], labels: Sequence[str], vertical: bool
) -> str:
    """Light grid lines at *ticks* with their *labels*; y axis when *vertical*, else x axis."""
    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        at = scale(tick)
        if vertical:
            parts.append(svg.line(frame.left, at, frame.right, at, stroke=svg.GRID))
            parts.append(svg.text(frame.left - 6, at + 4, label, text_anchor="end"))
        else:
            parts.append(svg.line(at, frame.top, at, frame.bottom, stroke=svg.GRID))
            parts.append(svg.text(at, frame.bottom + 17, label, text_anchor="middle"))
    parts.append(
        svg.rect(frame.left, frame.top, frame.width, frame.height, fill="none", stroke=svg.INK)
    )
    return "".join(parts)


def axis_titles(frame: Frame, x_title: str, y_title: str) -> tuple[str, float]:
    """The x title (wrapped to the plot width) under the tick labels and the y title above the
    plot; returns ``(svg, y below the x title)``."""
    rows = wrap(x_title, frame.width, svg.FONT_SIZE, bold=True)
    drawn = svg.lines(
        frame.left + frame.width / 2,
        frame.bottom + 36,
        rows,
        text_anchor="middle",
        font_weight="bold",
    ) + svg.text(frame.left, frame.top - 10, y_title, font_weight="bold")
    return drawn, frame.bottom + 36 + (len(rows) - 1) * svg.FONT_SIZE * LINE_HEIGHT + 6


def plot_document(
    width: float, frame: Frame, body: Sequence[str], legend_items: Sequence, texts: Sequence[str]
) -> str:
    """A plot with axes: *body*, the axis titles, the legend below, as one SVG document.

    *texts* are ``(title, caption, x_title, y_title)``."""
    title, caption, x_title, y_title = texts
    titles, below = axis_titles(frame, x_title, y_title)
    drawn_legend, legend_height = legend(legend_items, 14, below, width - 28)
    plot = svg.element("g", "".join(body) + titles, class_="plot")
    return svg.document(width, below + legend_height, title, caption, plot + drawn_legend)


def percent_scale(frame: Frame, values: Sequence[float | None], target: float, low=None) -> Scale:
    """The 0–1 y scale of a plot: from *low* (default :func:`percent_floor`) up to 100%."""
    low = percent_floor(values, target) if low is None else low
    return Scale(low, 1.0, frame.bottom, frame.top)


def clip_to(frame: Frame, content: str) -> str:
    """*content* cut to the plot area (curves and bands that leave the axis range)."""
    return svg.clipped("plot", (frame.left, frame.top, frame.width, frame.height), content)


def target_text(target: float, wording: Wording) -> str:
    """'Mục tiêu 80%'."""
    return f"{wording.target} {percent(target, wording.locale, digits=0)}"


def target_mark(
    frame: Frame, y: float, target: float, wording: Wording, avoid: Sequence[tuple] = ()
) -> tuple[str, list[Box]]:
    """The target as a thick line labelled "Mục tiêu 80%" above or below it, at the right or
    left end, wherever fewest of the points in *avoid* fall; returns it and the boxes of line
    and label, for point labels to keep clear of."""
    label = target_text(target, wording)
    width = text_width(label, svg.SMALL, bold=True)
    spots = [(frame.right - 4 - width, y - 5), (frame.right - 4 - width, y + 5 + svg.SMALL),
             (frame.left + 4, y - 5), (frame.left + 4, y + 5 + svg.SMALL)]  # fmt: skip
    boxes = [(x - 4, base - svg.SMALL - 4, x + width + 4, base + 7) for x, base in spots]
    crowding = [sum(_overlap(box, (px, py, px, py)) for px, py in avoid) for box in boxes]
    x, base = spots[crowding.index(min(crowding))]
    drawn = svg.line(frame.left, y, frame.right, y, stroke_width=2.2) + svg.text(
        x, base, label, font_size=svg.SMALL, font_weight="bold", **svg.HALO
    )
    label_box = (x, base - svg.SMALL, x + width, base + 3)
    return drawn, [label_box, (frame.left, y - 1, frame.right, y + 3)]


Symbol = Callable[[float, float], str]


def legend(items: Sequence[tuple[Symbol, str]], left: float, top: float, width: float) -> tuple:
    """Legend entries in rows that wrap within *width*; returns ``(svg, height)``."""
    parts, x, y, row = [], left, top + 12, 22.0
    for symbol, label in items:
        needed = 30 + text_width(label, svg.SMALL) + 14
        if x > left and x + needed > left + width:
            x, y = left, y + row
        parts.append(symbol(x + 11, y - 4))
        parts.append(svg.text(x + 28, y, label, font_size=svg.SMALL))
        x += needed
    return svg.element("g", "".join(parts), class_="legend"), y - top + 10


def line_symbol(**attrs: object) -> Symbol:
    """A legend symbol: a short line drawn like the series it names."""
    return lambda x, y: svg.line(x - 11, y, x + 11, y, **attrs)


def marker_symbol(status: str | None) -> Symbol:
    return lambda x, y: svg.marker(status, x, y, 4.5)


def swatch_symbol(fill: str, **attrs: object) -> Symbol:
    return lambda x, y: svg.rect(x - 10, y - 7, 20, 14, fill=fill, stroke=svg.INK, **attrs)


_OFFSETS = [(8, 4, "start"), (-8, 4, "end"), (0, -9, "middle"), (0, 17, "middle")] + [
    (dx, dy, anchor)
    for dy in (-9, 16, -22, 29, -35, 42)
    for dx, anchor in ((6, "start"), (-6, "end"))
]


def point_labels(
    anchors: Sequence[tuple[float, float, str]],
    frame: Frame,
    keep_clear: Sequence[Box] = (),
    stop_when_crowded: bool = False,
) -> tuple[str, bool]:
    """Labels beside points, each at the nearby spot that overlaps the fewest other labels, points
    or *keep_clear* boxes and sticks out of *frame* the least (the nearest such spot wins).
    Returns the labels and whether any had to overlap (at the first one if *stop_when_crowded*)."""
    placed: list[Box] = [(x - 6, y - 6, x + 6, y + 6) for x, y, _ in anchors] + list(keep_clear)
    parts, crowded = [], False
    for x, y, label in anchors:
        width = text_width(label, svg.SMALL)
        reach = (x - width - 20, y - 50, x + width + 20, y + 50)
        others = [b for b in placed if _overlap(b, reach) and b != (x - 6, y - 6, x + 6, y + 6)]
        box, anchor, dx, dy, badness = _best_spot(x, y, width, frame, others)
        crowded = crowded or badness >= 1000
        if crowded and stop_when_crowded:
            return "", True
        placed.append(box)
        if abs(dy) > 20:  # far from its point: a leader line says whose label it is
            end = y + dy - 4 if dy > 0 else y + dy + 2
            parts.append(svg.line(x, y, x + dx, end, stroke="#707070", stroke_width=0.8))
        parts.append(
            svg.text(x + dx, y + dy, label, text_anchor=anchor, font_size=svg.SMALL, **svg.HALO)
        )
    return "".join(parts), crowded


def _best_spot(x: float, y: float, width: float, frame: Frame, others: Sequence[Box]) -> tuple:
    """The first free spot in order of preference, else the least bad one."""
    best = None
    for dx, dy, anchor in _OFFSETS:
        box = _label_box(x + dx, y + dy, width, anchor)
        badness = _badness(box, frame, others)
        if best is None or badness < best[-1]:
            best = (box, anchor, dx, dy, badness)
        if badness == 0:
            break
    return best


def _badness(box: Box, frame: Frame, others: Sequence[Box]) -> float:
    overflow = (
        max(0.0, frame.left - box[0])
        + max(0.0, box[2] - frame.right)
        + max(0.0, frame.top - box[1])
        + max(0.0, box[3] - frame.bottom)
    )
    return 1000 * sum(_overlap(box, other) for other in others) + 20 * overflow


def _label_box(x: float, y: float, width: float, anchor: str) -> Box:
    start = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (start, y - svg.SMALL, start + width, y + 3)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
