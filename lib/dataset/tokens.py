"""Token counts the way the OpenAI Cookbook counts chat examples, and the training-bill rules built on them.

Per example: 3 tokens per message, the tokens of each string field (role, content, name, ...), 1 more
per `name`, and 3 to prime the reply. `weight` is a number and adds nothing. Beyond the Cookbook's
data-prep notebook, each an ESTIMATE where the provider does not publish its rendering:
- content given as a list of parts: each text part's tokens; each image part IMAGE_TOKENS (the
  low-detail figure; high-detail images cost more);
- the example's `tools` (or legacy `functions`): counted as the Cookbook's token-counting notebook counts
  function definitions (num_tokens_for_tools: "name:description" per function, "name:type:description"
  per property, enum values, and the fixed overheads in data/encodings.toml), not as their JSON text,
  which the model never sees and which overstates the bill by 70-90% on the Cookbook's own drone file;
- an assistant's `tool_calls` / `function_call`: the function's name and its arguments text, counted as
  assistant tokens, since producing the call is what the model learns.
Text is encoded as ordinary text: a literal "<|endoftext|>" in data counts as the characters it is,
where the Cookbook's `encode` would stop with an error.
Models whose makers publish a chat template (Llama 3.1, Qwen) are counted the way it renders an example instead
of the per-message rule (lib/dataset/chat.py, data/chat_formats.toml).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from lib.catalog.encodings import ToolOverheads
from lib.dataset.tokenizer import LONG_RUN, Tokenizer, count_exactly

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
# What a user may choose: OpenAI's API accepts n_epochs from 1 to 50. The default rule above stays in 1 to 25.
MAX_CHOSEN_EPOCHS = 50

# Repeated strings (system prompts, roles) are encoded once; the cap keeps memory bounded.
_CACHE_CHARS = 1_000_000
_CACHEABLE_LENGTH = 20_000


@dataclass(frozen=True)
class ExampleTokens:
    total: int
    assistant: int
    n_messages: int
    estimated: bool  # images, tools or tool calls were counted
    approximate: bool = False  # a very long whitespace run was counted in pieces (see count_text)


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
    """Encodes each distinct string once, in batches (split across threads for tiktoken).

    fastokens counts a batch in one call. tiktoken's encoder releases the GIL, so two threads each encoding half a
    batch use both cores; tiktoken's own batch call starts one task per string, which costs more than it saves here.
    """

    def __init__(self, tokenizer: Tokenizer, threads: int = 2) -> None:
        self.tokenizer = tokenizer
        self.threads = max(1, threads)
        self._cache: dict[str, int] = {}
        self._cached_chars = 0

    def _encode_lengths(self, texts: list[str]) -> list[int]:
        if self.threads == 1 or len(texts) < 64 or self.tokenizer.fast is not None:
            return self.tokenizer.counts(texts)
        size = -(-len(texts) // self.threads)
        chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
        with ThreadPoolExecutor(self.threads) as pool:
            return [count for part in pool.map(self.tokenizer.counts, chunks) for count in part]

    def count_many(self, texts: list[str]) -> list[int]:
        unknown = list({text for text in texts if text not in self._cache})
        counts = dict(zip(unknown, self._encode_lengths(unknown), strict=True)) if unknown else {}
        for text, count in counts.items():
            if len(text) <= _CACHEABLE_LENGTH and self._cached_chars < _CACHE_CHARS:
                self._cache[text] = count
                self._cached_chars += len(text)
        return [self._cache[text] if text in self._cache else counts[text] for text in texts]

    def count(self, text: str) -> int:
        return self.count_many([text])[0]

    def count_plans(self, plans: list[ExamplePlan]) -> list[ExampleTokens]:
        counts = self.count_many([text for plan in plans for text in plan.strings])
        results = []
        offset = 0
        for plan in plans:
            mine = counts[offset:offset + len(plan.strings)]
            offset += len(plan.strings)
            results.append(ExampleTokens(
                total=plan.fixed + sum(mine),
                assistant=sum(mine[index] for index in plan.assistant_indexes),
                n_messages=plan.n_messages,
                estimated=plan.estimated,
                approximate=any(len(text) >= LONG_RUN and not count_exactly(text) for text in plan.strings),
            ))
        return results


@dataclass(frozen=True)
class ExamplePlan:
    """What counting one example needs: its strings, the fixed tokens, which strings are assistant text."""

    strings: list[str]
    fixed: int
    assistant_indexes: list[int]
    n_messages: int
    estimated: bool


def plain_roles_and_texts(example: object) -> tuple[tuple[str, ...], list[str]] | None:
    """The roles and texts of an example made only of {"role": text, "content": non-empty text} messages, the
    shape of nearly every training file; None for anything else, which then gets the full checks and plan.

    Every check of such an example depends on its roles alone, so callers check each sequence of roles once.
    """
    if type(example) is not dict or len(example) != 1:
        return None
    messages = example.get("messages")
    if type(messages) is not list or not messages:
        return None
    roles, texts = [], []
    for message in messages:
        if type(message) is not dict or len(message) != 2:
            return None
        role, content = message.get("role"), message.get("content")
        if type(role) is not str or type(content) is not str or not content:
            return None
        roles.append(role)
        texts.append(content)
    return tuple(roles), texts


def plain_plan(strings: list[str], fixed: int, assistant_indexes: list[int]) -> ExamplePlan:
    """The plan of a plain example: the strings its chat format counts, and the fixed tokens of its roles
    (both from `Tokenizer.chat`, the fixed tokens worked out once per sequence of roles)."""
    return ExamplePlan(strings, fixed, assistant_indexes, len(strings), False)


def _tool_strings(tools: object, overheads: ToolOverheads, strings: list[str]) -> int:
    """Adds the texts of function definitions to `strings`; returns the fixed tokens around them."""
    fixed = 0
    for tool in tools if isinstance(tools, list) else []:
        function = tool.get("function", tool) if isinstance(tool, dict) else None
        if not isinstance(function, dict):
            continue
        fixed += overheads.function_start
        description = _text(function.get("description")).removesuffix(".")
        strings.append(f"{_text(function.get('name'))}:{description}")
        parameters = function.get("parameters")
        properties = parameters.get("properties") if isinstance(parameters, dict) else None
        if isinstance(properties, dict) and properties:
            fixed += overheads.properties_start
            for name, schema in properties.items():
                schema = schema if isinstance(schema, dict) else {}
                fixed += overheads.property
                if isinstance(schema.get("enum"), list):
                    fixed += overheads.enum_start + overheads.enum_item * len(schema["enum"])
                    strings.extend(_text(item) for item in schema["enum"])
                strings.append(f"{name}:{_text(schema.get('type'))}:{_text(schema.get('description')).removesuffix('.')}")
    return fixed + (overheads.functions_end if fixed else 0)


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _call_texts(value: object) -> list[str]:
    """The name and arguments of each tool or function call an assistant message makes."""
    calls = value if isinstance(value, list) else [{"function": value}]
    texts = []
    for call in calls:
        function = call.get("function") if isinstance(call, dict) else None
        if isinstance(function, dict):
            texts += [_text(function.get("name")), _text(function.get("arguments"))]
    return texts


def _message_text(content: object) -> str:
    """A message's content as a template inserts it: the text, or its text parts one after another."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else []
    return "".join(part["text"] for part in parts if isinstance(part, dict) and isinstance(part.get("text"), str))


def plan_example(example: dict, tokenizer: Tokenizer, count: Callable[[str], int] | None = None) -> ExamplePlan:
    """Separated from the encoding so a batch of examples can be encoded at once, off the main thread.

    Under a chat template, role and content are rendered by it (`count` counts its fixed text); any other field
    is counted as extra text and the example marked as an estimate."""
    chat = tokenizer.chat
    strings: list[str] = []
    assistant_indexes: list[int] = []
    fixed = 0 if chat.templated else REPLY_PRIMING_TOKENS
    estimated = False
    messages = [message for message in example.get("messages") or [] if isinstance(message, dict)]
    if chat.templated:
        count = count or (lambda text: tokenizer.count(text)[0])
        roles = [role if isinstance(role := message.get("role"), str) else "" for message in messages]
        fixed += chat.fixed(roles, count)
        strings = chat.strings(roles, [_message_text(message.get("content")) for message in messages], count)
        assistant_indexes = [index for index, role in enumerate(roles) if role == "assistant"]
    for message in messages:
        is_assistant = message.get("role") == "assistant"
        if not chat.templated:
            fixed += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if chat.templated and key in ("role", "content"):
                if key == "content" and isinstance(value, list):
                    images = sum(isinstance(part, dict) and part.get("type") == "image_url" for part in value)
                    fixed += IMAGE_TOKENS * images
                    estimated |= images > 0
            elif isinstance(value, str):
                if key == "content" and is_assistant:
                    assistant_indexes.append(len(strings))
                strings.append(value)
                if key == "name":
                    fixed += TOKENS_PER_NAME
                estimated |= chat.templated
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
                for text in _call_texts(value):
                    if is_assistant:
                        assistant_indexes.append(len(strings))
                    strings.append(text)
                estimated = True
    definitions = example.get("tools") or example.get("functions")
    if definitions:
        fixed += _tool_strings(definitions, tokenizer.tools, strings)
        estimated = True
    return ExamplePlan(strings, fixed, assistant_indexes, len(messages), estimated)


def count_examples(counter: TokenCounter, examples: list[dict]) -> list[ExampleTokens]:
    """Token counts of many chat examples, encoding all their strings in one batch."""
    return counter.count_plans([plan_example(example, counter.tokenizer, counter.count) for example in examples])
