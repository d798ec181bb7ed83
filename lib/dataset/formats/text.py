"""Plain-text JSONL, `{"text": "..."}` per line: Together AI's "generic text" format (and TRL's "language
modeling" one). The model trains on the whole text; it has no roles, so it is read as one assistant message
and the chat role checks do not apply.
"""

from __future__ import annotations

from typing import Any

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written


def matches(record: dict[str, Any]) -> bool:
    return "text" in record and "messages" not in record


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    text = record.get("text")
    if not isinstance(text, str) or not text:
        return {"messages": []}, [("missing_field", "The 'text' field is missing, empty or not text.")]
    return {"messages": [{"role": "assistant", "content": text}]}, []


def from_chat(chat: Chat) -> Written:
    return Written(None, ("roles: a plain-text file needs the model's own chat template to lay out a "
                          "conversation, which only the training tool knows",))


TEXT = RecordFormat(
    format=Format.TEXT,
    label="Plain text (Together generic text)",
    description='plain-text JSONL ({"text": "..."} per line); the whole text is trained on',
    docs=("https://docs.together.ai/docs/fine-tuning/data-preparation",
          "https://huggingface.co/docs/trl/dataset_formats"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
    chat_checks=False,
)
