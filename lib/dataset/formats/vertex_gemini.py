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
from lib.dataset.formats.conversation import Part, call_name, merge_same_role, split_system, text_parts

ROLES = {"user": "user", "model": "assistant"}


def matches(record: dict[str, Any]) -> bool:
    return "contents" in record


def _part_texts(parts: object) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(content parts, tool calls, tool replies, whether every part was understood)."""
    content: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    replies: list[dict[str, Any]] = []
    understood = isinstance(parts, list) and bool(parts)
    for part in parts if isinstance(parts, list) else []:
        if not isinstance(part, dict):
            understood = False
        elif isinstance(part.get("text"), str):
            content.append({"type": "text", "text": part["text"]})
        elif isinstance(part.get("fileData"), dict) and str(part["fileData"].get("mimeType", "")).startswith("image/"):
            content.append({"type": "image_url", "image_url": {"url": str(part["fileData"].get("fileUri", ""))}})
        elif isinstance(part.get("functionCall"), dict):
            call = part["functionCall"]
            calls.append({"id": f"call_{len(calls) + 1}", "type": "function",
                          "function": {"name": call.get("name"), "arguments": json.dumps(call.get("args", {}))}})
        elif isinstance(part.get("functionResponse"), dict):
            reply = part["functionResponse"]
            replies.append({"role": "tool", "tool_call_id": str(reply.get("name", "")),
                            "content": json.dumps(reply.get("response", {}))})
        else:
            understood = False
    return content, calls, replies, understood


def _content_value(parts: list[dict[str, Any]]) -> object:
    if len(parts) == 1 and parts[0]["type"] == "text":
        return parts[0]["text"]
    return parts


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    messages: list[dict[str, Any]] = []
    system = record.get("systemInstruction")
    if system is not None:
        parts, _, _, understood = _part_texts(system.get("parts") if isinstance(system, dict) else None)
        if not understood or any(part["type"] != "text" for part in parts):
            problems.append(("vertex_system_instruction", "'systemInstruction' must hold text parts only."))
        else:
            messages.append({"role": "system", "content": "".join(part["text"] for part in parts)})
    contents = record.get("contents")
    if not isinstance(contents, list) or not contents:
        return {"messages": messages}, [*problems, ("missing_field", "'contents' must be a non-empty list.")]
    for number, turn in enumerate(contents, start=1):
        role = turn.get("role") if isinstance(turn, dict) else None
        if role not in ROLES:
            problems.append(("vertex_role", f"Turn {number} has role {role!r}; Gemini takes 'user' or 'model'."))
            continue
        parts, calls, replies, understood = _part_texts(turn.get("parts"))
        if not understood:
            problems.append(("vertex_parts", f"Turn {number}'s 'parts' must be a non-empty list of text, fileData, "
                             "functionCall or functionResponse parts."))
        messages += replies
        if parts or calls:
            message: dict[str, Any] = {"role": ROLES[role], "content": _content_value(parts) if parts else None}
            if calls:
                message["tool_calls"] = calls
            messages.append(message)
    chat: Chat = {"messages": messages}
    declarations = [declaration for tool in record.get("tools") or [] if isinstance(tool, dict)
                    for declaration in tool.get("functionDeclarations") or []]
    if declarations:
        chat["tools"] = [{"type": "function", "function": declaration} for declaration in declarations]
    return chat, problems


def _image(url: str) -> Part | None:
    if not url.startswith("gs://"):
        return None
    return {"fileData": {"mimeType": mimetypes.guess_type(url)[0] or "image/jpeg", "fileUri": url}}


def from_chat(chat: Chat) -> Written:
    dropped: list[str] = []
    system, messages = split_system(chat, dropped)
    contents: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role")
        if role == "tool":
            try:
                response = json.loads(message.get("content") or "{}")
            except (TypeError, ValueError):
                response = {"content": message.get("content")}
            name = call_name(messages, message.get("tool_call_id"))
            contents.append({"role": "user", "parts": [{"functionResponse": {
                "name": name, "response": response if isinstance(response, dict) else {"content": response}}}]})
            continue
        if role not in ("user", "assistant"):
            dropped.append(f"messages with the role {role!r}")
            continue
        parts = text_parts(message.get("content"), _image, dropped)
        for call in message.get("tool_calls") or []:
            function = call.get("function", {}) if isinstance(call, dict) else {}
            try:
                arguments = json.loads(function.get("arguments") or "{}")
            except (TypeError, ValueError):
                arguments = {}
                dropped.append("tool-call arguments that are not JSON")
            parts.append({"functionCall": {"name": function.get("name"), "args": arguments}})
        if parts:
            contents.append({"role": "model" if role == "assistant" else "user", "parts": parts})
    record: dict[str, Any] = {}
    if system:
        record["systemInstruction"] = {"role": "system", "parts": [{"text": system}]}
    record["contents"] = merge_same_role(contents, "parts")
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
