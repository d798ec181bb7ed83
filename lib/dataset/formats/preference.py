"""Preference (DPO) JSONL: `input.messages`, then a preferred and a non-preferred assistant reply.

OpenAI, Azure, Together and Fireworks take the same shape. Read as chat, an example is its input followed by the
preferred reply (what the model is pushed towards), which is what is counted and checked; the non-preferred reply
rides along, so a conversion to a preference target writes the pair again and any other says it drops it.
"""

from __future__ import annotations

from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written, messages_of


def matches(record: dict[str, Any]) -> bool:
    return "input" in record and ("preferred_output" in record or "non_preferred_output" in record)


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    problems: list[Problem] = []
    source = record.get("input")
    messages = source.get("messages") if isinstance(source, dict) else None
    if not isinstance(messages, list):
        problems.append(("missing_field", "'input' must be an object with a 'messages' list."))
        messages = []
    for name in ("preferred_output", "non_preferred_output"):
        value = record.get(name)
        if not isinstance(value, list) or not value:
            problems.append(("missing_field", f"'{name}' must be a non-empty list of assistant messages."))
    preferred = record.get("preferred_output")
    chat: Chat = {"messages": [*messages, *(preferred if isinstance(preferred, list) else [])]}
    rejected = record.get("non_preferred_output")
    if isinstance(rejected, list):
        chat["non_preferred_output"] = rejected  # kept for a preference target; other targets say they drop it
    tools = source.get("tools") if isinstance(source, dict) else None
    if record.get("tools") or tools:
        chat["tools"] = record.get("tools") or tools
    if isinstance(source, dict) and source.keys() - {"messages"}:
        # the input's other fields (its own tools, parallel_tool_calls), written back as they were
        chat["preference_input"] = {key: value for key, value in source.items() if key != "messages"}
    return chat, problems


def from_chat(chat: Chat) -> Written:
    """A preference pair back from what to_chat read (the preferred replies are the trailing assistant messages);
    an example without a non-preferred reply cannot be one."""
    rejected = chat.get("non_preferred_output")
    if not isinstance(rejected, list):
        return Written(None, ("examples without a second, non-preferred reply, which a preference pair needs",))
    messages = messages_of(chat)
    split = len(messages)
    while split > 0 and messages[split - 1].get("role") == "assistant":
        split -= 1
    source: dict[str, Any] = {"messages": messages[:split]}
    extra = chat.get("preference_input")
    if isinstance(extra, dict):
        source.update(extra)
    elif chat.get("tools"):
        source["tools"] = chat["tools"]
    return Written({"input": source, "preferred_output": messages[split:], "non_preferred_output": rejected})


PREFERENCE = RecordFormat(
    format=Format.PREFERENCE,
    label="Preference pairs (DPO)",
    description="preference (DPO) JSONL with input, preferred_output and non_preferred_output",
    docs=("https://platform.openai.com/docs/guides/direct-preference-optimization",
          "https://docs.together.ai/docs/fine-tuning/data-preparation"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
