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
    VERTEX_MESSAGES = "vertex_messages_jsonl"
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
    added: tuple[str, ...] = ()  # what the target requires that the example did not hold, made up and said


# Keys the inner form carries from one format for its own writer, never written as chat.
INNER_KEYS = ("schema_version", "non_preferred_output", "preference_input")


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


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection: text from an upload is never run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


# The inner form's media parts: OpenAI's image_url, and two of our own for what Bedrock and Vertex carry
# ({"type": "video", "video": {"url", "format"}}, {"type": "document", "document": {"url", "format", "name"}}).
# A url is a storage address (s3://, gs://, https://) or the bytes themselves as a data: URL.
MEDIA_PARTS = {"image_url": "image", "video": "video", "document": "document"}


def media_of(content: object) -> list[str]:
    """The kinds of media ("image", "video", "document") a message's content holds, one entry per part."""
    if not isinstance(content, list):
        return []
    return [MEDIA_PARTS[part["type"]] for part in content
            if isinstance(part, dict) and part.get("type") in MEDIA_PARTS]


def media_url(part: dict[str, Any]) -> str:
    inner = part.get(part.get("type", ""))
    return str(inner.get("url", "")) if isinstance(inner, dict) else ""


def data_url(mime: str, data: str) -> str:
    return f"data:{mime};base64,{data}"


def split_data_url(url: str) -> tuple[str, str] | None:
    """(mime type, base64 data) of a data: URL, or None."""
    if not url.startswith("data:") or ";base64," not in url:
        return None
    head, data = url[5:].split(";base64,", 1)
    return head, data


def messages_of(chat: Chat) -> list[dict[str, Any]]:
    messages = chat.get("messages")
    return [message for message in messages if isinstance(message, dict)] if isinstance(messages, list) else []
