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
from lib.dataset.formats.conversation import (
    Dialect,
    Message,
    Part,
    Turn,
    read_conversation,
    split_system,
    write_turns,
)

SCHEMA_VERSION = "bedrock-conversation-2024"
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


def _read_part(block: Part, turn: Turn) -> bool:
    if isinstance(block.get("text"), str):
        turn.parts.append({"type": "text", "text": block["text"]})
    elif isinstance(block.get("image"), dict):
        source = block["image"].get("source")
        location = source.get("s3Location", {}) if isinstance(source, dict) else {}
        turn.parts.append({"type": "image_url", "image_url": {"url": str(location.get("uri", ""))}})
    elif isinstance(block.get("toolUse"), dict):
        use = block["toolUse"]
        turn.calls.append({"id": str(use.get("toolUseId", "")), "type": "function",
                           "function": {"name": use.get("name"), "arguments": json.dumps(use.get("input", {}))}})
    elif isinstance(block.get("toolResult"), dict):
        result = block["toolResult"]
        texts = [item.get("text") if isinstance(item.get("text"), str) else json.dumps(item.get("json"))
                 for item in result.get("content") or [] if isinstance(item, dict)]
        turn.replies.append({"role": "tool", "tool_call_id": str(result.get("toolUseId", "")),
                             "content": "".join(texts)})
    else:
        return False
    return True


def _image(url: str) -> Part | None:
    extension = url.rsplit(".", 1)[-1].lower().replace("jpg", "jpeg")
    if not url.startswith("s3://") or extension not in IMAGE_FORMATS:
        return None
    return {"image": {"format": extension, "source": {"s3Location": {"uri": url}}}}


def _call(call: Part, arguments: object) -> Part:
    function = call.get("function") or {}
    return {"toolUse": {"toolUseId": str(call.get("id", "")), "name": function.get("name"), "input": arguments}}


def _reply(message: Message, messages: list[Message]) -> Message:
    return {"role": "user", "content": [{"toolResult": {"toolUseId": str(message.get("tool_call_id", "")),
                                                         "content": [{"text": str(message.get("content") or "")}]}}]}


BEDROCK = Dialect(name="Bedrock", key="bedrock", turns_field="messages", parts_field="content", turn_word="Message",
                  part_kinds="text, image, toolUse or toolResult blocks",
                  roles={"user": "user", "assistant": "assistant"}, read_part=_read_part, image=_image, call=_call,
                  reply=_reply)


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    return read_conversation(record.get("system"), "system", record.get("messages"), BEDROCK)


def from_chat(chat: Chat) -> Written:
    dropped: list[str] = []
    system, messages = split_system(chat, dropped)
    turns = write_turns(messages, BEDROCK, dropped)
    if chat.get("tools"):
        dropped.append("tool definitions (the conversation format has no place for them)")
    record: dict[str, Any] = {"schemaVersion": SCHEMA_VERSION}
    if system:
        record["system"] = [{"text": system}]
    record["messages"] = turns
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
