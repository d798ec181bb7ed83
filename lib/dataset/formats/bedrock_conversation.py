"""Amazon Bedrock's conversation format, used to fine-tune Amazon Nova 1 and 2 (the Converse API's shape).

One object per line: `{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": ...}], "toolConfig":
{"tools": [{"toolSpec": ...}]}, "messages": [{"role": "user" | "assistant", "content": [blocks]}]}`, each block
`text`, `image`, `video`, `document` (an S3 location or the bytes), `reasoningContent` (Nova 2, assistant turns),
`toolUse` or `toolResult` (a tool's reply, in a user turn). The messages' content blocks (lists of objects without
OpenAI's "type") tell it from chat JSONL when schemaVersion is missing; a missing schemaVersion is then reported.
"""

from __future__ import annotations

import json
from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written, data_url, split_data_url
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
BLOCKS = ("text", "image", "video", "document", "reasoningContent", "toolUse", "toolResult")
MIME = {"image": "image", "video": "video", "document": "application"}
# the inner part's type for each media block, and back
INNER = {"image": "image_url", "video": "video", "document": "document"}
OUTER = {inner: block for block, inner in INNER.items()}


def _is_block_list(content: object) -> bool:
    return isinstance(content, list) and bool(content) and all(
        isinstance(block, dict) and "type" not in block and bool(block.keys() & set(BLOCKS)) for block in content)


def matches(record: dict[str, Any]) -> bool:
    if "schemaVersion" in record:
        return True
    messages = record.get("messages")
    return isinstance(messages, list) and any(isinstance(m, dict) and _is_block_list(m.get("content"))
                                              for m in messages)


def _media(kind: str, block: dict[str, Any]) -> Part:
    """An image, video or document block as the inner form's part (its url an s3:// address or a data: URL)."""
    source = block.get("source") if isinstance(block.get("source"), dict) else {}
    location = source.get("s3Location") if isinstance(source.get("s3Location"), dict) else None
    detail: dict[str, Any] = {}
    if location is not None:
        detail["url"] = str(location.get("uri", ""))
        if "bucketOwner" in location:
            detail["bucket_owner"] = location["bucketOwner"]
    elif isinstance(source.get("bytes"), str):
        detail["url"] = data_url(f"{MIME[kind]}/{block.get('format', '')}", source["bytes"])
    else:
        detail["url"] = ""
    if isinstance(block.get("format"), str) and block["format"] != _format_of({}, detail["url"]):
        detail["format"] = block["format"]  # kept where the address does not say it
    if isinstance(block.get("name"), str):
        detail["name"] = block["name"]
    return {"type": INNER[kind], INNER[kind]: detail}


def _read_part(block: Part, turn: Turn) -> bool:
    kind = next((name for name in BLOCKS if name in block), None)
    value = block.get(kind) if kind else None
    if kind == "text" and isinstance(value, str):
        turn.parts.append({"type": "text", "text": value})
    elif kind in INNER and isinstance(value, dict):
        turn.parts.append(_media(kind, value))
    elif kind == "reasoningContent" and isinstance(value, dict) and isinstance(value.get("reasoningText"), dict):
        turn.reasoning.append(str(value["reasoningText"].get("text", "")))
    elif kind == "toolUse" and isinstance(value, dict):
        turn.calls.append({"id": str(value.get("toolUseId", "")), "type": "function", "function": {
            "name": value.get("name"), "arguments": json.dumps(value.get("input", {}), ensure_ascii=False)}})
    elif kind == "toolResult" and isinstance(value, dict):
        texts = [item["text"] if isinstance(item.get("text"), str) else json.dumps(item.get("json"),
                                                                                    ensure_ascii=False)
                 for item in value.get("content") or [] if isinstance(item, dict)]
        turn.replies.append({"role": "tool", "tool_call_id": str(value.get("toolUseId", "")),
                             "content": "".join(texts)})
    else:
        return False
    return True


def _format_of(detail: dict[str, Any], url: str) -> str:
    if isinstance(detail.get("format"), str):
        return detail["format"]
    data = split_data_url(url)
    tail = data[0].rsplit("/", 1)[-1] if data else url.rsplit(".", 1)[-1]
    return tail.lower().replace("jpg", "jpeg")


def _write_media(part: Part) -> Part | None:
    """An inner media part as a Bedrock block: an s3:// address or bytes; None for any other address."""
    detail = part.get(part["type"]) if isinstance(part.get(part["type"]), dict) else {}
    url = str(detail.get("url", ""))
    data = split_data_url(url)
    if url.startswith("s3://"):
        location: dict[str, Any] = {"uri": url}
        if "bucket_owner" in detail:
            location["bucketOwner"] = detail["bucket_owner"]
        source: dict[str, Any] = {"s3Location": location}
    elif data:
        source = {"bytes": data[1]}
    else:
        return None
    block: dict[str, Any] = {"format": _format_of(detail, url)}
    if isinstance(detail.get("name"), str):
        block["name"] = detail["name"]
    elif part["type"] == "document":
        block["name"] = "document"  # Bedrock requires a document's name
    block["source"] = source
    return {OUTER[part["type"]]: block}


def _call(call: Part, arguments: object) -> Part:
    function = call.get("function") or {}
    return {"toolUse": {"toolUseId": str(call.get("id", "")), "name": function.get("name"), "input": arguments}}


def _result(output: str) -> Part:
    """A tool's output as a toolResult content block: a JSON object that reads back as the same text is a json
    block (as AWS's tool-calling example has it), any other text a text block."""
    try:
        decoded = json.loads(output)
    except (TypeError, ValueError):
        decoded = None
    if isinstance(decoded, dict) and json.dumps(decoded, ensure_ascii=False) == output:
        return {"json": decoded}
    return {"text": output}


def _reply(message: Message, messages: list[Message]) -> Message:
    return {"role": "user", "content": [{"toolResult": {"toolUseId": str(message.get("tool_call_id", "")),
                                                         "content": [_result(str(message.get("content") or ""))]}}]}


BEDROCK = Dialect(name="Bedrock", key="bedrock", turns_field="messages", parts_field="content", turn_word="Message",
                  part_kinds="text, image, video, document, reasoningContent, toolUse or toolResult blocks",
                  roles={"user": "user", "assistant": "assistant"}, read_part=_read_part, media=_write_media,
                  media_note="that are neither in S3 (s3://) nor given as bytes",
                  reasoning=lambda text: {"reasoningContent": {"reasoningText": {"text": text}}},
                  call=_call, reply=_reply)


def _tools_of(config: object) -> tuple[list[dict[str, Any]], list[Problem]]:
    """toolConfig's tool specs as chat tool definitions."""
    tools = config.get("tools") if isinstance(config, dict) else None
    if not isinstance(tools, list):
        return [], [("bedrock_tool_config", "'toolConfig' must be an object with a 'tools' list of toolSpec "
                     "objects.")]
    chat_tools, problems = [], []
    for number, tool in enumerate(tools, start=1):
        spec = tool.get("toolSpec") if isinstance(tool, dict) else None
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            problems.append(("bedrock_tool_config", f"toolConfig tool {number} must be a toolSpec with a name."))
            continue
        function: dict[str, Any] = {"name": spec["name"]}
        if "description" in spec:
            function["description"] = spec["description"]
        schema = spec.get("inputSchema")
        if isinstance(schema, dict) and "json" in schema:
            function["parameters"] = schema["json"]
        chat_tools.append({"type": "function", "function": function})
    return chat_tools, problems


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    messages = record.get("messages")
    if isinstance(messages, list) and any(isinstance(m, dict) and "candidates" in m for m in messages):
        return {"messages": []}, [("bedrock_candidates", "This record holds preference candidates (Nova's DPO "
                                   "format), which AWS trains on SageMaker only, not in Bedrock's fine-tuning.")]
    chat, problems = read_conversation(record.get("system"), "system", messages, BEDROCK)
    if record.get("schemaVersion") != SCHEMA_VERSION:  # checked against the door's rule, kept for writing
        chat["schema_version"] = record.get("schemaVersion")
    if "toolConfig" in record:
        tools, found = _tools_of(record["toolConfig"])
        problems += found
        if tools:
            chat["tools"] = tools
    return chat, problems


def _tool_config(chat: Chat, turns: list[Message], added: list[str]) -> dict[str, Any] | None:
    """The tools as toolConfig, with a spec added for each called tool that has none (AWS wants every toolUse's
    name defined)."""
    specs: list[dict[str, Any]] = []
    for tool in chat.get("tools") or []:
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            spec: dict[str, Any] = {"name": function["name"]}
            if "description" in function:
                spec["description"] = function["description"]
            spec["inputSchema"] = {"json": function.get("parameters", {"type": "object"})}
            specs.append(spec)
    named = {spec["name"] for spec in specs}
    called = [block["toolUse"]["name"] for turn in turns for block in turn["content"]
              if "toolUse" in block and isinstance(block["toolUse"].get("name"), str)]
    for name in dict.fromkeys(called):
        if name not in named:
            specs.append({"name": name, "inputSchema": {"json": {"type": "object"}}})
            added.append("tool definitions with an open input schema for called tools the example did not define")
    return {"tools": [{"toolSpec": spec} for spec in specs]} if specs else None


def from_chat(chat: Chat) -> Written:
    dropped: list[str] = []
    added: list[str] = []
    system, messages = split_system(chat, dropped)
    turns = write_turns(messages, BEDROCK, dropped)
    version = chat.get("schema_version")
    record: dict[str, Any] = {"schemaVersion": version if isinstance(version, str) else SCHEMA_VERSION}
    if system:
        record["system"] = [{"text": system}]
    config = _tool_config(chat, turns, added)
    if config:
        record["toolConfig"] = config
    record["messages"] = turns
    return Written(record, tuple(dict.fromkeys(dropped)), tuple(dict.fromkeys(added)))


BEDROCK_CONVERSATION = RecordFormat(
    format=Format.BEDROCK,
    label="Amazon Bedrock conversation (Nova)",
    description='Amazon Bedrock conversation JSONL ({"schemaVersion": "bedrock-conversation-2024", "system": '
                '[...], "messages": [...]} per line), as Amazon Nova fine-tuning takes it',
    docs=("https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html",
          "https://docs.aws.amazon.com/bedrock/latest/userguide/nova-2-sft-data-prep.html"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
