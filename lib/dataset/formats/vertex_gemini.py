"""Vertex AI's format for Gemini supervised tuning.

One object per line: `{"systemInstruction": {"parts": [{"text": ...}]}, "contents": [{"role": "user" | "model",
"parts": [{"text": ...} | {"fileData": ...} | {"inlineData": ...} | {"functionCall": ...} |
{"functionResponse": ...}]}], "tools": ...}`. Tool calls keep their ids in functionCall.id and functionResponse.id
(Google's API fields), so a round trip gives back the same ids and the same tool outputs.
`systemInstruction`'s role is ignored by Vertex. Chat's assistant is Gemini's "model".
"""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written, data_url, split_data_url
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


# the inner part's type for a mime type's first half; anything else is a document (PDF, text)
_KINDS = {"image": "image_url", "video": "video"}


def _media_part(mime: str, url: str) -> Part:
    kind = _KINDS.get(mime.split("/", 1)[0], "document")
    detail = {"url": url}
    if not url.startswith("data:") and mime != mimetypes.guess_type(url)[0]:
        detail["mime_type"] = mime  # kept where the address does not say it
    return {"type": kind, kind: detail}


def _read_part(part: Part, turn: Turn) -> bool:
    calls = turn.context.setdefault("calls", [])  # (id, name) of every call so far in the conversation
    if isinstance(part.get("text"), str):
        turn.parts.append({"type": "text", "text": part["text"]})
    elif isinstance(part.get("fileData"), dict):
        data = part["fileData"]
        turn.parts.append(_media_part(str(data.get("mimeType", "")), str(data.get("fileUri", ""))))
    elif isinstance(part.get("inlineData"), dict):
        data = part["inlineData"]
        mime = str(data.get("mimeType", ""))
        turn.parts.append(_media_part(mime, data_url(mime, str(data.get("data", "")))))
    elif isinstance(part.get("functionCall"), dict):
        call = part["functionCall"]
        call_id = str(call["id"]) if "id" in call else f"call_{len(calls) + 1}"
        calls.append((call_id, call.get("name")))
        turn.calls.append({"id": call_id, "type": "function", "function": {
            "name": call.get("name"), "arguments": json.dumps(call.get("args", {}), ensure_ascii=False)}})
    elif isinstance(part.get("functionResponse"), dict):
        reply = part["functionResponse"]
        answered = turn.context.setdefault("answered", set())
        call_id = str(reply["id"]) if "id" in reply else next(
            (known for known, name in reversed(calls) if name == reply.get("name") and known not in answered),
            str(reply.get("name", "")))
        answered.add(call_id)
        turn.replies.append({"role": "tool", "tool_call_id": call_id, "content": _output_of(reply.get("response"))})
    else:
        return False
    return True


def _output_of(response: object) -> str:
    """A functionResponse's response as the tool's output text: {"output": text} gives the text back."""
    if isinstance(response, dict) and response.keys() == {"output"} and isinstance(response["output"], str):
        return response["output"]
    return json.dumps(response, ensure_ascii=False)


def _response_of(output: str) -> dict[str, Any]:
    """A tool's output text as a functionResponse's response: a JSON object that reads back as the same text stays
    itself; any other text goes in {"output": ...}, the key Google's API names for a function's output."""
    try:
        decoded = json.loads(output)
    except (TypeError, ValueError):
        decoded = None
    if isinstance(decoded, dict) and _output_of(decoded) == output:
        return decoded
    return {"output": output}


def _write_media(part: Part) -> Part | None:
    detail = part.get(part["type"]) if isinstance(part.get(part["type"]), dict) else {}
    url = str(detail.get("url", ""))
    inline = split_data_url(url)
    if inline:
        return {"inlineData": {"mimeType": inline[0], "data": inline[1]}}
    if not url.startswith(("gs://", "https://", "http://")):  # fileUri: Cloud Storage or a public address
        return None
    mime = detail.get("mime_type") or mimetypes.guess_type(url)[0] or _DEFAULT_MIME[part["type"]]
    return {"fileData": {"mimeType": mime, "fileUri": url}}


_DEFAULT_MIME = {"image_url": "image/jpeg", "video": "video/mp4", "document": "application/pdf"}


def _call(call: Part, arguments: object) -> Part:
    function = call.get("function") or {}
    written: dict[str, Any] = {"name": function.get("name"), "args": arguments}
    if isinstance(call.get("id"), str) and call["id"]:
        written["id"] = call["id"]
    return {"functionCall": written}


def _reply(message: Message, messages: list[Message]) -> Message:
    """A tool's reply as a user turn with a functionResponse part naming the call and function it answers."""
    content = message.get("content")
    response: dict[str, Any] = {"name": call_name(messages, message.get("tool_call_id"))}
    if isinstance(message.get("tool_call_id"), str) and message["tool_call_id"]:
        response["id"] = message["tool_call_id"]
    response["response"] = _response_of(content if isinstance(content, str) else json.dumps(content))
    return {"role": "user", "parts": [{"functionResponse": response}]}


GEMINI = Dialect(name="Gemini", key="vertex", turns_field="contents", parts_field="parts", turn_word="Turn",
                 part_kinds="text, fileData, inlineData, functionCall or functionResponse parts",
                 roles={"user": "user", "model": "assistant"}, read_part=_read_part, media=_write_media,
                 media_note="that are neither in Cloud Storage (gs://), at a public web address nor given inline",
                 reasoning=lambda text: None, call=_call, reply=_reply)


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
