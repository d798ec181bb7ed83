"""A chat example's tokens as its format renders it: the strings to count and the fixed tokens around them.

Under OpenAI's rule the strings are the messages' own texts and the fixed tokens 3 a message, the roles' tokens
and 3 to prime the reply. Under a template, each message is rendered and cut at the special tokens (the encoder
never merges across them, so the pieces' counts add up to the whole's): each special token is one token, the
piece holding the content (with the template's text before and after it, e.g. "user\\n" + content) is counted as
a string, so repeated system prompts still hit the cache, and the other pieces are fixed text counted once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lib.catalog.chat_formats import ChatFormat

Count = Callable[[str], int]


class ChatRendering:
    def __init__(self, chat: ChatFormat, special_tokens: Sequence[str]) -> None:
        self.chat = chat
        self._specials = frozenset(special_tokens)
        self._split = re.compile("(" + "|".join(re.escape(token) for token in sorted(special_tokens, key=len,
                                                                                     reverse=True)) + ")")
        self._parts: dict[tuple[str, str], tuple[int, str, str]] = {}

    @property
    def templated(self) -> bool:
        return self.chat.templated

    def _template_parts(self, template: str, role: str, count: Count) -> tuple[int, str, str]:
        """(fixed tokens, text before the content, text after it) of one message template with its role."""
        key = (template, role)
        if key not in self._parts:
            fixed, before, after = 0, "", ""
            for piece in self._split.split(template.replace("{role}", role)):
                if piece in self._specials:
                    fixed += 1
                elif "{content}" in piece:
                    before, _, after = piece.partition("{content}")
                elif piece:
                    fixed += count(piece)
            self._parts[key] = (fixed, before, after)
        return self._parts[key]

    def _fixed_text(self, text: str, count: Count) -> int:
        return sum(1 if piece in self._specials else count(piece) for piece in self._split.split(text) if piece)

    def fixed(self, roles: Sequence[str], count: Count) -> int:
        """Tokens an example with these roles carries besides the strings `strings` gives."""
        chat = self.chat
        if not chat.templated:
            return chat.reply_priming + chat.per_message * len(roles) + sum(count(role) for role in roles)
        total = self._fixed_text(chat.begin, count)
        if chat.default_system is not None and (not roles or roles[0] != "system"):
            parts = self._template_parts(chat.first_system, "system", count)
            total += parts[0] + count(parts[1] + chat.prepared(chat.first_system, chat.default_system) + parts[2])
        n = len(roles)
        return total + sum(self._template_parts(chat.template_for(i, role, n), role, count)[0]
                           for i, role in enumerate(roles))

    def strings(self, roles: Sequence[str], texts: list[str], count: Count) -> list[str]:
        """The strings to count for these messages' contents (the texts themselves under OpenAI's rule)."""
        if not self.chat.templated:
            return texts
        n, strings = len(roles), []
        for index, (role, text) in enumerate(zip(roles, texts, strict=True)):
            template = self.chat.template_for(index, role, n)
            _, before, after = self._template_parts(template, role, count)
            strings.append(before + self.chat.prepared(template, text) + after)
        return strings
