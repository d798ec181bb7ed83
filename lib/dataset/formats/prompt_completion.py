"""Prompt/completion JSONL: `{"prompt": "...", "completion": "..."}` per line.

The same shape is Amazon Bedrock's format for non-conversational text models, Together AI's "instruction"
format and OpenAI's legacy one. Read as chat: the prompt is a user message, the completion the assistant's reply.
Hugging Face TRL's conversational variant, where both are lists of messages, is read too.
"""

from __future__ import annotations

from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written, has_images, messages_of


def matches(record: dict[str, Any]) -> bool:
    return "prompt" in record and "completion" in record


def _as_messages(value: object, role: str) -> list[object] | None:
    if isinstance(value, str):
        return [{"role": role, "content": value}]
    if isinstance(value, list) and all(isinstance(item, dict) and "role" in item for item in value):
        return list(value)
    return None


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    messages: list[object] = []
    for name, role in (("prompt", "user"), ("completion", "assistant")):
        part = _as_messages(record.get(name), role)
        if part is None:
            problems.append(("missing_field", f"The '{name}' field is missing or not text."))
            part = [{"role": role, "content": record.get(name)}]
        messages += part
    return {"messages": messages}, problems


def single_turn(chat: Chat) -> tuple[str | None, str, str] | None:
    """(system, user, assistant) texts when the example is one plain-text exchange, else None."""
    messages = messages_of(chat)
    system = None
    if messages and messages[0].get("role") == "system":
        system, messages = messages[0].get("content"), messages[1:]
    if len(messages) != 2 or [m.get("role") for m in messages] != ["user", "assistant"]:
        return None
    texts = [message.get("content") for message in messages]
    if not all(isinstance(text, str) for text in texts) or (system is not None and not isinstance(system, str)):
        return None
    return system, texts[0], texts[1]


def lost_in_plain_text(chat: Chat) -> list[str]:
    """What a one-exchange, text-only format cannot carry from this example."""
    lost = []
    if chat.get("tools") or any(m.get("tool_calls") or m.get("function_call") for m in messages_of(chat)):
        lost.append("tool definitions and calls")
    if any(has_images(m.get("content")) for m in messages_of(chat)):
        lost.append("images")
    if any("weight" in m for m in messages_of(chat)):
        lost.append("per-message weights")
    return lost


def one_exchange(chat: Chat, holder: str) -> Written:
    """{"system", "prompt", "completion"} (system "" when absent) when the example is one plain-text exchange,
    with what such a record cannot hold; else a refusal naming `holder`."""
    turn = single_turn(chat)
    if turn is None:
        return Written(None, (f"conversations of more than one exchange ({holder} holds one question and its "
                              "answer)",))
    system, user, assistant = turn
    return Written({"system": system or "", "prompt": user, "completion": assistant}, tuple(lost_in_plain_text(chat)))


def from_chat(chat: Chat) -> Written:
    written = one_exchange(chat, "prompt/completion")
    if written.record is None:
        return written
    system = written.record.pop("system")
    lost = ("system messages (prompt/completion has no place for them)",) if system else ()
    return Written(written.record, written.dropped + lost)


PROMPT_COMPLETION = RecordFormat(
    format=Format.COMPLETION,
    label="Prompt and completion (Bedrock text models, Together)",
    description="prompt/completion JSONL; each line is read as a user message and an assistant reply",
    docs=("https://docs.aws.amazon.com/bedrock/latest/userguide/preparing-text-data.html",
          "https://docs.together.ai/docs/fine-tuning/data-preparation",
          "https://huggingface.co/docs/trl/dataset_formats"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
