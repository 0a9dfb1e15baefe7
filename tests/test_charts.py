"""Server-drawn SVG charts: valid, self-contained, deterministic, Vietnamese intact, and drawn
where the numbers say."""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest

from surveyapp import charts
from surveyapp.charts import (
    BarItem,
    DriverPoint,
    FunnelPoint,
    HeatCell,
    SeriesBreak,
    TrendPoint,
)
from tests.charts_samples import SAMPLES, normal_limits, plot_of, svg_tree, texts

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_charts_are_self_contained_accessible_svg(name):
    chart = SAMPLES[name]()
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert "DejaVu Sans" in root.get("font-family")
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title.text and desc.text == chart.caption
    assert set(root.get("aria-labelledby").split()) == {title.get("id"), desc.get("id")}
    assert set(root.get("aria-labelledby").split()) <= ids
    for element in root.iter():
        assert element.tag not in (f"{NS}script", f"{NS}image", f"{NS}foreignObject")
        for attribute, value in element.attrib.items():
            assert "href" not in attribute
            assert not attribute.startswith("on")
            for reference in re.findall(r"url\(([^)]*)\)", value):
                assert reference.startswith("#") and reference[1:] in ids
    assert "http" not in chart.svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert len(root.findall(f".//{NS}text")) >= 5


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_charts_are_deterministic_and_ids_differ_between_charts(name):
    assert SAMPLES[name]().svg == SAMPLES[name]().svg
    prefix = re.search(r'id="(chart-[0-9a-f]+)-title"', SAMPLES[name]().svg).group(1)
    others = {re.search(r'id="(chart-[0-9a-f]+)-', SAMPLES[o]().svg).group(1) for o in SAMPLES}
    assert len(others) == len(SAMPLES) and prefix in others


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_charts_table_has_one_header_per_column(name):
    chart = SAMPLES[name]()
    assert chart.table_rows
    assert all(len(row) == len(chart.table_headers) for row in chart.table_rows)


def test_vietnamese_labels_reach_the_drawing_composed():
    decomposed = unicodedata.normalize("NFD", "UBND phường Đông Anh")
    chart = charts.bar_chart(
        [BarItem(decomposed, 0.7, 120)], title="Chỉ số", caption=unicodedata.normalize("NFD", "Ổn")
    )
    assert "UBND phường Đông Anh" in " ".join(texts(chart.svg))
    assert chart.table_rows[0][0] == "UBND phường Đông Anh"
    assert chart.caption == "Ổn" and unicodedata.is_normalized("NFC", chart.svg)


def test_funnel_point_at_target_lies_on_the_target_line():
    points = [FunnelPoint("Xã A", 200, 0.8, "meets"), FunnelPoint("Xã B", 50, 0.9, "meets")]
    chart = charts.funnel_plot(
        points, normal_limits(0.8, 1.960), normal_limits(0.8, 3.090), title="t", caption="c"
    )
    root = svg_tree(chart.svg)
    target = [line for line in root.iter(f"{NS}line") if line.get("stroke-width") == "2.2"]
    circles = [c for c in root.iter(f"{NS}circle") if c.get("r") == "5"]
    centre_y = {round(float(c.get("cy")), 1) for c in circles}
    target_y = float(target[0].get("y1"))
    assert target[0].get("y1") == target[0].get("y2")
    assert round(target_y, 1) in centre_y and len(centre_y) == 2


def test_funnel_names_only_units_outside_the_998_limits():
    # normal approximation at n = 100: 0.8 ± 3.090 · 0.04 = 0.676..0.924 (CONSOLE.md)
    points = [
        FunnelPoint("Xã Ngoài Dưới", 100, 0.60, "significantly_below"),
        FunnelPoint("Xã Trong Khoảng", 100, 0.70, "below"),
        FunnelPoint("Phường Ngoài Trên", 100, 0.95, "meets"),
        FunnelPoint("Xã Ít Dữ Liệu", 8, 0.30, "insufficient"),
    ]
    limits = (normal_limits(0.8, 1.960), normal_limits(0.8, 3.090))
    chart = charts.funnel_plot(points, *limits, title="Phễu", caption="Biểu đồ phễu")
    drawn = texts(chart.svg)
    assert "Xã Ngoài Dưới" in drawn and "Phường Ngoài Trên" in drawn
    assert "Xã Trong Khoảng" not in drawn and "Xã Ít Dữ Liệu" not in drawn
    assert [row[4:] for row in chart.table_rows] == [
        ("Dưới giới hạn", "Xã Ngoài Dưới"),
        ("Trong giới hạn", ""),
        ("Trên giới hạn", "Phường Ngoài Trên"),
        ("Trong giới hạn", ""),
    ]
    assert chart.table_rows[0][:4] == (
        "Xã Ngoài Dưới",
        "100",
        "60,0%",
        "Dưới mục tiêu có ý nghĩa thống kê",
    )
    assert chart.table_rows[3][2] == "Chưa đủ dữ liệu"


def test_funnel_falls_back_to_short_labels_when_names_would_overlap():
    crowd = [
        FunnelPoint(f"Xã Có Tên Rất Dài Số {i}", 100 + i, 0.5, "significantly_below")
        for i in range(8)
    ]
    crowd[0] = replace(crowd[0], short_label="X00")
    chart = charts.funnel_plot(crowd, [], normal_limits(0.8, 3.090), title="t", caption="c")
    drawn = texts(chart.svg)
    assert not any(t.startswith("Xã Có Tên") for t in drawn)
    assert {"X00", "2", "8"} <= set(drawn)
    assert [row[-1] for row in chart.table_rows] == ["X00", *map(str, range(2, 9))]


def test_funnel_marks_each_status_with_its_own_shape():
    points = [FunnelPoint(f"Đơn vị {s}", 300, 0.7, s) for s in charts.STATUSES]
    chart = charts.funnel_plot(points, [], [], title="t", caption="c")
    plot = plot_of(chart.svg)
    filled = [c for c in plot.iter(f"{NS}circle") if c.get("fill") == "#1a1a1a"]
    dashed = [c for c in plot.iter(f"{NS}circle") if c.get("stroke-dasharray")]
    squares = [r for r in plot.iter(f"{NS}rect") if r.get("width") == "10"]
    triangles = list(plot.iter(f"{NS}polygon"))
    assert [len(filled), len(triangles), len(squares), len(dashed)] == [1, 1, 1, 1]


def test_funnel_rejects_an_unknown_status():
    with pytest.raises(ValueError, match="status must be one of meets, below"):
        charts.funnel_plot([FunnelPoint("Xã", 10, 0.5, "bad")], [], [], title="t", caption="c")


def test_heat_map_cells_show_value_n_and_flags():
    cells = [
        [HeatCell(0.784, 120, "below"), HeatCell(0.62, 300, "significantly_below")],
        [HeatCell(None, 7, "insufficient"), HeatCell(0.95, 1234, "meets")],
    ]
    units = ["Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "UBND xã Ứng Hòa"]
    chart = charts.heat_map(units, ["Tiếp cận dịch vụ", "Kết quả"], cells, title="t", caption="c")
    drawn = texts(chart.svg)
    for shown in ("78,4%", "n = 120", "62,0%", "—", "n = 7", "95,0%", "n = 1.234"):
        assert shown in drawn
    flags = [r for r in svg_tree(chart.svg).iter(f"{NS}rect") if r.get("stroke-width") == "3.5"]
    assert len(flags) == 2  # the flagged cell and its legend entry
    assert chart.table_headers == ("Đơn vị", "Tiếp cận dịch vụ", "Kết quả")
    assert chart.table_rows == (
        (units[0], "78,4% (n = 120)", "62,0% (n = 300), dưới mục tiêu có ý nghĩa thống kê"),
        (units[1], "Chưa đủ dữ liệu (n = 7)", "95,0% (n = 1.234)"),
    )


def test_heat_map_fills_by_band():
    cells = [[HeatCell(v, 100, "meets" if v >= 0.8 else "below") for v in (0.65, 0.75, 0.85, 0.95)]]
    root = svg_tree(charts.heat_map(["Xã"], list("ABCD"), cells, title="t", caption="c").svg)
    fills = [r.get("fill") for r in root.iter(f"{NS}rect") if r.get("stroke") == "#ffffff"]
    assert fills[0].endswith("-crosshatch)") and fills[1].endswith("-hatch)")
    assert fills[2:4] == ["#e3efdf", "#a9cfa0"]


@pytest.mark.parametrize(
    ("units", "cells", "options", "message"),
    [
        (["A"], [[HeatCell(0.9, 10, "meets")]], {}, "one cell per component"),
        ([], [], {}, "at least one unit"),
        (["A"], [[HeatCell(0.9, 10, "meets")] * 2], {"bands": (0.8, 0.7, 0.9)}, "increasing"),
    ],
)
def test_heat_map_rejects_bad_input(units, cells, options, message):
    with pytest.raises(ValueError, match=message):
        charts.heat_map(units, ["x", "y"], cells, title="t", caption="c", **options)


def test_trend_leaves_a_gap_where_a_month_has_no_data():
    points = [TrendPoint(date(2025, m, 1), 0.7 + m / 100, 100, 0.6, 0.9) for m in (1, 2, 4, 5)]
    points.append(TrendPoint(date(2025, 6, 1), None, 3))
    chart = charts.trend_chart(points, title="Xu hướng", caption="c", width=720)
    root = svg_tree(chart.svg)
    lines = [pl for pl in root.iter(f"{NS}polyline") if pl.get("stroke-width") == "2.2"]
    xs = [[float(p.split(",")[0]) for p in pl.get("points").split()] for pl in lines]
    assert [len(x) for x in xs] == [2, 2]  # Jan–Feb and Apr–May; March and June are gaps
    step = xs[0][1] - xs[0][0]
    assert xs[1][0] - xs[0][1] == pytest.approx(2 * step, abs=0.02)
    assert [row[1] for row in chart.table_rows] == [
        "71,0%",
        "72,0%",
        "Không có dữ liệu",
        "74,0%",
        "75,0%",
        "Không có dữ liệu",
    ]
    assert chart.table_rows[0] == ("01/2025", "71,0%", "60,0%–90,0%", "100")
    assert {"01/2025", "06/2025"} <= set(texts(chart.svg))


def test_trend_marks_a_series_break_at_the_start_of_its_month():
    months = [date(2025, m, 1) for m in range(4, 11)]
    points = [TrendPoint(m, 0.8, 50, 0.7, 0.9) for m in months]
    chart = charts.trend_chart(
        points, title="t", caption="c", breaks=[SeriesBreak(date(2025, 7, 1), "sáp nhập")]
    )
    root = plot_of(chart.svg)
    assert "1/7/2025: sáp nhập" in texts(chart.svg)
    centres = sorted({float(c.get("cx")) for c in root.iter(f"{NS}circle") if c.get("r") == "3.2"})
    (dashed,) = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke-dasharray") == "5 3"][:1]
    june, july = centres[2], centres[3]
    assert float(dashed.get("x1")) == pytest.approx((june + july) / 2, abs=0.01)


def test_trend_ignores_breaks_outside_its_months():
    points = [TrendPoint(date(2026, m, 1), 0.8, 50) for m in (1, 2, 3)]
    old = SeriesBreak(date(2025, 7, 1), "sáp nhập")
    with_break = charts.trend_chart(points, title="t", caption="c", breaks=[old])
    assert with_break.svg == charts.trend_chart(points, title="t", caption="c").svg


def test_drivers_shade_important_and_below_target_at_the_median():
    importances = [0.1, 0.2, 0.3, 0.4, 0.5]
    performances = [0.9, 0.7, 0.85, 0.75, 0.6]
    points = [
        DriverPoint(f"C{i}", f"Tiêu chí {i}", imp, perf, 100)
        for i, (imp, perf) in enumerate(zip(importances, performances, strict=True))
    ]
    chart = charts.drivers_chart(points, title="t", caption="c")
    root = plot_of(chart.svg)
    (split,) = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke-dasharray") == "6 3"]
    (shade,) = [r for r in root.iter(f"{NS}rect") if (r.get("fill") or "").endswith("quadrant)")]
    dots = sorted(float(c.get("cx")) for c in root.iter(f"{NS}circle"))
    squares = sorted(
        float(r.get("x")) + 5 for r in root.iter(f"{NS}rect") if r.get("width") == "10"
    )
    assert len(dots) == 3 and len(squares) == 2  # C3 and C4 are in the quadrant
    assert float(split.get("x1")) == pytest.approx(dots[-1])  # C2, at the median 0.3
    assert float(shade.get("x")) == pytest.approx(float(split.get("x1")))
    drawn = texts(chart.svg)
    assert "Quan trọng và dưới mục tiêu" in drawn and {f"C{i}" for i in range(5)} <= set(drawn)
    assert [row[-1] for row in chart.table_rows] == ["không", "không", "không", "có", "có"]
    assert chart.table_rows[3] == ("C3", "Tiêu chí 3", "0,40", "75,0%", "100", "có")


def test_drivers_take_english_wording():
    english = replace(charts.VIETNAMESE, locale="en", quadrant="Important and below target")
    points = [DriverPoint("A1", "Queue", 0.5, 0.7, 10), DriverPoint("A2", "Desk", 0.1, 0.9, 10)]
    chart = charts.drivers_chart(points, title="t", caption="c", wording=english)
    assert "Important and below target" in texts(chart.svg)
    assert chart.table_rows[0][2:4] == ("0.50", "70.0%")


def test_bars_put_whiskers_and_n_where_the_values_are():
    items = [
        BarItem("Tiếp cận dịch vụ", 0.8, 400, 0.76, 0.84, "meets"),
        BarItem("Thủ tục hành chính", 0.5, 90, 0.4, 0.6, "significantly_below"),
        BarItem("Góp ý, phản ánh", None, 3, status="insufficient"),
    ]
    chart = charts.bar_chart(items, title="t", caption="c")
    root = svg_tree(chart.svg)
    bars = [r for r in root.iter(f"{NS}rect") if r.get("stroke-width") == "0.8"]
    assert len(bars) == 2
    start, per_unit = float(bars[0].get("x")), float(bars[0].get("width")) / 0.8
    assert float(bars[1].get("width")) == pytest.approx(0.5 * per_unit, abs=0.01)
    whiskers = [ln for ln in root.iter(f"{NS}line") if ln.get("y1") == ln.get("y2")]
    spans = {(round(float(w.get("x1")), 1), round(float(w.get("x2")), 1)) for w in whiskers}
    assert (round(start + 0.4 * per_unit, 1), round(start + 0.6 * per_unit, 1)) in spans
    drawn = texts(chart.svg)
    assert {"80,0% (n = 400)", "50,0% (n = 90)", "Chưa đủ dữ liệu (n = 3)"} <= set(drawn)
    assert chart.table_rows[1] == (
        "Thủ tục hành chính",
        "50,0%",
        "40,0%–60,0%",
        "90",
        "Dưới mục tiêu có ý nghĩa thống kê",
    )


def test_share_bars_fit_the_axis_to_the_data():
    items = [BarItem("Rút ngắn thời gian", 0.41, 512), BarItem("Khác", 0.05, 512)]
    chart = charts.bar_chart(items, title="t", caption="c", target=None, domain=None)
    drawn = texts(chart.svg)
    assert "50%" in drawn and "100%" not in drawn and not any("Mục tiêu" in t for t in drawn)
    assert math.isclose(len(chart.table_rows), 2)


def test_a_chart_renders_as_markup_not_as_escaped_text():
    from jinja2 import Environment

    from surveyapp.charts import BarItem, bar_chart

    chart = bar_chart([BarItem("SVC.1", 0.8, 100, 0.7, 0.9, "meets")], title="t", caption="c")
    rendered = Environment(autoescape=True).from_string("{{ chart.svg }}").render(chart=chart)
    assert rendered.startswith("<svg") and "&lt;" not in rendered[:200]
