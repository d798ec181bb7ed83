"""What the two "parts" formats (Vertex AI Gemini and Bedrock conversation) share: a conversation of turns, each
a list of parts (text, an image, a tool call or a tool's reply), read into chat and written from it.

Each format is a `Dialect`: its field names, its roles, and how one of its parts reads and is written. The walk
over turns, the problems and what is dropped are here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lib.dataset.formats.base import MEDIA_PARTS, Chat, Problem, messages_of

Part = dict[str, Any]
Message = dict[str, Any]


@dataclass
class Turn:
    """One turn read as chat: its content parts, the tool calls it makes and the tool replies it carries."""

    parts: list[Part] = field(default_factory=list)
    calls: list[Part] = field(default_factory=list)
    replies: list[Message] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    understood: bool = True
    # shared by every turn of one conversation: the tool calls made so far, for replies that name no id
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Dialect:
    name: str  # for sentences: "Gemini", "Bedrock"
    key: str  # the prefix of its problem keys: "vertex", "bedrock"
    turns_field: str  # "contents", "messages"
    parts_field: str  # "parts", "content"
    turn_word: str  # "Turn", "Message"
    part_kinds: str  # what its parts may be, for the problem sentence
    roles: Mapping[str, str]  # its role -> chat's role
    read_part: Callable[[Part, Turn], bool]  # adds the part to the turn; False if it is not one of its kinds
    media: Callable[[Part], Part | None]  # an inner image, video or document part as its part, or None
    media_note: str  # what it cannot hold, when media() gives None
    reasoning: Callable[[str], Part | None]  # an assistant's reasoning as its part, or None
    call: Callable[[Part, object], Part]  # a chat tool call and its decoded arguments as its part
    reply: Callable[[Message, list[Message]], Message]  # a chat tool reply (and every message) as its turn

    def role_of(self, chat_role: str) -> str:
        return next(role for role, mapped in self.roles.items() if mapped == chat_role)


def read_turn(parts: object, dialect: Dialect, context: dict[str, Any] | None = None) -> Turn:
    turn = Turn(understood=isinstance(parts, list) and bool(parts), context={} if context is None else context)
    for part in parts if isinstance(parts, list) else []:
        if not (isinstance(part, dict) and dialect.read_part(part, turn)):
            turn.understood = False
    return turn


def read_conversation(system: object | None, system_field: str, turns: object,
                      dialect: Dialect) -> tuple[Chat, list[Problem]]:
    """The chat example of a system instruction's parts (None when absent) and a list of turns."""
    problems: list[Problem] = []
    messages: list[Message] = []
    if system is not None:
        instruction = read_turn(system, dialect)
        if not instruction.understood or any(part["type"] != "text" for part in instruction.parts):
            problems.append((f"{dialect.key}_system", f"'{system_field}' must hold text parts only."))
        else:
            messages.append({"role": "system", "content": "".join(part["text"] for part in instruction.parts)})
    if not isinstance(turns, list) or not turns:
        problems.append(("missing_field", f"'{dialect.turns_field}' must be a non-empty list."))
        return {"messages": messages}, problems
    context: dict[str, Any] = {}
    for number, raw in enumerate(turns, start=1):
        role = raw.get("role") if isinstance(raw, dict) else None
        if role not in dialect.roles:
            problems.append((f"{dialect.key}_role", f"{dialect.turn_word} {number} has role {role!r}; "
                             f"{dialect.name} takes {' or '.join(map(repr, dialect.roles))}."))
            continue
        turn = read_turn(raw.get(dialect.parts_field), dialect, context)
        if not turn.understood:
            problems.append((f"{dialect.key}_parts", f"{dialect.turn_word} {number}'s '{dialect.parts_field}' must "
                             f"be a non-empty list of {dialect.part_kinds}."))
        messages += turn.replies
        if turn.parts or turn.calls:
            only_text = len(turn.parts) == 1 and turn.parts[0]["type"] == "text"
            message: Message = {"role": dialect.roles[role],
                                "content": turn.parts[0]["text"] if only_text else turn.parts or None}
            if turn.calls:
                message["tool_calls"] = turn.calls
            if turn.reasoning:
                message["reasoning_content"] = "".join(turn.reasoning)
            messages.append(message)
        elif turn.reasoning:
            messages.append({"role": dialect.roles[role], "content": None,
                             "reasoning_content": "".join(turn.reasoning)})
    return {"messages": messages}, problems


def write_turns(messages: list[Message], dialect: Dialect, dropped: list[str]) -> list[Message]:
    """Chat messages (the system message already taken out) as the dialect's turns, one role at a time."""
    turns: list[Message] = []
    for message in messages:
        role = message.get("role")
        if role == "tool":
            turns.append(dialect.reply(message, messages))
            continue
        if role not in ("user", "assistant"):
            dropped.append(f"messages with the role {role!r}")
            continue
        parts = []
        reasoning = message.get("reasoning_content")
        if isinstance(reasoning, str) and reasoning:
            part = dialect.reasoning(reasoning)
            if part is None:
                dropped.append(f"assistants' reasoning ({dialect.name} has no place for it)")
            else:
                parts.append(part)
        parts += text_parts(message.get("content"), dialect, dropped)
        for call in message.get("tool_calls") or []:
            call = call if isinstance(call, dict) else {}
            function = call.get("function") if isinstance(call.get("function"), dict) else {}
            try:
                arguments = json.loads(function.get("arguments") or "{}")
            except (TypeError, ValueError):
                arguments = {}
                dropped.append("tool-call arguments that are not JSON")
            parts.append(dialect.call(call, arguments))
        if parts:
            turns.append({"role": dialect.role_of(str(role)), dialect.parts_field: parts})
    return merge_same_role(turns, dialect.parts_field)


def split_system(chat: Chat, dropped: list[str]) -> tuple[str | None, list[dict[str, Any]]]:
    """The leading system message's text and the other messages; a later system message is dropped."""
    messages = messages_of(chat)
    system = None
    if messages and messages[0].get("role") == "system":
        content = messages[0].get("content")
        system = content if isinstance(content, str) else _joined_text(content)
        messages = messages[1:]
    if any(message.get("role") == "system" for message in messages):
        dropped.append("system messages after the first message (only one leading system instruction is allowed)")
        messages = [message for message in messages if message.get("role") != "system"]
    if any("weight" in message for message in messages):
        dropped.append("per-message weights")
    return system, messages


def _joined_text(content: object) -> str | None:
    if isinstance(content, list):
        texts = [part.get("text") for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
        return "".join(texts) if texts else None
    return None


def text_parts(content: object, dialect: Dialect, dropped: list[str]) -> list[Part]:
    """A chat message's content as {"text": ...} parts, with media where the target can hold them."""
    if isinstance(content, str):
        return [{"text": content}] if content else []
    parts: list[Part] = []
    for part in content if isinstance(content, list) else []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            parts.append({"text": part["text"]})
        elif part.get("type") in MEDIA_PARTS:
            converted = dialect.media(part)
            if converted is None:
                dropped.append(f"{MEDIA_PARTS[part['type']]}s {dialect.media_note}")
            else:
                parts.append(converted)
    return parts


def call_name(messages: list[dict[str, Any]], call_id: object) -> str:
    """The function name of the tool call a tool reply answers."""
    for message in messages:
        for call in message.get("tool_calls") or []:
            if isinstance(call, dict) and call.get("id") == call_id and isinstance(call.get("function"), dict):
                return str(call["function"].get("name", ""))
    return ""


def merge_same_role(contents: list[dict[str, Any]], parts_key: str) -> list[dict[str, Any]]:
    """Consecutive turns of one role joined, as both formats want turns to alternate."""
    merged: list[dict[str, Any]] = []
    for turn in contents:
        if merged and merged[-1]["role"] == turn["role"]:
            merged[-1][parts_key] = [*merged[-1][parts_key], *turn[parts_key]]
        else:
            merged.append(turn)
    return merged
