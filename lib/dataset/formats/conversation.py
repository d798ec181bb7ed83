"""What the two "parts" formats (Vertex AI Gemini and Bedrock conversation) share when written from chat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lib.dataset.formats.base import Chat, messages_of

Part = dict[str, Any]


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


def text_parts(content: object, image: Callable[[str], Part | None], dropped: list[str]) -> list[Part]:
    """A chat message's content as {"text": ...} parts, with images where the target can hold them."""
    if isinstance(content, str):
        return [{"text": content}] if content else []
    parts: list[Part] = []
    for part in content if isinstance(content, list) else []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("text"), str):
            parts.append({"text": part["text"]})
        elif part.get("type") == "image_url":
            url = part.get("image_url", {}).get("url") if isinstance(part.get("image_url"), dict) else None
            converted = image(url) if isinstance(url, str) else None
            if converted is None:
                dropped.append("images that are not cloud-storage files (upload them to the provider's storage)")
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
