"""Form fields of the administration pages: units typed by code, Vietnamese dates."""

from __future__ import annotations

import re
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import ValidationError

from surveyapp.extensions import db
from surveyapp.models import Unit

DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _units_by_code(codes: list[str]) -> list[Unit]:
    """The units named, in the order given. Raises ValidationError naming the unknown codes."""
    found = {u.code: u for u in db.session.scalars(sa.select(Unit).where(Unit.code.in_(codes)))}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(_l("No unit with code: %(codes)s", codes=", ".join(unknown)))
    return [found[code] for code in codes]


class UnitCodeField(StringField):
    """A unit typed by its code (our code, shown in the unit tree); ``data`` is the Unit."""

    raw: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.raw, self.data = valuelist[0].strip(), None

    def pre_validate(self, form) -> None:
        if self.raw:
            self.data = _units_by_code([self.raw])[0]

    def _value(self) -> str:
        if self.raw is not None:
            return self.raw
        if isinstance(self.data, str):  # a code given as the default, e.g. from a link
            return self.data
        return self.data.code if isinstance(self.data, Unit) else ""


class UnitCodesField(TextAreaField):
    """Several unit codes, separated by commas, spaces or lines; ``data`` is a list of Units."""

    raw: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.raw, self.data = valuelist[0], []

    def pre_validate(self, form) -> None:
        codes = list(dict.fromkeys(c for c in re.split(r"[\s,;]+", self.raw or "") if c))
        if codes:
            self.data = _units_by_code(codes)

    def _value(self) -> str:
        if self.raw is not None:
            return self.raw
        return ", ".join(unit.code for unit in self.data or [])


class DayField(StringField):
    """A date written day first (dd/mm/yyyy), as on Vietnamese forms; ISO also accepted."""

    raw: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        self.raw, self.data = valuelist[0].strip(), None
        for pattern in DAY_FORMATS:
            try:
                self.data = datetime.strptime(self.raw, pattern).date()
                return
            except ValueError:
                continue
        if self.raw:
            raise ValueError(_l("Write the date as dd/mm/yyyy, for example 01/07/2025."))

    def _value(self) -> str:
        if self.raw is not None:
            return self.raw
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""
