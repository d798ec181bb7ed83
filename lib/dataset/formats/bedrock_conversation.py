"""Amazon Bedrock's conversation format, used to fine-tune Amazon Nova (the Converse API's shape).

One object per line: `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": ...}], "messages":
[{"role": "user" | "assistant", "content": [{"text": ...} | {"image": ...} | {"toolUse": ...} |
{"toolResult": ...}]}]}`. Bedrock says schemaVersion may be any string; the messages' content blocks (lists of
objects without OpenAI's "type") tell it from chat JSONL when it is missing.
"""

from __future__ import annotations

import json
from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written
from lib.dataset.formats.conversation import Part, merge_same_role, split_system, text_parts

SCHEMA_VERSION = "bedrock-conversation-2024"
ROLES = ("user", "assistant")
IMAGE_FORMATS = ("png", "jpeg", "gif", "webp")


def _is_block_list(content: object) -> bool:
    return isinstance(content, list) and bool(content) and all(
        isinstance(block, dict) and "type" not in block and bool(block.keys() & {"text", "image", "toolUse",
                                                                                    "toolResult", "video"})
        for block in content)


def matches(record: dict[str, Any]) -> bool:
    if "schemaVersion" in record:
        return True
    messages = record.get("messages")
    return isinstance(messages, list) and any(isinstance(m, dict) and _is_block_list(m.get("content"))
                                              for m in messages)


def _blocks(content: object) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(chat content parts, tool calls, tool replies, whether every block was understood)."""
    parts: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    replies: list[dict[str, Any]] = []
    understood = isinstance(content, list) and bool(content)
    for block in content if isinstance(content, list) else []:
        if not isinstance(block, dict):
            understood = False
        elif isinstance(block.get("text"), str):
            parts.append({"type": "text", "text": block["text"]})
        elif isinstance(block.get("image"), dict):
            location = block["image"].get("source", {}).get("s3Location", {}) if isinstance(
                block["image"].get("source"), dict) else {}
            parts.append({"type": "image_url", "image_url": {"url": str(location.get("uri", ""))}})
        elif isinstance(block.get("toolUse"), dict):
            use = block["toolUse"]
            calls.append({"id": str(use.get("toolUseId", "")), "type": "function",
                          "function": {"name": use.get("name"), "arguments": json.dumps(use.get("input", {}))}})
        elif isinstance(block.get("toolResult"), dict):
            result = block["toolResult"]
            texts = [item.get("text") if isinstance(item.get("text"), str) else json.dumps(item.get("json"))
                     for item in result.get("content") or [] if isinstance(item, dict)]
            replies.append({"role": "tool", "tool_call_id": str(result.get("toolUseId", "")),
                            "content": "".join(texts)})
        else:
            understood = False
    return parts, calls, replies, understood


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    messages: list[dict[str, Any]] = []
    system = record.get("system")
    if system is not None:
        parts, _, _, understood = _blocks(system)
        if not understood or any(part["type"] != "text" for part in parts):
            problems.append(("bedrock_system", "'system' must be a list of {\"text\": ...} blocks."))
        else:
            messages.append({"role": "system", "content": "".join(part["text"] for part in parts)})
    turns = record.get("messages")
    if not isinstance(turns, list) or not turns:
        return {"messages": messages}, [*problems, ("missing_field", "'messages' must be a non-empty list.")]
    for number, turn in enumerate(turns, start=1):
        role = turn.get("role") if isinstance(turn, dict) else None
        if role not in ROLES:
            problems.append(("bedrock_role", f"Message {number} has role {role!r}; Bedrock takes 'user' or "
                             "'assistant'."))
            continue
        parts, calls, replies, understood = _blocks(turn.get("content"))
        if not understood:
            problems.append(("bedrock_content", f"Message {number}'s 'content' must be a non-empty list of text, "
                             "image, toolUse or toolResult blocks."))
        messages += replies
        if parts or calls:
            content: object = parts[0]["text"] if len(parts) == 1 and parts[0]["type"] == "text" else parts or None
            message: dict[str, Any] = {"role": role, "content": content}
            if calls:
                message["tool_calls"] = calls
            messages.append(message)
    return {"messages": messages}, problems


def _image(url: str) -> Part | None:
    extension = url.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")
    if not url.startswith("s3://") or extension not in IMAGE_FORMATS:
        return None
    return {"image": {"format": extension, "source": {"s3Location": {"uri": url}}}}


def from_chat(chat: Chat) -> Written:
    dropped: list[str] = []
    system, messages = split_system(chat, dropped)
    turns: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role")
        if role == "tool":
            turns.append({"role": "user", "content": [{"toolResult": {
                "toolUseId": str(message.get("tool_call_id", "")),
                "content": [{"text": str(message.get("content") or "")}]}}]})
            continue
        if role not in ROLES:
            dropped.append(f"messages with the role {role!r}")
            continue
        blocks = text_parts(message.get("content"), _image, dropped)
        for call in message.get("tool_calls") or []:
            function = call.get("function", {}) if isinstance(call, dict) else {}
            try:
                arguments = json.loads(function.get("arguments") or "{}")
            except (TypeError, ValueError):
                arguments = {}
                dropped.append("tool-call arguments that are not JSON")
            blocks.append({"toolUse": {"toolUseId": str(call.get("id", "")), "name": function.get("name"),
                                       "input": arguments}})
        if blocks:
            turns.append({"role": role, "content": blocks})
    if chat.get("tools"):
        dropped.append("tool definitions (the conversation format has no place for them)")
    record: dict[str, Any] = {"schemaVersion": SCHEMA_VERSION}
    if system:
        record["system"] = [{"text": system}]
    record["messages"] = merge_same_role(turns, "content")
    return Written(record, tuple(dict.fromkeys(dropped)))


BEDROCK_CONVERSATION = RecordFormat(
    format=Format.BEDROCK,
    label="Amazon Bedrock conversation (Nova)",
    description='Amazon Bedrock conversation JSONL ({"schemaVersion": "bedrock-conversation-2024", "system": '
                '[...], "messages": [...]} per line), as Amazon Nova fine-tuning takes it',
    docs=("https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html",
          "https://docs.aws.amazon.com/bedrock/latest/userguide/nova-2-sft-data-prep.md"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
