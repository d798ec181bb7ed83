"""A rule's condition, parsed once from data/rules.toml into typed objects that check and explain themselves.

A condition reads either a questionnaire answer (`question = "..."`) or a fact the cost comparison computed
(`fact = "..."`), with one operator; `all`, `any` and `not` combine them. A condition on an unanswered
question or an absent fact never holds, and `not` of one does not hold either: silence is not an answer.
The one exception says so in its name: `known = false` holds exactly when the answer or fact is absent, for
a rule that trusts what the team said unless the numbers show otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol


def _number(value: object) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


OPERATORS: dict[str, Callable[[object, Any], bool]] = {
    "equals": lambda value, operand: value == operand,
    "in": lambda value, operand: value in operand,
    "below": lambda value, operand: _number(value) and value < operand,  # type: ignore[operator]
    "at_least": lambda value, operand: _number(value) and value >= operand,  # type: ignore[operator]
    "includes": lambda value, operand: isinstance(value, list) and operand in value,
    "includes_any": lambda value, operand: isinstance(value, list) and any(item in value for item in operand),
    "is_empty": lambda value, operand: isinstance(value, list) and (len(value) == 0) == bool(operand),
}
KNOWN = "known"  # reads whether the answer or fact is there at all, not its value


class Condition(Protocol):
    def holds(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool: ...

    def answered(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        """Whether every question or fact it reads is known."""
        ...


@dataclass(frozen=True)
class Test:
    """One answer or fact compared with one operator."""

    reads_fact: bool
    name: str
    operator: str
    operand: Any

    def _known(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> Mapping[str, object]:
        return facts if self.reads_fact else answers

    def holds(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        known = self._known(answers, facts)
        if self.operator == KNOWN:
            return (self.name in known) == self.operand
        return self.name in known and OPERATORS[self.operator](known[self.name], self.operand)

    def answered(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        return self.operator == KNOWN or self.name in self._known(answers, facts)


@dataclass(frozen=True)
class Group:
    """`all` (every part holds) or `any` (one part holds) of several conditions."""

    parts: tuple[Condition, ...]
    every: bool

    def holds(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        quantifier = all if self.every else any
        return quantifier(part.holds(answers, facts) for part in self.parts)

    def answered(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        return all(part.answered(answers, facts) for part in self.parts)


@dataclass(frozen=True)
class Not:
    inner: Condition

    def holds(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        return self.inner.answered(answers, facts) and not self.inner.holds(answers, facts)

    def answered(self, answers: Mapping[str, object], facts: Mapping[str, object]) -> bool:
        return self.inner.answered(answers, facts)


def parse_condition(raw: Mapping[str, Any], questions: Set[str], facts: Set[str], where: str) -> Condition:
    """The typed condition, or ValueError naming `where` and what is wrong (an unknown question, fact or
    operator), so a mistake in the rules file stops the app at load, not at some later answer."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: a condition must be a table, not {raw!r}")
    for combinator in ("all", "any"):
        if combinator in raw:
            parts = raw[combinator]
            if not isinstance(parts, list) or not parts:
                raise ValueError(f"{where}: '{combinator}' needs a non-empty list of conditions")
            return Group(tuple(parse_condition(part, questions, facts, where) for part in parts), combinator == "all")
    if "not" in raw:
        return Not(parse_condition(raw["not"], questions, facts, where))
    if "fact" in raw:
        name, reads_fact = raw["fact"], True
        if name not in facts:
            raise ValueError(f"{where}: condition names unknown fact {name!r}; known: {', '.join(sorted(facts))}")
    else:
        name, reads_fact = raw.get("question"), False
        if name not in questions:
            raise ValueError(f"{where}: condition names unknown question {name!r}")
    operators = [operator for operator in (*OPERATORS, KNOWN) if operator in raw]
    if len(operators) != 1:
        raise ValueError(f"{where}: a condition needs exactly one operator of {', '.join((*OPERATORS, KNOWN))}")
    if operators[0] == KNOWN and not isinstance(raw[KNOWN], bool):
        raise ValueError(f"{where}: '{KNOWN}' takes true or false")
    return Test(reads_fact, name, operators[0], raw[operators[0]])
