"""What every dataset format provides: how to recognise a record, read it as chat, and write chat as it.

The app's one inner form is an OpenAI chat example (`{"messages": [...], "tools": [...]}`): every format is
read into it (so validation and token counting have one path) and written from it (so any file converts to
any format that can express it, through one hub instead of a converter per pair).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Format(StrEnum):
    CHAT = "chat_jsonl"
    COMPLETION = "completion_jsonl"
    PREFERENCE = "preference_jsonl"
    VERTEX = "vertex_gemini_jsonl"
    BEDROCK = "bedrock_conversation_jsonl"
    TEXT = "text_jsonl"
    CSV = "csv"
    TSV = "tsv"
    JSON_ARRAY = "json_array"
    PRETTY_JSON = "pretty_json"
    UNKNOWN_JSONL = "unknown_jsonl"


Problem = tuple[str, str]  # (stable key, sentence for the user)
Chat = dict[str, Any]


@dataclass(frozen=True)
class Written:
    """One chat example written in a target format: the record, or None when it cannot be, and what was lost."""

    record: dict[str, Any] | None
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordFormat:
    """One format of a single training example, with everything the app does with it."""

    format: Format
    label: str
    description: str
    docs: tuple[str, ...]  # the providers' pages that define it
    matches: Callable[[dict[str, Any]], bool]
    to_chat: Callable[[dict[str, Any]], tuple[object, list[Problem]]]
    from_chat: Callable[[Chat], Written]
    chat_checks: bool = True  # whether the chat-level role checks apply (not to plain text)


def text_of(content: object) -> str | None:
    """The text of a chat message's content: the string, or its text parts joined; None if there is none."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
        return "".join(texts) if texts else None
    return None


def has_images(content: object) -> bool:
    return isinstance(content, list) and any(isinstance(part, dict) and part.get("type") == "image_url"
                                             for part in content)


def messages_of(chat: Chat) -> list[dict[str, Any]]:
    messages = chat.get("messages")
    return [message for message in messages if isinstance(message, dict)] if isinstance(messages, list) else []
