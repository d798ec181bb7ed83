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
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
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
# What a user may choose: OpenAI's API accepts n_epochs from 1 to 50. The default rule above stays in 1 to 25.
MAX_CHOSEN_EPOCHS = 50

# Repeated strings (system prompts, roles) are encoded once; the cap keeps memory bounded.
_CACHE_CHARS = 8_000_000
_CACHEABLE_LENGTH = 20_000


# tiktoken's pretokenizer regex overflows its stack on a long run of whitespace (about 1M spaces with
# o200k_base, fewer when spaces and tabs mix) and panics, which Python sees as a BaseException.
# Runs this long are cut into pieces of PIECE characters and the pieces' counts added. BPE merges a
# run from its left end in power-of-two blocks, so for a run of plain spaces the sum equals one call
# (tested); runs mixing other whitespace can differ by under 1% and are reported as approximate.
LONG_RUN = 8192
PIECE = 1536
_LONG_WHITESPACE = re.compile(rf"\s{{{LONG_RUN},}}")
_SPACES = re.compile(r" +")
_SPACE_STRETCH = re.compile(rf" {{{PIECE + 1},}}")


def _pieces(text: str) -> tuple[list[str], bool]:
    """The text cut inside its long whitespace runs, and whether the count of the pieces is exact."""
    pieces, start, exact = [], 0, True
    for run in _LONG_WHITESPACE.finditer(text):
        # cuts are measured from where the plain spaces begin, where BPE's blocks begin
        spaces = _SPACE_STRETCH.search(run.group())
        cut = run.start() + (spaces.start() if spaces else 0) + PIECE
        while cut < run.end() - 1:
            pieces.append(text[start:cut])
            start, cut = cut, cut + PIECE
        # exact when every cut falls inside plain spaces; what follows the last cut is counted whole
        exact &= spaces is not None and bool(_SPACES.fullmatch(text[run.start() + spaces.start():start + 1]))
    pieces.append(text[start:])
    return pieces, exact


def has_long_whitespace(text: str) -> bool:
    return len(text) >= LONG_RUN and _LONG_WHITESPACE.search(text) is not None


def count_text(encoding: tiktoken.Encoding, text: str) -> tuple[int, bool]:
    """(tokens, exact) for any text, however long its whitespace runs; never raises from the tokenizer."""
    pieces, exact = _pieces(text) if has_long_whitespace(text) else ([text], True)
    total = 0
    for piece in pieces:
        try:
            total += len(encoding.encode_ordinary(piece))
        except BaseException as error:  # noqa: BLE001 - tiktoken's Rust panic is a BaseException
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            # about 4 characters a token in English text; said as approximate where it is used
            total += max(1, len(piece) // 4)
            exact = False
    return total, exact


def _lengths_one_by_one(encoding: tiktoken.Encoding, texts: list[str]) -> list[int]:
    return [count_text(encoding, text)[0] for text in texts]


def _lengths_function(encoding: tiktoken.Encoding) -> Callable[[list[str]], list[int]]:
    """Token counts of many texts, each encoded as ordinary text on its own.

    Encoding texts one call at a time makes every call wait for the GIL between strings. Instead the
    texts are joined with the end-of-text special token, which tiktoken's native encoder never merges
    across (it encodes the pieces between allowed special tokens independently), encoded in one call
    that runs without the GIL, and the counts read off between the separators. Texts that contain the
    separator's own characters, and any failure, fall back to one call per text. Tests check both
    paths agree.
    """
    core = getattr(encoding, "_core_bpe", None)
    to_buffer = getattr(core, "encode_to_tiktoken_buffer", None)
    separator = "<|endoftext|>"
    separator_id = encoding._special_tokens.get(separator) if hasattr(encoding, "_special_tokens") else None
    if to_buffer is None or separator_id is None:
        return partial(_lengths_one_by_one, encoding)
    allowed = {separator}

    def lengths(texts: list[str]) -> list[int]:
        if any(separator in text or has_long_whitespace(text) for text in texts):
            return _lengths_one_by_one(encoding, texts)
        try:
            ids = np.frombuffer(to_buffer(separator.join(texts), allowed), dtype=np.uint32)
        except (UnicodeEncodeError, ValueError, TypeError):
            return _lengths_one_by_one(encoding, texts)
        bounds = np.concatenate(([-1], np.flatnonzero(ids == separator_id), [len(ids)]))
        counts = (np.diff(bounds) - 1).tolist()
        return counts if len(counts) == len(texts) else _lengths_one_by_one(encoding, texts)

    return lengths


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
    """Encodes each distinct string once, in batches split across threads.

    tiktoken's encoder releases the GIL, so two threads each encoding half a batch use both cores;
    tiktoken's own batch call starts one task per string, which costs more than it saves here.
    """

    def __init__(self, encoding: tiktoken.Encoding, threads: int = 2) -> None:
        self.encoding = encoding
        self.threads = max(1, threads)
        self._cache: dict[str, int] = {}
        self._cached_chars = 0
        self._lengths = _lengths_function(encoding)

    def _encode_lengths(self, texts: list[str]) -> list[int]:
        if self.threads == 1 or len(texts) < 64:
            return self._lengths(texts)
        size = -(-len(texts) // self.threads)
        chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
        with ThreadPoolExecutor(self.threads) as pool:
            return [count for part in pool.map(self._lengths, chunks) for count in part]

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
                approximate=any(has_long_whitespace(text) and not _pieces(text)[1] for text in plan.strings),
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


def plan_example(example: dict) -> ExamplePlan:
    """Separated from the encoding so a batch of examples can be encoded at once, off the main thread."""
    strings: list[str] = []
    assistant_indexes: list[int] = []
    fixed = REPLY_PRIMING_TOKENS
    estimated = False
    n_messages = 0
    for message in example.get("messages") or []:
        if not isinstance(message, dict):
            continue
        n_messages += 1
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
    return ExamplePlan(strings, fixed, assistant_indexes, n_messages, estimated)


def count_examples(counter: TokenCounter, examples: list[dict]) -> list[ExampleTokens]:
    """Token counts of many chat examples, encoding all their strings in one batch."""
    return counter.count_plans([plan_example(example) for example in examples])
