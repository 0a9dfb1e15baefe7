"""The services' refusals (OrgError, StaffError, ImportProblems) in the reader's language.

The services word their errors in English for commands and logs; each known wording has a
translated pattern here. An unknown wording is shown as it is, after a translated lead-in.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveyapp.services import listings
from surveyapp.services.imports import ImportProblems
from surveyapp.services.staff import StaffError
from surveyapp.services.units import OrgError

SERVICE_ERRORS = (OrgError, StaffError, ImportProblems)

_Q = r"'?(?P<%s>.*?)'?"
_PATTERNS = [
    (r"no unit with code " + _Q % "code", _l("There is no unit with code %(code)s.")),
    (r"unknown unit type " + _Q % "type" + ";.*", _l("Unknown unit type %(type)s.")),
    (
        r"a (?P<type>\S+) unit cannot sit under (?P<parent>\S+); parent types: (?P<allowed>.*)",
        _l("A unit of type “%(type)s” cannot sit under “%(parent)s” (allowed: %(allowed)s)."),
    ),
    (r"unit code " + _Q % "code" + " is taken", _l("The unit code %(code)s is already used.")),
    (r"cannot change (?P<fields>.*)", _l("These fields cannot be changed: %(fields)s.")),
    (r"a unit cannot be moved under itself", _l("A unit cannot be placed under itself.")),
    (
        r"unit (?P<code>\S+) was closed on (?P<day>[\d-]+)",
        _l("Unit %(code)s was already closed on %(day)s."),
    ),
    (
        r"unit (?P<code>\S+) starts on (?P<day>[\d-]+)",
        _l("Unit %(code)s only starts on %(day)s: choose a later date."),
    ),
    (
        r"unit (?P<code>\S+) is closed from (?P<day>[\d-]+)",
        _l("Unit %(code)s is closed from %(day)s: it cannot receive other units."),
    ),
    (r"unit (?P<code>\S+) is closed", _l("Unit %(code)s is closed.")),
    (r"a unit cannot succeed itself", _l("A unit cannot be merged into itself.")),
    (r"name at least one unit to merge", _l("Name at least one unit to merge.")),
    (
        r"give the legal basis.*",
        _l("Give the legal basis (for example the resolution number)."),
    ),
    (r"a split needs at least two successor units", _l("A split needs at least two new units.")),
    (r"a (?P<kind>.+) has no desks of its own", _l("This kind of unit has no desks of its own.")),
    (
        r"no questionnaire " + _Q % "code" + " is installed",
        _l("Questionnaire %(code)s is not installed."),
    ),
    (r"desk code " + _Q % "code" + " is taken", _l("The desk code %(code)s is already used.")),
    (
        r"desk (?P<desk>\S+) is already at (?P<code>\S+)",
        _l("Desk %(desk)s is already at unit %(code)s."),
    ),
    (r"form mode must be one of .*", _l("The form must be quick or full.")),
    (r"a procedure needs a code and a name", _l("A procedure needs a code and a name.")),
    (r"unknown role .*", _l("Unknown role.")),
    (r"a supervisor needs at least one unit", _l("A supervisor needs at least one unit.")),
    (
        r"a password needs at least (?P<count>\d+) characters",
        _l("A password needs at least %(count)s characters."),
    ),
    (
        r"username " + _Q % "name" + " is empty or taken",
        _l("The username %(name)s is empty or already used."),
    ),
    (r"you cannot change your own role", _l("You cannot change your own role.")),
    (r"you cannot deactivate your own account", _l("You cannot deactivate your own account.")),
    (r"the file is not UTF-8.*", _l("The file is not UTF-8 text.")),
    (r"missing column\(s\): (?P<columns>.*)", _l("Missing column(s): %(columns)s.")),
    (
        r"this file may only list unit (?P<code>\S+)",
        _l("This file may only list unit %(code)s (column unit_code)."),
    ),
    (r"code and name are required", _l("Code and name are required.")),
    (r"Invalid isoformat string: (?P<value>.*)", _l("Not a date (yyyy-mm-dd): %(value)s.")),
]
_COMPILED = [(re.compile(pattern + r"\Z"), message) for pattern, message in _PATTERNS]
_LINE = re.compile(r"line (?P<line>\d+): (?P<rest>.*)\Z", re.S)


def _type_names(codes: str) -> str:
    """Unit type codes ("commune, province") as the reader's names for them."""
    english = str(get_locale()) == "en"
    names = {t.code: (t.name_en if english else t.name) for t in listings.unit_types()}
    names |= {"nothing": _("no parent"), "none (top of the tree)": _("no parent (top of the tree)")}
    return "; ".join(names.get(code.strip(), code.strip()) for code in codes.split(","))


def _readable(values: dict[str, str]) -> dict[str, str]:
    """The services write ISO dates and type codes; people read dd/mm/yyyy and names."""
    if values.get("day"):
        values["day"] = format_date(date.fromisoformat(values["day"]), "dd/MM/yyyy")
    for key in ("type", "parent", "allowed"):
        if values.get(key):
            values[key] = _type_names(values[key])
    return values


def _one(text: str) -> str:
    line = _LINE.match(text)
    if line:
        return _("Line %(line)s: %(problem)s", line=line["line"], problem=_one(line["rest"]))
    for pattern, message in _COMPILED:
        found = pattern.match(text)
        if found:
            return str(message) % _readable(found.groupdict())
    return _("Not saved: %(reason)s", reason=text)


def explain(error: Exception) -> list[str]:
    """The error's problems as sentences for the signed-in reader, one per problem."""
    if isinstance(error, ImportProblems):
        return [_one(problem) for problem in error.problems]
    return [_one(str(error))]
