"""Chart text: width estimates against the real DejaVu Sans metrics, wrapping, number formats."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from babel.support import Translations
from PIL import ImageFont

from surveyapp import charts
from surveyapp.charts import VIETNAMESE, HeatCell, translated_wording
from surveyapp.charts.text import number, percent, text_width, wrap
from tests.charts_samples import NS, svg_tree

NAMES = [
    "Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế",
    "UBND phường Đống Đa, quận Đống Đa",
    "ỨNG HÒA — ĐỒNG XUÂN — ƯU ĐÃI",
    "Mường Nhé, Điện Biên",
    "WWW MMM ||| iii 100,0%",
]


def _font_file(bold: bool) -> str:
    """DejaVu Sans from Debian's fonts-dejavu-core (.ci/run installs it), else matplotlib's copy."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    debian = Path("/usr/share/fonts/truetype/dejavu") / name
    if debian.exists():
        return str(debian)
    spec = importlib.util.find_spec("matplotlib")
    assert spec and spec.submodule_search_locations, "DejaVu Sans is needed: fonts-dejavu-core"
    return str(Path(spec.submodule_search_locations[0]) / "mpl-data/fonts/ttf" / name)


def _actual(text: str, size: float, bold: bool = False) -> float:
    return ImageFont.truetype(_font_file(bold), size=100).getlength(text) * size / 100


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_text_width_errs_wide_but_not_by_much(name, bold):
    actual = _actual(name, 13, bold)
    assert actual <= text_width(name, 13, bold) <= actual * 1.25


def test_wrap_keeps_words_and_lines_fit():
    rows = wrap(NAMES[0], 150, 13)
    assert " ".join(rows) == NAMES[0] and len(rows) > 1
    assert all(_actual(row, 13) <= 150 for row in rows)


def test_heat_map_unit_names_are_whole_and_fit_their_column():
    cells = [[HeatCell(0.9, 100, "meets")] * 3 for _ in NAMES]
    chart = charts.heat_map(NAMES, ["A", "B", "C"], cells, title="t", caption="c")
    root = svg_tree(chart.svg)
    first_cell = min(float(r.get("x")) for r in root.iter(f"{NS}rect") if r.get("height") == "42")
    labels = [text for text in root.iter(f"{NS}text") if text.get("x") == "14"]
    assert [" ".join(span.text for span in text) for text in labels] == NAMES
    assert any(len(text) > 1 for text in labels)  # the long one wrapped
    for text in labels:
        for span in text:
            assert 14 + _actual(span.text, 13) <= first_cell


def test_vietnamese_number_formats():
    assert percent(0.784, "vi") == "78,4%"
    assert percent(0.8, "vi", digits=0) == "80%"
    assert number(1234.5, "vi", 1) == "1.234,5"
    assert percent(0.784, "en") == "78.4%"


CATALOGS = Path(__file__).parents[1] / "surveyapp" / "translations"


def test_vietnamese_catalog_gives_the_default_wording():
    catalog = Translations.load(str(CATALOGS), ["vi"])
    assert isinstance(catalog, Translations), "compile the catalogs first (make translations)"
    assert translated_wording(catalog.gettext, "vi") == VIETNAMESE


def test_english_wording_formats_its_levels_in_english():
    english = translated_wording(Translations.load(str(CATALOGS), ["en"]).gettext, "en")
    assert english.quadrant == "Important and below target"
    assert english.limit_998 == "99.8% control limit"
    assert english.interval == "95% confidence interval"
    assert english.locale == "en" and english.status_text("below") == "Below the target"
