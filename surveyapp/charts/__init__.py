"""Server-drawn SVG charts for the staff console: plain data in, :class:`Chart` out.

No database, request or JavaScript: a caller passes ready-made labels and numbers (indices as
0–1 proportions) and gets an SVG with a caption and the same numbers as a table.
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
