"""Heat map of units (rows) × components (columns): each cell its index, filled by band, with the
significantly-below cells marked."""

from __future__ import annotations

from collections.abc import Sequence

from surveyapp.charts import axes, svg
from surveyapp.charts.data import VIETNAMESE, Chart, HeatCell, Wording
from surveyapp.charts.text import LINE_HEIGHT, count_text, nfc, percent, text_width, widest, wrap

# Four bands cut at three thresholds; the two lowest are hatched so they survive black-and-white.
BAND_FILLS = (svg.pattern_fill("crosshatch"), svg.pattern_fill("hatch"), "#e3efdf", "#a9cfa0")
FLAG_STROKE = 3.5
_PAD = 14
_MIN_CELL = 62.0  # "100,0%" in bold 13 px plus room


def heat_map(
    units: Sequence[str],
    components: Sequence[str],
    cells: Sequence[Sequence[HeatCell]],
    *,
    title: str,
    caption: str,
    bands: tuple[float, float, float] = (0.7, 0.8, 0.9),
    wording: Wording = VIETNAMESE,
    width: int = 720,
) -> Chart:
    """One row per unit, one column per component; ``cells[i][j]`` is unit i × component j.

    Long unit names wrap (never clipped); ``significantly_below`` cells get a thick border and a
    corner triangle; cells without an estimate (or ``insufficient``) show "—" and their n."""
    _check_shape(units, components, cells, wording)
    if len(bands) != len(BAND_FILLS) - 1 or list(bands) != sorted(bands):
        raise ValueError(f"bands must be {len(BAND_FILLS) - 1} increasing thresholds")
    label_width, column = _columns(units, len(components), width)
    headers = [wrap(name, column - 6, svg.SMALL, bold=True) for name in components]
    top = 8 + max(len(h) for h in headers) * svg.SMALL * LINE_HEIGHT + 6
    body, y = [_headers(headers, _PAD + label_width, column)], top
    for unit, row in zip(units, cells, strict=True):
        y = _unit_row(body, unit, row, (y, label_width, column, width), bands, wording.locale)
    legend, legend_height = axes.legend(
        _legend_items(bands, wording), _PAD, y + 8, width - 2 * _PAD
    )
    plot = svg.element("g", "".join(body), class_="plot")
    drawing = svg.document(width, y + 8 + legend_height, title, caption, plot + legend)
    headers_out = (wording.unit, *(nfc(name) for name in components))
    return Chart(drawing, nfc(caption), headers_out, _rows(units, cells, wording))


def _columns(units: Sequence[str], count: int, width: float) -> tuple[float, float]:
    """Label column and cell widths. When names and readable cells do not fit side by side (a
    phone), the label column is 0 and each name goes on its own line above its cells."""
    available = width - 2 * _PAD
    label_width = min(widest(list(units), svg.FONT_SIZE) + 8, available * 0.36)
    if available - label_width < count * _MIN_CELL:
        label_width = 0.0
    return label_width, (available - label_width) / max(count, 1)


def _unit_row(body: list[str], unit: str, row, place, bands, locale: str) -> float:
    """Draw one unit's name and cells into *body*; returns the y where the next row starts."""
    y, label_width, column, width = place
    if label_width:
        names = wrap(unit, label_width - 8, svg.FONT_SIZE)
        height = max(42.0, len(names) * svg.FONT_SIZE * LINE_HEIGHT + 12)
        body.append(svg.lines(_PAD, y + height / 2 - (len(names) - 1) * 8 + 4, names))
    else:
        names = wrap(unit, width - 2 * _PAD, svg.FONT_SIZE, bold=True)
        body.append(svg.lines(_PAD, y + svg.FONT_SIZE + 4, names, font_weight="bold"))
        y, height = y + len(names) * svg.FONT_SIZE * LINE_HEIGHT + 6, 42.0
    for j, cell in enumerate(row):
        x = _PAD + label_width + j * column
        body.append(_cell(cell, (x, y, column, height), bands, locale))
    return y + height


def band_of(value: float, bands: Sequence[float]) -> int:
    """0 for values below the first threshold, up to ``len(bands)`` at or above the last."""
    return sum(value >= threshold for threshold in bands)


def _check_shape(units, components, cells, wording: Wording) -> None:
    if not units or not components:
        raise ValueError("a heat map needs at least one unit and one component")
    if len(cells) != len(units) or any(len(row) != len(components) for row in cells):
        raise ValueError("cells must have one row per unit and one cell per component")
    for row in cells:
        for cell in row:
            wording.status_text(cell.status)


def _headers(headers: list[list[str]], left: float, column: float) -> str:
    return "".join(
        svg.lines(
            left + (j + 0.5) * column,
            8 + svg.SMALL,
            rows,
            size=svg.SMALL,
            text_anchor="middle",
            font_weight="bold",
        )
        for j, rows in enumerate(headers)
    )


def _shown(cell: HeatCell) -> bool:
    return cell.index is not None and cell.status != "insufficient"


def _cell(cell: HeatCell, box: tuple[float, float, float, float], bands, locale: str) -> str:
    x, y, width, height = box
    middle = x + width / 2
    halo = svg.HALO
    if not _shown(cell):
        fill, value = "#ffffff", "—"
    else:
        fill, value = BAND_FILLS[band_of(cell.index, bands)], percent(cell.index, locale)
    size = min(svg.FONT_SIZE, (width - 6) / text_width("100,0%", 1, bold=True))
    parts = [
        svg.rect(x, y, width, height, fill=fill, stroke="#ffffff", stroke_width=2),
        svg.text(
            middle,
            y + height / 2 - 2,
            value,
            text_anchor="middle",
            font_weight="bold",
            font_size=round(size, 1),
            **halo,
        ),
        svg.text(
            middle,
            y + height / 2 + 13,
            count_text(cell.n, locale),
            text_anchor="middle",
            font_size=svg.SMALL - 1,
            **halo,
        ),
    ]
    if cell.status == "significantly_below":
        parts.append(_flag(x, y, width, height))
    return "".join(parts)


def _flag(x: float, y: float, width: float, height: float) -> str:
    inset = FLAG_STROKE / 2 + 1
    border = svg.rect(
        x + inset,
        y + inset,
        width - 2 * inset,
        height - 2 * inset,
        fill="none",
        stroke=svg.INK,
        stroke_width=FLAG_STROKE,
    )
    corner = [(x + width - 14, y + 2), (x + width - 2, y + 2), (x + width - 2, y + 14)]
    return border + svg.polygon(corner, fill=svg.INK)


def _legend_items(bands: Sequence[float], wording: Wording) -> list:
    cuts = [percent(b, wording.locale, digits=0) for b in bands]
    ranges = (
        [f"< {cuts[0]}"]
        + [f"{a}–{b}" for a, b in zip(cuts, cuts[1:], strict=False)]
        + [f"≥ {cuts[-1]}"]
    )
    items = [
        (axes.swatch_symbol(fill), text) for fill, text in zip(BAND_FILLS, ranges, strict=True)
    ]
    flag = lambda x, y: _flag(x - 11, y - 9, 22, 18)  # noqa: E731
    return items + [
        (flag, wording.significantly_below),
        (axes.swatch_symbol("#ffffff"), f"— {wording.insufficient}"),
    ]


def _rows(units, cells, wording: Wording) -> tuple[tuple[str, ...], ...]:
    def value(cell: HeatCell) -> str:
        count = count_text(cell.n, wording.locale)
        if not _shown(cell):
            return f"{wording.insufficient} ({count})"
        shown = f"{percent(cell.index, wording.locale)} ({count})"
        return (
            f"{shown}, {wording.significantly_below.lower()}"
            if (cell.status == "significantly_below")
            else shown
        )

    return tuple(
        (nfc(unit), *(value(cell) for cell in row)) for unit, row in zip(units, cells, strict=True)
    )
