"""Every refusal the organisation services can raise reads as a Vietnamese sentence."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from surveyapp.admin.problems import explain
from surveyapp.services.imports import ImportProblems
from surveyapp.services.units import OrgError

SERVICES = Path(__file__).parents[1] / "surveyapp" / "services"
ERRORS = {"OrgError", "StaffError", "ImportProblems"}


def _sample(value: ast.expr) -> str:
    """A plausible value for one ``{...}`` of an f-string, from the expression's text."""
    text = ast.unparse(value)
    if "isoformat" in text:
        return "2025-07-01"
    if text.isupper() or "start" in text:
        return "10"
    if "join" in text or "allowed" in text:
        return "commune, province"
    return "X1"


def _render(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            parts.append(part.value)
        else:
            sample = _sample(part.value)
            parts.append(repr(sample) if part.conversion == ord("r") else sample)
    return "".join(parts)


def _messages() -> list[str]:
    """The messages of every ``raise OrgError(...)`` (and the other two) in services/."""
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            call = node.exc if isinstance(node, ast.Raise) else None
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") in ERRORS):
                continue
            args = [e for a in call.args for e in (a.elts if isinstance(a, ast.List) else [a])]
            found += [_render(a) for a in args if isinstance(a, ast.JoinedStr | ast.Constant)]
    return sorted({message for message in found if " " in message})


MESSAGES = _messages()


def test_the_services_raise_messages_found_here():
    assert len(MESSAGES) >= 20


@pytest.mark.parametrize("message", MESSAGES)
def test_each_refusal_is_translated(app, message):
    with app.test_request_context("/admin/units"):
        [sentence] = explain(OrgError(message))
    assert not sentence.startswith("Không lưu được"), (message, sentence)


def test_import_problems_keep_their_line_numbers(app):
    error = ImportProblems(["line 3: no unit with code 'X9'", "line 1: missing column(s): name"])
    with app.test_request_context("/admin/units"):
        assert explain(error) == [
            "Dòng 3: Không có đơn vị mang mã X9.",
            "Dòng 1: Thiếu cột: name.",
        ]


def test_an_unknown_refusal_is_shown_as_it_is(app):
    with app.test_request_context("/admin/units"):
        assert explain(OrgError("something new")) == ["Không lưu được: something new"]
