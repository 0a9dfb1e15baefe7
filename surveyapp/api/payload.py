"""Shape checks for API bodies, before the shared validation of their content."""

from __future__ import annotations

from typing import Any

from surveyapp.problems import Problem
from surveyapp.services.submissions import RawSubmission

FIELDS = {
    "token", "answers", "comment", "dossier", "procedure", "choices", "instrument_id", "draw",
}  # fmt: skip


def _choice_problems(choices: Any) -> list[Problem]:
    if not isinstance(choices, dict):
        return [Problem("choices", "not_object")]
    return [
        Problem(f"choices.{code}", "bad_choice")
        for code, value in choices.items()
        if not (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        )
    ]


def shape_problems(body: Any) -> list[Problem]:
    """Problems with the structure of a body (HTTP 400); an empty list when it is well formed."""
    if not isinstance(body, dict):
        return [Problem("", "not_object")]
    problems = [Problem(key, "unknown_field") for key in body if key not in FIELDS]
    problems += [Problem(key, "missing") for key in ("token", "answers") if key not in body]
    if "answers" in body and not isinstance(body["answers"], dict):
        problems.append(Problem("answers", "not_object"))
    for key in ("token", "comment", "dossier", "procedure", "draw"):
        if body.get(key) is not None and not isinstance(body[key], str):
            problems.append(Problem(key, "not_string"))
    if body.get("instrument_id") is not None and type(body["instrument_id"]) is not int:
        problems.append(Problem("instrument_id", "not_integer"))
    return problems + _choice_problems(body.get("choices", {}))


def _rating(value: Any) -> Any:
    """JSON Schema (and the OpenAPI document) count 4.0 as the integer 4; so do we."""
    return int(value) if type(value) is float and value.is_integer() else value


def raw_submission(body: dict[str, Any], submission_key: str, language: str) -> RawSubmission:
    choices = {
        code: [value] if isinstance(value, str) else value
        for code, value in body.get("choices", {}).items()
    }
    return RawSubmission(
        answers={code: _rating(value) for code, value in body["answers"].items()},
        choices=choices,
        comment=body.get("comment"),
        procedure=body.get("procedure"),
        submission_key=submission_key,
        language=language,
        draw=body.get("draw"),
    )
