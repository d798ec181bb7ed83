"""How each tokenizer's chat examples become tokens, read from data/chat_formats.toml (see its header)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from lib.paths import DATA_DIR


@dataclass(frozen=True)
class ChatFormat:
    name: str
    rule: str  # "per_message" or "template"
    exact: bool
    source: str
    as_of: str
    per_message: int = 0
    per_name: int = 0
    reply_priming: int = 0
    begin: str = ""
    first_system: str = ""
    default_system: str | None = None
    message: str = ""
    last_assistant: str = ""
    last_assistant_lstrip: str = ""
    trim: bool = False

    @property
    def templated(self) -> bool:
        return self.rule == "template"

    def template_for(self, index: int, role: str, n_messages: int) -> str:
        """The template of the message at `index` of `n_messages`."""
        if index == 0 and role == "system" and self.first_system:
            return self.first_system
        if index == n_messages - 1 and role == "assistant" and self.last_assistant:
            return self.last_assistant
        return self.message

    def prepared(self, template: str, content: str) -> str:
        """The content as the template inserts it."""
        if self.trim:
            content = content.strip()
        if template == self.last_assistant and self.last_assistant_lstrip:
            content = content.lstrip(self.last_assistant_lstrip)
        return content


@cache
def chat_formats() -> dict[str, ChatFormat]:
    with (DATA_DIR / "chat_formats.toml").open("rb") as file:
        rows = tomllib.load(file)["formats"]
    formats = {}
    for row in rows:
        chat = ChatFormat(**row)
        if chat.rule not in ("per_message", "template") or (chat.templated and "{content}" not in chat.message):
            raise ValueError(f"chat format {chat.name!r} has no rule or no {{content}} in its message template")
        formats[chat.name] = chat
    return formats
