"""What the cost engine reads from a team's answers, typed once, with its question ids checked at load.

The answers are a mapping keyed by the question ids in data/questionnaire.toml. The cost engine reads these
fields by name; `TeamAnswers.from_answers` is the one place it does, and `check_against` (run when the
questionnaire loads) fails if a field names no question, so renaming `requests_per_day` in the TOML stops the
app at start instead of silently pricing $0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache

from lib.advice.questionnaire import Questionnaire, load_questionnaire


def _whole(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class TeamAnswers:
    """Each field is the answer to the question with the same id; 0 or "" when unanswered."""

    requests_per_day: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    few_shot_examples: int = 0
    n_examples: int = 0
    data_may_leave: str = ""
    cloud: str = ""
    openai_access: str = ""
    current_model: str = ""
    answers_can_wait: str = ""
    audience: str = ""

    @classmethod
    def from_answers(cls, answers: Mapping[str, object]) -> TeamAnswers:
        check_against(load_questionnaire())
        values = {}
        for field in fields(cls):
            raw = answers.get(field.name)
            values[field.name] = _whole(raw) if field.type in ("int", int) else _text(raw)
        return cls(**values)


@cache
def _checked(questionnaire_ids: frozenset[str]) -> None:
    missing = [field.name for field in fields(TeamAnswers) if field.name not in questionnaire_ids]
    if missing:
        raise ValueError(f"data/questionnaire.toml has no question {', '.join(map(repr, missing))}, which the cost "
                         "engine reads (lib/advice/team.py)")


def check_against(questionnaire: Questionnaire) -> None:
    """ValueError if a field of TeamAnswers names no question of `questionnaire`."""
    _checked(frozenset(questionnaire.ids()))
