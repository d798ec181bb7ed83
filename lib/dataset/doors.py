"""Each door's own rules for a training file (data/dataset_rules.toml), checked on every example read as chat.

The checks give stable keys, like the Cookbook's, so the page, the JSON and the tests can name them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lib.dataset.formats import LABELS, Format
from lib.dataset.formats.base import has_images, messages_of, text_of
from lib.dataset.validation import Finding
from lib.paths import data_file


@dataclass(frozen=True)
class DoorRules:
    provider: str
    formats: tuple[Format, ...]
    roles: tuple[str, ...]
    system_first_only: bool
    first_turn: str
    last_turn: str
    alternate: bool
    tools: bool
    images: bool
    reserved_words: tuple[str, ...]
    min_examples: int
    max_examples: int
    source: str
    read_on: str
    confidence: str

    @property
    def preferred_format(self) -> Format:
        return self.formats[0]

    def takes(self, kind: Format) -> bool:
        return kind in self.formats


@cache
def load_door_rules(path: Path | None = None) -> dict[str, DoorRules]:
    with (path or data_file("dataset_rules.toml")).open("rb") as file:
        rows = tomllib.load(file)["doors"]
    rules = {}
    for row in rows:
        row = {**row, "formats": tuple(Format(value) for value in row["formats"]), "roles": tuple(row["roles"]),
               "reserved_words": tuple(row["reserved_words"])}
        rules[row["provider"]] = DoorRules(**row)
    return rules


def door_rules(provider: str) -> DoorRules | None:
    return load_door_rules().get(provider)


def _turns(example: dict) -> list[str]:
    """The conversation's roles after any leading system message, tool replies left out."""
    roles = [str(message.get("role")) for message in messages_of(example)]
    while roles and roles[0] == "system":
        roles = roles[1:]
    return [role for role in roles if role != "tool"]


def check_for_door(example: object, rules: DoorRules, label: str, chat_checks: bool = True) -> list[Finding]:
    """What `label`'s door refuses in this example (errors) or ignores (warnings)."""
    if not isinstance(example, dict):
        return []
    messages = messages_of(example)
    findings: list[Finding] = []
    if not chat_checks:
        return findings
    roles = [message.get("role") for message in messages]
    refused = sorted({str(role) for role in roles if role not in rules.roles})
    if refused:
        findings.append(Finding("door_role", f"{label} does not take the role(s) {', '.join(refused)}; it takes "
                                f"{', '.join(rules.roles)}."))
    if rules.system_first_only and "system" in roles[1:]:
        findings.append(Finding("door_system_position", f"{label} takes a system message only at the start."))
    turns = _turns(example)
    if rules.first_turn and turns and turns[0] != rules.first_turn:
        findings.append(Finding("door_first_turn", f"{label} wants the conversation to start with a "
                                f"{rules.first_turn} message, not {turns[0]}."))
    if rules.last_turn and turns and turns[-1] != rules.last_turn:
        findings.append(Finding("door_last_turn", f"{label} wants the conversation to end with a "
                                f"{rules.last_turn} message, not {turns[-1]}."))
    if rules.alternate and any(first == second for first, second in zip(turns, turns[1:], strict=False)):
        findings.append(Finding("door_alternate", f"{label} wants user and assistant turns to alternate; this "
                                "example has two in a row."))
    if not rules.tools and (example.get("tools") or any(m.get("tool_calls") or m.get("function_call")
                                                        for m in messages)):
        findings.append(Finding("door_tools", f"{label} does not train on tool definitions or tool calls."))
    if not rules.images and any(has_images(message.get("content")) for message in messages):
        findings.append(Finding("door_images", f"{label} does not train on images in this format."))
    findings += reserved_words(messages, rules, label)
    if any("weight" in message for message in messages) and Format.CHAT not in rules.formats:
        findings.append(Finding("door_weight_ignored", f"{label} has no per-message weight; it will be left out.",
                                is_error=False))
    return findings


def reserved_words(messages: list[dict], rules: DoorRules, label: str) -> list[Finding]:
    """The first word the door reserves that a prompt (any message but the assistant's) contains."""
    for word in rules.reserved_words:
        if any(word in (text_of(m.get("content")) or "") for m in messages if m.get("role") != "assistant"):
            return [Finding("door_reserved_word", f"{label} refuses prompts containing {word!r}; reword it.")]
    return []


def check_file_for_door(kind: Format, n_valid: int, rules: DoorRules, label: str) -> list[Finding]:
    """Whole-file findings: the format the door takes and how many examples it allows."""
    findings = []
    if kind not in rules.formats and kind != Format.UNKNOWN_JSONL:
        wanted = " or ".join(LABELS.get(value, value.value) for value in rules.formats)
        findings.append(Finding("door_format", f"{label} takes {wanted}, not {LABELS.get(kind, kind.value)}: "
                                "download it converted below before uploading.", is_error=False))
    if n_valid < max(rules.min_examples, 1):
        findings.append(Finding("too_few_examples", f"{n_valid:,} valid example(s); {label} needs at least "
                                f"{max(rules.min_examples, 1):,}."))
    if rules.max_examples and n_valid > rules.max_examples:
        findings.append(Finding("door_too_many_examples", f"{label} takes at most {rules.max_examples:,} examples; "
                                f"this file has {n_valid:,} valid ones."))
    return findings
