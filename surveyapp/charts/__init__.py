"""Server-drawn SVG charts for the staff console: plain data in, :class:`Chart` out.

No database, request or JavaScript: a caller passes ready-made labels and numbers (indices as
0–1 proportions) and gets a self-contained SVG (role="img", title, desc, DejaVu Sans, patterns
for black-and-white print, no external reference) with its caption and the same numbers as a
table. A page shows them as::

    <figure>{{ chart.svg }}<figcaption>{{ chart.caption }}</figcaption>
      <table>…chart.table_headers / chart.table_rows…</table></figure>

with ``figure svg {max-width: 100%; height: auto}``. Layout is computed for ``width`` (user
units = CSS px at natural size); for phones draw a second copy with ``width=360`` (labels wrap,
the heat map and bars stack names above their cells) or let the 720 one scale down. The same
input always gives the same bytes, so a chart can be cached by its data. Words come from
:class:`Wording` (Vietnamese by default); :func:`translated_wording` takes them from the
catalogs for the request's language.
"""

from __future__ import annotations

from surveyapp.charts.bars import bar_chart
from surveyapp.charts.data import (
    STATUSES,
    VIETNAMESE,
    BarItem,
    Chart,
    DriverPoint,
    FunnelLimit,
    FunnelPoint,
    HeatCell,
    SeriesBreak,
    TrendPoint,
    Wording,
)
from surveyapp.charts.drivers import drivers_chart
from surveyapp.charts.funnel import funnel_plot
from surveyapp.charts.heatmap import heat_map
from surveyapp.charts.trend import trend_chart
from surveyapp.charts.wording import translated_wording

__all__ = [
    "STATUSES",
    "VIETNAMESE",
    "BarItem",
    "Chart",
    "DriverPoint",
    "FunnelLimit",
    "FunnelPoint",
    "HeatCell",
    "SeriesBreak",
    "TrendPoint",
    "Wording",
    "bar_chart",
    "drivers_chart",
    "funnel_plot",
    "heat_map",
    "trend_chart",
    "translated_wording",
]
