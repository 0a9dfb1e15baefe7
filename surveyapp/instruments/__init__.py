"""Built-in questionnaires (JSON files beside this module) and a read-only view over them."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).parent
CRITERION_CODE = re.compile(r"^(SVC\.[1-5]|POL\.[A-D])\.\d{1,2}$")
LANGUAGES = ("vi", "en")


def checksum(definition: dict[str, Any]) -> str:
    """Stable hash of a definition: any change of wording gives a new version."""
    canonical = json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_builtin_definitions() -> dict[str, dict[str, Any]]:
    """Read and validate every ``*.json`` questionnaire shipped with the app, by code."""
    definitions = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        Questionnaire(definition)  # validates
        definitions[definition["code"]] = definition
    return definitions


@dataclass(frozen=True)
class Criterion:
    code: str
    component: str
    domain: str
    text: dict[str, str]


@dataclass(frozen=True)
class ChoiceQuestion:
    code: str
    text: dict[str, str]
    options: tuple[str, ...]
    option_text: dict[str, dict[str, str]]
    multiple: bool = False


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire definition with lookups the form, API and exports need."""

    definition: dict[str, Any]
    checksum: str = field(init=False)
    criteria: tuple[Criterion, ...] = field(init=False)
    # The criterion codes of each component, in the questionnaire's order.
    components: tuple[tuple[str, ...], ...] = field(init=False)
    choice_questions: tuple[ChoiceQuestion, ...] = field(init=False)
    # Every rated item: the criteria, then OVERALL when the instrument has it.
    rating_codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        problems = _definition_problems(self.definition)
        if problems:
            raise ValueError("invalid questionnaire: " + "; ".join(problems))
        object.__setattr__(self, "checksum", checksum(self.definition))
        object.__setattr__(self, "criteria", tuple(_criteria(self.definition)))
        object.__setattr__(self, "components", _components(self.criteria))
        object.__setattr__(self, "choice_questions", tuple(_choice_questions(self.definition)))
        overall = ("OVERALL",) if self.overall else ()
        object.__setattr__(self, "rating_codes", tuple(c.code for c in self.criteria) + overall)

    @property
    def code(self) -> str:
        return self.definition["code"]

    @property
    def overall(self) -> dict[str, Any] | None:
        return self.definition.get("overall")

    @property
    def scale(self) -> dict[str, Any]:
        return self.definition["scale"]

    def choice_question(self, code: str) -> ChoiceQuestion | None:
        return next((q for q in self.choice_questions if q.code == code), None)


def _criteria(definition: dict[str, Any]) -> list[Criterion]:
    return [
        Criterion(criterion["code"], component["code"], domain["code"], criterion["text"])
        for domain in definition["domains"]
        for component in domain["components"]
        for criterion in component["criteria"]
    ]


def _components(criteria: tuple[Criterion, ...]) -> tuple[tuple[str, ...], ...]:
    by_component: dict[str, list[str]] = {}
    for criterion in criteria:
        by_component.setdefault(criterion.component, []).append(criterion.code)
    return tuple(map(tuple, by_component.values()))


def _choice_questions(definition: dict[str, Any]) -> list[ChoiceQuestion]:
    blocks = definition.get("questions", []) + definition.get("demographics", [])
    return [
        ChoiceQuestion(
            code=block["code"],
            text=block["text"],
            options=tuple(option["code"] for option in block["options"]),
            option_text={option["code"]: option["text"] for option in block["options"]},
            multiple=bool(block.get("multiple")),
        )
        for block in blocks
    ]


def _definition_problems(definition: dict[str, Any]) -> list[str]:
    problems = [
        f"missing '{key}'" for key in ("code", "title", "scale", "domains") if key not in definition
    ]
    if problems:
        return problems
    codes = [c.code for c in _criteria(definition)]
    problems += [f"bad criterion code {code!r}" for code in codes if not CRITERION_CODE.match(code)]
    if len(set(codes)) != len(codes):
        problems.append("duplicate criterion codes")
    if not codes:
        problems.append("no criteria")
    blocks = definition.get("questions", []) + definition.get("demographics", [])
    block_codes = [block["code"] for block in blocks]
    if len(set(block_codes)) != len(block_codes):
        problems.append("duplicate question codes")
    texts = [c.text for c in _criteria(definition)] + [definition["title"]]
    if any(set(LANGUAGES) - set(t) for t in texts):
        problems.append("every text needs " + " and ".join(LANGUAGES))
    return problems
