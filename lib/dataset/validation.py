"""Checks of one chat example, under the OpenAI Cookbook's keys and counted its way, then our own.

The Cookbook (examples/Chat_finetuning_data_prep.ipynb) counts message-level problems once per
message and example-level ones once per example. It predates some of the format, so we also accept
what OpenAI's chat format allows today and the Cookbook would flag: content given as a list of parts,
assistant messages carrying `tool_calls` (or `function_call`) and no text, the `tool` role and
`tool_call_id`. For plain-text chat data our counts equal the Cookbook's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# The Cookbook's keys, in its order.
COOKBOOK_KEYS = (
    "data_type",
    "missing_messages_list",
    "message_missing_key",
    "message_unrecognized_key",
    "unrecognized_role",
    "missing_content",
    "example_missing_assistant_message",
)

COOKBOOK_MESSAGE_KEYS = ("role", "content", "name", "function_call", "weight")
# reasoning_content: an assistant's reasoning (Bedrock Nova 2's reasoningContent, Fireworks' reasoning_content)
MESSAGE_KEYS = (*COOKBOOK_MESSAGE_KEYS, "tool_calls", "tool_call_id", "reasoning_content")
COOKBOOK_ROLES = ("system", "user", "assistant", "function")
ROLES = (*COOKBOOK_ROLES, "tool", "developer")  # developer: OpenAI's newer name for system
# video and document parts are the inner form of Bedrock's and Vertex's media; each door says what it takes
PART_TYPES = ("text", "image_url", "video", "document")


@dataclass(frozen=True)
class Finding:
    key: str
    message: str
    is_error: bool = True


def _valid_parts(content: list[object]) -> bool:
    if not content:
        return False
    for part in content:
        if not isinstance(part, dict) or part.get("type") not in PART_TYPES:
            return False
        if part["type"] == "text" and not (isinstance(part.get("text"), str) and part["text"]):
            return False
        if part["type"] != "text" and not _valid_image(part.get(part["type"])):
            return False
    return True


def _valid_image(image: object) -> bool:
    # OpenAI's chat format wants {"url": "..."}; a bare string is refused by the fine-tuning API
    return isinstance(image, dict) and isinstance(image.get("url"), str) and bool(image["url"])


def _tool_call_problem(calls: object) -> str | None:
    """What is wrong with an assistant's `tool_calls`, in OpenAI's chat format, or None."""
    if not isinstance(calls, list) or not calls:
        return "'tool_calls' must be a non-empty list of call objects"
    for number, call in enumerate(calls, start=1):
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            return f"tool call {number} must be an object with 'function': {{'name', 'arguments'}}"
        if "id" in call and not isinstance(call["id"], str):
            return f"tool call {number} has an 'id' that is not text"
        arguments = function.get("arguments")
        if not isinstance(arguments, str):
            return f"tool call {number}'s 'arguments' must be a JSON object written as text"
        try:
            decoded = json.loads(arguments)
        except (ValueError, RecursionError):
            return f"tool call {number}'s 'arguments' is not valid JSON"
        if not isinstance(decoded, dict):
            return (f"tool call {number}'s 'arguments' decodes to a JSON {_json_type(decoded)}, not an object"
                    " (encoded twice?)")
    return None


def _has_content(message: dict[str, object]) -> bool:
    content = message.get("content")
    if isinstance(content, str):
        return bool(content)
    if isinstance(content, list):
        return _valid_parts(content)
    # no text is fine when the assistant calls a tool or function instead
    return content is None and bool(message.get("tool_calls") or message.get("function_call"))


def check_example(example: object, chat_checks: bool = True) -> list[Finding]:
    """Every problem with one example; errors make it invalid, warnings do not.

    Without `chat_checks` (plain-text examples, which have no roles) only the shape is checked.
    """
    if not isinstance(example, dict):
        return [Finding("data_type", f"The line is a JSON {_json_type(example)}, not an object.")]
    messages = example.get("messages")
    if not messages or not isinstance(messages, list):
        return [Finding("missing_messages_list", "The example has no non-empty 'messages' list.")]
    findings: list[Finding] = []
    for position, message in enumerate(messages, start=1):
        where = f"Message {position}"
        if not isinstance(message, dict):
            findings.append(Finding("message_not_object", f"{where} is a JSON {_json_type(message)}, not an object."))
            continue
        missing = [key for key in ("role", "content") if key not in message]
        # an assistant tool call may leave content out entirely
        if missing == ["content"] and (message.get("tool_calls") or message.get("function_call")):
            missing = []
        if missing:
            findings.append(Finding("message_missing_key", f"{where} has no '{missing[0]}'."))
        unknown = [key for key in message if key not in MESSAGE_KEYS]
        if unknown:
            findings.append(Finding("message_unrecognized_key", f"{where} has an unknown key '{unknown[0]}'."))
        role = message.get("role")
        if role not in ROLES:
            findings.append(Finding("unrecognized_role", f"{where} has role {role!r}; use one of {', '.join(ROLES)}."))
        if not _has_content(message):
            findings.append(Finding("missing_content", f"{where} ({role or 'no role'}) has no usable content."))
        if "tool_calls" in message:
            problem = _tool_call_problem(message["tool_calls"])
            if problem:
                findings.append(Finding("invalid_tool_calls", f"{where}: {problem}."))
        if "reasoning_content" in message and not (isinstance(message["reasoning_content"], str)
                                                   and role == "assistant"):
            findings.append(Finding("invalid_reasoning", f"{where}: 'reasoning_content' must be text, on assistant "
                                    "messages only."))
        if "tool_call_id" in message and not isinstance(message["tool_call_id"], str):
            findings.append(Finding("invalid_tool_call_id", f"{where}: 'tool_call_id' must be text."))
        content = message.get("content")
        if isinstance(content, list) and any(isinstance(part, dict) and part.get("type") == "image_url"
                                             and not _valid_image(part.get("image_url")) for part in content):
            findings.append(Finding("invalid_image_url", f"{where}: an image part must be "
                                    "{\"type\": \"image_url\", \"image_url\": {\"url\": \"...\"}}."))
        # which roles may carry a weight is each door's rule (OpenAI: assistant only; Together: any)
        if "weight" in message and (message["weight"] not in (0, 1) or isinstance(message["weight"], bool)):
            findings.append(Finding("invalid_weight", f"{where}: 'weight' must be 0 or 1."))
    roles = [message.get("role") for message in messages if isinstance(message, dict)]
    if not chat_checks:
        return findings
    if "assistant" not in roles:
        findings.append(Finding("example_missing_assistant_message", "The example has no assistant message to learn."))
    if "user" not in roles:
        findings.append(Finding("missing_user_message", "The example has no user message.", is_error=False))
    if "system" not in roles:
        findings.append(Finding("missing_system_message", "The example has no system message; if your app sends "
                                "one, include it in training too.", is_error=False))
    tools = example.get("tools")
    if tools is not None and not isinstance(tools, list):
        findings.append(Finding("invalid_tools", "'tools' must be a list of tool definitions."))
    return findings


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "value"
