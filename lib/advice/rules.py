"""Decision rules as data, and their evaluation into a verdict with every reason that fired."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lib.advice.conditions import Condition, parse_condition
from lib.advice.facts import FACTS, VerdictFacts
from lib.advice.questionnaire import Answers, Questionnaire, load_questionnaire
from lib.paths import data_file

STYLES = ("success", "info", "warning", "error")


@dataclass(frozen=True)
class Rule:
    id: str
    criterion: str
    heading: str
    verdict: str  # "" for advice that does not vote
    when: Condition
    reason: str
    next_step: str


@dataclass(frozen=True)
class Reason:
    rule_id: str
    criterion: str
    heading: str
    verdict: str
    message: str
    next_step: str


@dataclass(frozen=True)
class VerdictInfo:
    id: str
    title: str
    summary: str
    style: str = "info"  # how the page shows it: success | info | warning | error


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    precedence: tuple[str, ...]
    default_verdict: str
    verdicts: Mapping[str, VerdictInfo]
    params: Mapping[str, int]


@dataclass(frozen=True)
class Verdict:
    id: str
    title: str
    summary: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]  # labels of unanswered questions
    note: str
    style: str = "info"

    @property
    def votes(self) -> tuple[Reason, ...]:
        """The reasons for the verdict given: what the page shows under "Why"."""
        return tuple(reason for reason in self.reasons if reason.verdict == self.id)

    @property
    def advice(self) -> tuple[Reason, ...]:
        """Everything else worth knowing: advice, and reasons for verdicts that another one outranked."""
        return tuple(reason for reason in self.reasons if reason.verdict != self.id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.id,
            "title": self.title,
            "summary": self.summary,
            "reasons": [
                {
                    "rule": reason.rule_id,
                    "criterion": reason.criterion,
                    "heading": reason.heading,
                    "votes_for": reason.verdict or None,
                    "message": reason.message,
                    "next_step": reason.next_step,
                }
                for reason in self.reasons
            ],
            "missing": list(self.missing),
            "note": self.note,
        }


def _fill(template: str, answers: Mapping[str, object], params: Mapping[str, Any],
          words: Mapping[str, str] | None = None) -> str:
    values: dict[str, object] = {**params, **(words or {})}
    for key, value in answers.items():
        values[key] = f"{value:,}" if isinstance(value, int) else value
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format_map({name: values.get(name, "?") for name in names})


def evaluate(answers: Answers, rules: RuleSet | None = None, questionnaire: Questionnaire | None = None,
             facts: VerdictFacts | None = None) -> Verdict:
    """The verdict from the answers and, when given, the facts the cost comparison computed."""
    rules = rules or load_rules()
    questionnaire = questionnaire or load_questionnaire()
    values, words = (facts.values, facts.words) if facts else ({}, {})
    fired = tuple(
        Reason(
            rule_id=rule.id,
            criterion=rule.criterion,
            heading=rule.heading,
            verdict=rule.verdict,
            message=_fill(rule.reason, answers, rules.params, words),
            next_step=_fill(rule.next_step, answers, rules.params, words),
        )
        for rule in rules.rules
        if rule.when.holds(answers, values)
    )
    voted = {reason.verdict for reason in fired if reason.verdict}
    winner = next((verdict for verdict in rules.precedence if verdict in voted), rules.default_verdict)
    missing = tuple(question.label for question in questionnaire.missing(answers))
    info = rules.verdicts[winner]
    if not voted:
        note = "No rule fired yet: answer the questionnaire to get a verdict grounded in your situation."
    elif missing:
        note = f"Based on partial answers: {len(missing)} question(s) unanswered may change this verdict."
    else:
        note = ""
    return Verdict(winner, info.title, info.summary, fired, missing, note, info.style)


RULE_FIELDS = ("id", "criterion", "heading", "verdict", "when", "reason", "next_step")


def parse_rules(document: Mapping[str, Any], questionnaire: Questionnaire) -> RuleSet:
    verdicts = {
        verdict_id: VerdictInfo(verdict_id, info["title"], info["summary"], info.get("style", "info"))
        for verdict_id, info in document["verdicts"].items()
    }
    for info in verdicts.values():
        if info.style not in STYLES:
            raise ValueError(f"verdict {info.id!r} has style {info.style!r}; use one of {', '.join(STYLES)}")
    precedence = tuple(document["precedence"])
    if sorted(precedence) != sorted(verdicts):
        raise ValueError("precedence must list every verdict exactly once")
    if "fine_tune" not in verdicts or document["default_verdict"] not in verdicts:
        raise ValueError("rules need a fine_tune verdict and a default_verdict among the verdicts")
    known_questions = set(questionnaire.ids())
    rules = []
    for raw in document["rules"]:
        missing = [name for name in RULE_FIELDS if name not in raw]
        if missing:
            raise ValueError(f"rule {raw.get('id', '?')!r} lacks {', '.join(missing)}")
        if raw["verdict"] and raw["verdict"] not in verdicts:
            raise ValueError(f"rule {raw['id']!r} votes for unknown verdict {raw['verdict']!r}")
        when = parse_condition(raw["when"], known_questions, set(FACTS), f"rule {raw['id']!r}")
        rules.append(Rule(raw["id"], raw["criterion"], raw["heading"], raw["verdict"], when, raw["reason"],
                          raw["next_step"]))
    return RuleSet(tuple(rules), precedence, document["default_verdict"], verdicts, dict(document.get("params", {})))


@cache
def load_rules(path: Path | None = None) -> RuleSet:
    path = path or data_file("rules.toml")
    with path.open("rb") as file:
        return parse_rules(tomllib.load(file), load_questionnaire())
