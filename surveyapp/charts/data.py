"""What the charts take (plain frozen dataclasses) and what they return (:class:`Chart`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from analysis.table import STATUSES  # one vocabulary for scores and charts


@dataclass(frozen=True)
class Chart:
    """An SVG drawing with its caption and the same numbers as a table for screen readers.

    ``svg`` is :class:`markupsafe.Markup`, so a template can write ``{{ chart.svg }}``.
    ``table_rows`` hold ready-formatted strings, one tuple per row, in ``table_headers`` order.
    """

    svg: Markup
    caption: str
    table_headers: tuple[str, ...]
    table_rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        # The drawing is built from escaped parts; mark it safe once, here.
        object.__setattr__(self, "svg", Markup(self.svg))


@dataclass(frozen=True)
class Wording:
    """Every word a chart draws besides the caller's data, and the locale of its numbers.
    Vietnamese by default; on a page use :func:`surveyapp.charts.wording.translated_wording`,
    which takes the same words from the translation catalogs."""

    locale: str = "vi"
    target: str = "Mục tiêu"
    meets: str = "Đạt mục tiêu"
    below: str = "Dưới mục tiêu"
    significantly_below: str = "Dưới mục tiêu có ý nghĩa thống kê"
    insufficient: str = "Chưa đủ dữ liệu"
    status: str = "Trạng thái"
    index: str = "Chỉ số hài lòng"
    n: str = "n"
    responses: str = "Số câu trả lời hợp lệ (n)"
    interval: str = "Khoảng tin cậy 95%"
    limit_95: str = "Giới hạn kiểm soát 95%"
    limit_998: str = "Giới hạn kiểm soát 99,8%"
    limit_position: str = "So với giới hạn 99,8%"
    inside: str = "Trong giới hạn"
    under_limit: str = "Dưới giới hạn"
    over_limit: str = "Trên giới hạn"
    chart_label: str = "Nhãn trên biểu đồ"
    unit: str = "Đơn vị"
    month: str = "Tháng"
    no_data: str = "Không có dữ liệu"
    series_break: str = "Thay đổi chuỗi số liệu"
    criterion: str = "Tiêu chí"
    code: str = "Mã"
    importance: str = "Mức quan trọng"
    performance: str = "Mức hài lòng"
    quadrant: str = "Quan trọng và dưới mục tiêu"
    median_importance: str = "Trung vị mức quan trọng"
    yes: str = "có"
    no: str = "không"
    item: str = "Nội dung"

    def status_text(self, status: str | None) -> str:
        """The word for one of :data:`STATUSES`; ``""`` when there is none."""
        if status is None:
            return ""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}; got {status!r}")
        return getattr(self, status)


VIETNAMESE = Wording()


@dataclass(frozen=True)
class FunnelPoint:
    """One unit on a funnel plot: its index (0–1) from ``n`` valid answers. ``short_label`` (a
    unit code, say) is drawn instead of ``label`` when the names of outliers would overlap."""

    label: str
    n: int
    index: float
    status: str
    short_label: str = ""


@dataclass(frozen=True)
class FunnelLimit:
    """Control limits at one ``n`` (as :func:`analysis.funnel_limits` computes them)."""

    n: float
    low: float
    high: float


@dataclass(frozen=True)
class HeatCell:
    """One unit × component cell; ``index`` is ``None`` when there is no estimate."""

    index: float | None
    n: int
    status: str


@dataclass(frozen=True)
class TrendPoint:
    """One month of a trend; ``index`` ``None`` (or a month left out) draws a gap."""

    month: date
    index: float | None
    n: int = 0
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class SeriesBreak:
    """A date where the series changes meaning: ``SeriesBreak(date(2025, 7, 1), "sáp nhập")``."""

    on: date
    label: str


@dataclass(frozen=True)
class DriverPoint:
    """A criterion on the importance × performance chart."""

    code: str
    label: str
    importance: float
    performance: float
    n: int


@dataclass(frozen=True)
class BarItem:
    """One horizontal bar; ``value`` ``None`` shows "chưa đủ dữ liệu" and the n."""

    label: str
    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    status: str | None = None
