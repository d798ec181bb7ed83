"""The questionnaire as data: its steps and questions, and the checking of answers against them."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lib.numbers import NumberError, parse_whole, shown
from lib.paths import data_file

AnswerValue = str | int | list[str]
Answers = dict[str, AnswerValue]

KINDS = ("choice", "multi", "integer", "model")  # model: any model the price catalog knows


class AnswersError(ValueError):
    """An answer that does not fit its question; the message is meant for the user."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    help: str
    options: tuple[Option, ...] = ()
    minimum: int = 0
    maximum: int = 0
    unit: str = ""

    @property
    def display_label(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def coerce(self, raw: object) -> AnswerValue:
        """The answer in its stored form, or AnswersError saying what is wrong with it."""
        if self.kind == "choice":
            if not isinstance(raw, str) or raw not in self.option_values():
                raise AnswersError(
                    f"'{self.id}' must be one of {', '.join(self.option_values())}; got {shown(raw)}."
                )
            return raw
        if self.kind == "model":
            from lib.catalog.base_prices import knows, package_version

            if not isinstance(raw, str) or not (raw in self.option_values() or knows(raw)):
                raise AnswersError(
                    f"'{self.id}' must be a model the bundled genai-prices {package_version()} snapshot prices (for "
                    f"example gpt-5-mini, gemini-3.5-flash or aws/global.amazon.nova-2-lite-v1:0), or your own "
                    f"prices as custom:INPUT:OUTPUT in USD per 1M tokens; got {shown(raw)}."
                )
            return raw
        if self.kind == "multi":
            if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
                raise AnswersError(f"'{self.id}' must be a list of choices; got {shown(raw)}.")
            unknown = [item for item in raw if item not in self.option_values()]
            if unknown:
                raise AnswersError(
                    f"'{self.id}' has unknown choice {shown(unknown[0])}; "
                    f"choose from {', '.join(self.option_values())}."
                )
            # Keep the questionnaire's order and drop repeats, so equal answers compare equal.
            return [value for value in self.option_values() if value in raw]
        # integer: JSON and URLs both deliver numbers, sometimes as text
        try:
            return parse_whole(raw, f"'{self.id}'", self.minimum, self.maximum)
        except NumberError as problem:
            raise AnswersError(str(problem)) from None


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    steps: tuple[Step, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for step in self.steps for question in step.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(question.id for question in self.questions)

    def answered_count(self, answers: Mapping[str, object]) -> int:
        return len(self.ids()) - len(self.missing(answers))

    def missing(self, answers: Mapping[str, object]) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.id not in answers)

    def check(self, raw: object) -> Answers:
        """Strictly check a whole set of answers (from a file or the CLI): any problem raises."""
        if not isinstance(raw, dict):
            raise AnswersError("The answers must be a JSON object of question ids to answers.")
        unknown = [key for key in raw if key not in self.ids()]
        if unknown:
            raise AnswersError(
                f"Unknown question id {shown(unknown[0])}; known ids are {', '.join(self.ids())}."
            )
        return {key: self.question(key).coerce(value) for key, value in raw.items() if value is not None}

    def salvage(self, raw: Mapping[str, object]) -> tuple[Answers, list[str]]:
        """Keep every answer that fits and say what was dropped (for URLs, which people edit by hand)."""
        answers: Answers = {}
        dropped: list[str] = []
        for key, value in raw.items():
            if key not in self.ids():
                continue
            try:
                answers[key] = self.question(key).coerce(value)
            except AnswersError as problem:
                dropped.append(str(problem))
        return answers, dropped


def _question(raw: dict[str, Any]) -> Question:
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"question {raw['id']!r} has unknown kind {kind!r}")
    return Question(
        id=raw["id"],
        kind=kind,
        label=raw["label"],
        help=raw["help"],
        options=tuple(Option(o["value"], o["label"]) for o in raw.get("options", [])),
        minimum=int(raw.get("minimum", 0)),
        maximum=int(raw.get("maximum", 0)),
        unit=raw.get("unit", ""),
    )


def parse_questionnaire(document: Mapping[str, Any]) -> Questionnaire:
    steps = tuple(
        Step(
            id=step["id"],
            title=step["title"],
            intro=step.get("intro", ""),
            questions=tuple(_question(q) for q in step["questions"]),
        )
        for step in document["steps"]
    )
    ids = [question.id for step in steps for question in step.questions]
    if len(ids) != len(set(ids)):
        raise ValueError("questionnaire has duplicate question ids")
    return Questionnaire(steps)


@cache
def load_questionnaire(path: Path | None = None) -> Questionnaire:
    path = path or data_file("questionnaire.toml")
    with path.open("rb") as file:
        return parse_questionnaire(tomllib.load(file))
