"""OpenAI chat JSONL, also what Together, Fireworks, Azure and Hugging Face TRL take as "conversational".

One object per line: `{"messages": [{"role": ..., "content": ...}, ...]}`, optionally with `tools`.
"""

from __future__ import annotations

from typing import Any

from lib.dataset.formats.base import INNER_KEYS, Chat, Format, Problem, RecordFormat, Written


def matches(record: dict[str, Any]) -> bool:
    return "messages" in record


def to_chat(record: dict[str, Any]) -> tuple[object, list[Problem]]:
    return record, []


def from_chat(chat: Chat) -> Written:
    return Written({key: value for key, value in chat.items() if key not in INNER_KEYS})


OPENAI_CHAT = RecordFormat(
    format=Format.CHAT,
    label="Chat messages (OpenAI, Azure, Together, Fireworks)",
    description='chat JSONL ({"messages": [...]} per line), as OpenAI, Azure OpenAI, Together AI, Fireworks AI '
                "and Hugging Face TRL take it",
    docs=("https://platform.openai.com/docs/api-reference/fine-tuning/chat-input",
          "https://docs.together.ai/docs/fine-tuning/data-preparation",
          "https://docs.fireworks.ai/fine-tuning/fine-tuning-models",
          "https://huggingface.co/docs/trl/dataset_formats"),
    matches=matches,
    to_chat=to_chat,
    from_chat=from_chat,
)
