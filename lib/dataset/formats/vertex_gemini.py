"""Vertex AI's format for Gemini supervised tuning.

One object per line: `{"systemInstruction": {"parts": [{"text": ...}]}, "contents": [{"role": "user" | "model",
"parts": [{"text": ...} | {"fileData": ...} | {"functionCall": ...} | {"functionResponse": ...}]}], "tools": ...}`.
`systemInstruction`'s role is ignored by Vertex. Chat's assistant is Gemini's "model".
"""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written
from lib.dataset.formats.conversation import (
    Dialect,
    Message,
    Part,
    Turn,
    call_name,
    read_conversation,
    split_system,
    write_turns,
)


def matches(record: dict[str, Any]) -> bool:
    return "contents" in record


def _read_part(part: Part, turn: Turn) -> bool:
    if isinstance(part.get("text"), str):
        turn.parts.append({"type": "text", "text": part["text"]})
    elif isinstance(part.get("fileData"), dict) and str(part["fileData"].get("mimeType", "")).startswith("image/"):
        turn.parts.append({"type": "image_url", "image_url": {"url": str(part["fileData"].get("fileUri", ""))}})
    elif isinstance(part.get("functionCall"), dict):
        call = part["functionCall"]
        turn.calls.append({"id": f"call_{len(turn.calls) + 1}", "type": "function",
                           "function": {"name": call.get("name"), "arguments": json.dumps(call.get("args", {}))}})
    elif isinstance(part.get("functionResponse"), dict):
        reply = part["functionResponse"]
        turn.replies.append({"role": "tool", "tool_call_id": str(reply.get("name", "")),
                             "content": json.dumps(reply.get("response", {}))})
    else:
        return False
    return True


def _image(url: str) -> Part | None:
    if not url.startswith("gs://"):
        return None
    return {"fileData": {"mimeType": mimetypes.guess_type(url)[0] or "image/jpeg", "fileUri": url}}


def _call(call: Part, arguments: object) -> Part:
    function = call.get("function") or {}
    return {"functionCall": {"name": function.get("name"), "args": arguments}}


def _reply(message: Message, messages: list[Message]) -> Message:
    """A tool's reply as a user turn with a functionResponse part naming the function it answers."""
    try:
        response = json.loads(message.get("content") or "{}")
    except (TypeError, ValueError):
        response = {"content": message.get("content")}
    return {"role": "user", "parts": [{"functionResponse": {
        "name": call_name(messages, message.get("tool_call_id")),
        "response": response if isinstance(response, dict) else {"content": response}}}]}


GEMINI = Dialect(name="Gemini", key="vertex", turns_field="contents", parts_field="parts", turn_word="Turn",
                 part_kinds="text, fileData, functionCall or functionResponse parts",
                 roles={"user": "user", "model": "assistant"}, read_part=_read_part, image=_image, call=_call,
                 reply=_reply)


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    system = record.get("systemInstruction")
    # anything but {"parts": [...]} is read as no parts, which reports the problem
    system_parts = None if system is None else system.get("parts", []) if isinstance(system, dict) else []
    chat, problems = read_conversation(system_parts, "systemInstruction", record.get("contents"), GEMINI)
    declarations = [declaration for tool in record.get("tools") or [] if isinstance(tool, dict)
                    for declaration in tool.get("functionDeclarations") or []]
    if declarations:
        chat["tools"] = [{"type": "function", "function": declaration} for declaration in declarations]
    return chat, problems


def from_chat(chat: Chat) -> Written:
    dropped: list[str] = []
    system, messages = split_system(chat, dropped)
    record: dict[str, Any] = {}
    if system:
        record["systemInstruction"] = {"role": "system", "parts": [{"text": system}]}
    record["contents"] = write_turns(messages, GEMINI, dropped)
    tools = [tool.get("function") for tool in chat.get("tools") or [] if isinstance(tool, dict)]
    if tools:
        record["tools"] = [{"functionDeclarations": [tool for tool in tools if isinstance(tool, dict)]}]
    return Written(record, tuple(dict.fromkeys(dropped)))


VERTEX_GEMINI = RecordFormat(
    format=Format.VERTEX,
    label="Vertex AI Gemini (contents and parts)",
    description='Vertex AI Gemini tuning JSONL ({"contents": [{"role": "user" | "model", "parts": [...]}]} per '
                "line, optional systemInstruction)",
    docs=("https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning-prepare",),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
