"""The chart words from the translation catalogs (msgids in English, as everywhere else)."""

from __future__ import annotations

from collections.abc import Callable

from surveyapp.charts.data import Wording
from surveyapp.charts.text import percent


def translated_wording(gettext: Callable[[str], str], locale: str) -> Wording:
    """A :class:`Wording` in the language of *gettext*, e.g.
    ``translated_wording(flask_babel.gettext, str(flask_babel.get_locale()))`` in a view."""
    _ = gettext
    level_95, level_998 = ({"level": percent(p, locale, d)} for p, d in ((0.95, 0), (0.998, 1)))
    return Wording(
        locale=locale,
        target=_("Target"),
        meets=_("Meets the target"),
        below=_("Below the target"),
        significantly_below=_("Significantly below the target"),
        insufficient=_("Not enough data"),
        status=_("Status"),
        index=_("Satisfaction index"),
        responses=_("Valid answers (n)"),
        interval=_("%(level)s confidence interval") % level_95,
        limit_95=_("%(level)s control limit") % level_95,
        limit_998=_("%(level)s control limit") % level_998,
        limit_position=_("Against the %(level)s limits") % level_998,
        inside=_("Within the limits"),
        under_limit=_("Below the lower limit"),
        over_limit=_("Above the upper limit"),
        chart_label=_("Label on the chart"),
        unit=_("Unit"),
        month=_("Month"),
        no_data=_("No data"),
        series_break=_("Series break"),
        criterion=_("Criterion"),
        code=_("Code"),
        importance=_("Importance"),
        performance=_("Satisfaction"),
        quadrant=_("Important and below target"),
        median_importance=_("Median importance"),
        yes=_("yes"),
        no=_("no"),
        item=_("Item"),
    )
