"""Token counts the way the OpenAI Cookbook counts chat examples, and the training-bill rules built on them.

Per example: 3 tokens per message, the tokens of each string field (role, content, name, ...), 1 more
per `name`, and 3 to prime the reply. `weight` is a number and adds nothing. Beyond the Cookbook:
- content given as a list of parts: each text part's tokens; each image part is an ESTIMATE of
  IMAGE_TOKENS (the low-detail figure; high-detail images cost more);
- `tool_calls` / `function_call` objects and the example's `tools` list: the tokens of their JSON text,
  an ESTIMATE (the provider's own rendering of tools is not published).
Text is encoded as ordinary text: a literal "<|endoftext|>" in data counts as the characters it is,
where the Cookbook's `encode` would stop with an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import tiktoken

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING_TOKENS = 3
IMAGE_TOKENS = 85

# The Cookbook's default-epochs rule.
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25

# Repeated strings (system prompts, roles) are encoded once; the cap keeps memory bounded.
_CACHE_CHARS = 8_000_000
_CACHEABLE_LENGTH = 20_000


@dataclass(frozen=True)
class ExampleTokens:
    total: int
    assistant: int
    n_messages: int
    estimated: bool  # images, tools or tool calls were counted


def default_epochs(n_examples: int) -> int:
    """Target 3 epochs, clamped so examples x epochs lands in [100, 25,000] and epochs in [1, 25]."""
    if n_examples <= 0:
        return 0
    epochs = TARGET_EPOCHS
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    elif n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return epochs


def billed_tokens(example_totals: Iterable[int], training_context: int, epochs: int) -> int:
    """epochs x sum of each example's tokens, capped at the training context (longer ones are truncated)."""
    return epochs * sum(min(training_context, total) for total in example_totals)


class TokenCounter:
    """Encodes each distinct string once, in batches, with tiktoken's native threads."""

    def __init__(self, encoding: tiktoken.Encoding, threads: int = 2) -> None:
        self.encoding = encoding
        self.threads = threads
        self._cache: dict[str, int] = {}
        self._cached_chars = 0

    def count_many(self, texts: list[str]) -> list[int]:
        unknown = list({text for text in texts if text not in self._cache})
        counts = dict(zip(unknown, (len(ids) for ids in self.encoding.encode_ordinary_batch(
            unknown, num_threads=self.threads)), strict=True)) if unknown else {}
        for text, count in counts.items():
            if len(text) <= _CACHEABLE_LENGTH and self._cached_chars < _CACHE_CHARS:
                self._cache[text] = count
                self._cached_chars += len(text)
        return [self._cache[text] if text in self._cache else counts[text] for text in texts]

    def count(self, text: str) -> int:
        return self.count_many([text])[0]


def example_strings(example: dict) -> tuple[list[str], int, list[int], bool]:
    """The strings to encode for one example, fixed tokens, which strings are assistant text, estimated?

    Returned as data rather than counted here so a whole batch of examples can be encoded at once.
    """
    strings: list[str] = []
    assistant_indexes: list[int] = []
    fixed = REPLY_PRIMING_TOKENS
    estimated = False
    for message in example.get("messages") or []:
        if not isinstance(message, dict):
            continue
        fixed += TOKENS_PER_MESSAGE
        is_assistant = message.get("role") == "assistant"
        for key, value in message.items():
            if isinstance(value, str):
                if key == "content" and is_assistant:
                    assistant_indexes.append(len(strings))
                strings.append(value)
                if key == "name":
                    fixed += TOKENS_PER_NAME
            elif key == "content" and isinstance(value, list):
                for part in value:
                    if isinstance(part, dict) and isinstance(part.get("text"), str):
                        if is_assistant:
                            assistant_indexes.append(len(strings))
                        strings.append(part["text"])
                    elif isinstance(part, dict) and part.get("type") == "image_url":
                        fixed += IMAGE_TOKENS
                        estimated = True
            elif key in ("tool_calls", "function_call") and value:
                strings.append(json.dumps(value, ensure_ascii=False))
                estimated = True
    if example.get("tools"):
        strings.append(json.dumps(example["tools"], ensure_ascii=False))
        estimated = True
    return strings, fixed, assistant_indexes, estimated


def count_examples(counter: TokenCounter, examples: list[dict]) -> list[ExampleTokens]:
    """Token counts of many chat examples, encoding all their strings in one batch."""
    plans = [example_strings(example) for example in examples]
    flat = [text for strings, _, _, _ in plans for text in strings]
    counts = counter.count_many(flat)
    results = []
    offset = 0
    for example, (strings, fixed, assistant_indexes, estimated) in zip(examples, plans, strict=True):
        mine = counts[offset:offset + len(strings)]
        offset += len(strings)
        n_messages = sum(isinstance(message, dict) for message in example.get("messages") or [])
        results.append(ExampleTokens(
            total=fixed + sum(mine),
            assistant=sum(mine[index] for index in assistant_indexes),
            n_messages=n_messages,
            estimated=estimated,
        ))
    return results
