"""Vertex AI's older tuning format: `{"messages": [{"role": "system" | "user" | "model", "content": "..."}]}` per
line (the format of Vertex's earlier text models, still shown in Google's pages on tuning PaLM-era models).

It is chat with Gemini's name for the assistant, "model"; a record whose messages use "model" is read as this
format, never refused as chat with an unknown role.
"""

from __future__ import annotations

from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written, messages_of

ROLES = {"system": "system", "user": "user", "model": "assistant"}


def matches(record: dict[str, Any]) -> bool:
    messages = record.get("messages")
    return isinstance(messages, list) and any(isinstance(m, dict) and m.get("role") == "model" for m in messages)


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    messages = []
    for number, message in enumerate(messages_of(record), start=1):
        role = message.get("role")
        if role not in ROLES:
            problems.append(("vertex_role", f"Message {number} has role {role!r}; this format takes 'system', "
                             "'user' or 'model'."))
        messages.append({**message, "role": ROLES.get(str(role), role)})
    return {"messages": messages}, problems


def from_chat(chat: Chat) -> Written:
    dropped = []
    messages = []
    for message in messages_of(chat):
        role = message.get("role")
        content = message.get("content")
        if role not in ("system", "user", "assistant") or not isinstance(content, str):
            dropped.append("tool calls, tool replies and media (this older format holds text turns only)")
            continue
        messages.append({"role": "model" if role == "assistant" else role, "content": content})
    if chat.get("tools"):
        dropped.append("tool definitions (this older format has no place for them)")
    if any(key in message for message in messages_of(chat) for key in ("weight", "reasoning_content")):
        dropped.append("per-message weights and reasoning")
    return Written({"messages": messages}, tuple(dict.fromkeys(dropped)))


VERTEX_MESSAGES = RecordFormat(
    format=Format.VERTEX_MESSAGES,
    label="Vertex AI messages (older format, role model)",
    description='Vertex AI\'s older tuning JSONL ({"messages": [{"role": "user" | "model", "content": ...}]} per '
                "line)",
    docs=("https://cloud.google.com/vertex-ai/generative-ai/docs/models/tune-text-models-supervised",),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
