"""One sample of each chart, and helpers to read an SVG back, for the chart tests."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date

from surveyapp import charts
from surveyapp.charts import (
    BarItem,
    DriverPoint,
    FunnelLimit,
    FunnelPoint,
    HeatCell,
    SeriesBreak,
    TrendPoint,
)

NS = "{http://www.w3.org/2000/svg}"
UNITS = ["UBND phường Hoàn Kiếm", "Trung tâm Phục vụ hành chính công tỉnh", "UBND xã Ứng Hòa"]


def normal_limits(target: float, z: float, sizes=range(10, 1001, 10)) -> list[FunnelLimit]:
    """p0 ± z·√(p0(1−p0)/n) (Spiegelhalter 2005), written out here independently of the code."""
    half = [z * math.sqrt(target * (1 - target) / n) for n in sizes]
    return [FunnelLimit(n, target - h, target + h) for n, h in zip(sizes, half, strict=True)]


def svg_tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def plot_of(svg: str) -> ET.Element:
    """The drawing without its legend and pattern definitions."""
    return svg_tree(svg).find(f"{NS}g[@class='plot']")


def texts(svg: str) -> list[str]:
    """Every line of text drawn: each ``<text>`` without lines, and each ``<tspan>``."""
    drawn = []
    for element in svg_tree(svg).iter():
        if element.tag == f"{NS}tspan" or (element.tag == f"{NS}text" and element.text):
            drawn.append(element.text)
    return drawn


def funnel() -> charts.Chart:
    points = [
        FunnelPoint(UNITS[0], 420, 0.86, "meets"),
        FunnelPoint(UNITS[1], 980, 0.74, "significantly_below"),
        FunnelPoint(UNITS[2], 55, 0.71, "below"),
    ]
    limits = normal_limits(0.8, 1.960), normal_limits(0.8, 3.090)
    return charts.funnel_plot(points, *limits, title="Biểu đồ phễu", caption="Chỉ số theo đơn vị")


def heat() -> charts.Chart:
    cells = [
        [HeatCell(0.91, 40, "meets"), HeatCell(0.66, 73, "significantly_below")],
        [HeatCell(0.77, 62, "below"), HeatCell(None, 4, "insufficient")],
        [HeatCell(0.84, 51, "meets"), HeatCell(0.88, 84, "meets")],
    ]
    components = ["Tiếp cận dịch vụ", "Tiếp nhận, xử lý góp ý, phản ánh"]
    return charts.heat_map(UNITS, components, cells, title="Bản đồ nhiệt", caption="Đơn vị × TP")


def trend() -> charts.Chart:
    points = [TrendPoint(date(2025, m, 1), 0.7 + m / 100, 90, 0.6, 0.88) for m in (3, 4, 5, 8, 9)]
    breaks = [SeriesBreak(date(2025, 7, 1), "sáp nhập")]
    return charts.trend_chart(points, title="Xu hướng", caption="Theo tháng", breaks=breaks)


def drivers() -> charts.Chart:
    points = [
        DriverPoint("TC1", "Nơi ngồi chờ", 0.2, 0.9, 150),
        DriverPoint("KQ1", "Kết quả đúng hẹn", 0.6, 0.7, 150),
        DriverPoint("CC2", "Công chức lắng nghe", 0.45, 0.76, 150),
    ]
    return charts.drivers_chart(points, title="Động lực chính", caption="Quan trọng × hài lòng")


def bars() -> charts.Chart:
    items = [
        BarItem("Tiếp cận dịch vụ", 0.872, 812, 0.85, 0.89, "meets"),
        BarItem("Công chức giải quyết công việc", 0.742, 805, 0.71, 0.77, "significantly_below"),
        BarItem("Tiếp nhận, xử lý góp ý", None, 9, status="insufficient"),
    ]
    return charts.bar_chart(items, title="Thành phần", caption="Chỉ số theo thành phần")


def phone_bars() -> charts.Chart:
    items = [BarItem("Rút ngắn thời gian giải quyết", 0.41, 512), BarItem("Khác", 0.05, 512)]
    return charts.bar_chart(
        items, title="Ưu tiên", caption="Tỷ lệ", target=None, domain=None, width=360
    )


SAMPLES = {
    "funnel": funnel,
    "heat": heat,
    "trend": trend,
    "drivers": drivers,
    "bars": bars,
    "phone_bars": phone_bars,
}
