"""The check of each example as the file streams past: format and provider rules, duplicates, personal data, and
token counts done in batches on a worker thread; all of it tallied for the report."""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from lib.dataset.doors import DoorRules, check_for_door, reserved_words
from lib.dataset.formats import Format
from lib.dataset.formats.base import media_of, messages_of
from lib.dataset.pii import LABELS, PiiTally, candidates, find_in_text
from lib.dataset.report import ExampleRow, Problem
from lib.dataset.tokenizer import LONG_RUN
from lib.dataset.tokens import ExamplePlan, ExampleTokens, TokenCounter, plain_plan, plain_roles_and_texts, plan_example
from lib.dataset.validation import Finding, check_example

MAX_PROBLEMS_KEPT = 1000
BATCH = 512
# Distinct role sequences whose checks are remembered; real files have a handful.
MAX_SHAPES = 1000


@dataclass
class Tally:
    """What the pass accumulates; frozen into a DatasetReport at the end."""

    errors: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    # the MAX_PROBLEMS_KEPT first by line (whole-file findings, line 0, first), whatever order they are reported in:
    # a heap whose top is the last of them, as (-line, -severity, -arrival, problem)
    _kept: list[tuple[int, int, int, Problem]] = field(default_factory=list)
    problems_total: int = 0
    examples: list[ExampleRow] = field(default_factory=list)
    n_examples: int = 0
    n_duplicates: int = 0
    pii: PiiTally = field(default_factory=PiiTally)
    notes: list[str] = field(default_factory=list)
    seen: dict[int, int] = field(default_factory=dict)
    estimated: bool = False
    kind: Format = Format.UNKNOWN_JSONL  # the format of each record, whatever the file's layout
    media_examples: int = 0  # examples holding images, video or documents
    media_kinds: set[str] = field(default_factory=set)

    def report(self, line: int, key: str, message: str, is_error: bool, count: int = 1) -> None:
        (self.errors if is_error else self.warnings)[key] += count
        self.problems_total += 1
        # on one line errors come before warnings; otherwise problems keep the order they were reported in
        entry = (-line, -(not is_error), -self.problems_total)
        if len(self._kept) < MAX_PROBLEMS_KEPT:
            heapq.heappush(self._kept, (*entry, Problem(line, key, message, "error" if is_error else "warning")))
        elif entry > self._kept[0][:3]:
            heapq.heapreplace(self._kept, (*entry, Problem(line, key, message, "error" if is_error else "warning")))

    def problems(self) -> list[Problem]:
        """The problems kept, by line; a file's worth of problems is the same list however its counts were
        scheduled."""
        return [problem for *_, problem in sorted(self._kept, reverse=True)]


@dataclass
class _Pending:
    line: int
    plan: ExamplePlan
    valid: bool
    texts: list[str]  # the texts searched for personal data


@dataclass(frozen=True)
class _Shape:
    """What every plain example with one sequence of roles has in common: its findings and its plan's parts."""

    findings: tuple[Finding, ...]
    fixed_tokens: int  # what the chat format adds around the contents
    assistant_indexes: list[int]


def _content_texts(example: dict) -> list[str]:
    texts = []
    for message in example.get("messages") or []:
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts += [part["text"] for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
    return texts


class _OnThisThread:
    """An executor that runs each task as it is submitted, on the calling thread."""

    def submit(self, task: Callable[[list[ExamplePlan]], list[ExampleTokens]],
               plans: list[ExamplePlan]) -> Future[list[ExampleTokens]]:
        future: Future[list[ExampleTokens]] = Future()
        future.set_result(task(plans))
        return future

    def shutdown(self, cancel_futures: bool = False) -> None:
        pass


class ExamplePass:
    """Parses and checks on the calling thread while a worker thread encodes the previous batch.

    tiktoken releases the GIL while it encodes, so the two overlap on two cores. At most
    MAX_IN_FLIGHT batches wait for their counts, which bounds the examples held in memory.
    fastokens holds the GIL, so a worker would gain nothing, and it keeps tables for each thread that calls it
    (about 60 MB, bench/bench_analyze.py): with it, every count is made on the calling thread.
    """

    MAX_IN_FLIGHT = 2

    def __init__(self, counter: TokenCounter, tally: Tally, door: DoorRules | None = None,
                 door_label: str = "") -> None:
        self.counter = counter
        self.tally = tally
        self.door, self.door_label = door, door_label
        self.chat_checks = True
        self._shapes: dict[tuple[str, ...], _Shape] = {}
        self.pending: list[_Pending] = []
        self.in_flight: deque[tuple[list[_Pending], Future[list[ExampleTokens]]]] = deque()
        self.worker: ThreadPoolExecutor | _OnThisThread = (
            _OnThisThread() if counter.tokenizer.fast is not None
            else ThreadPoolExecutor(1, thread_name_prefix="token-counter"))

    def example(self, line: int, example: object, fingerprint: int, conversion: list[tuple[str, str]]) -> None:
        tally = self.tally
        tally.n_examples += 1
        plain = None if conversion or not self.chat_checks else plain_roles_and_texts(example)
        if plain is not None:
            roles, texts = plain
            shape = self._shapes.get(roles) or self._shape(roles)
            findings = list(shape.findings)
            if self.door is not None and self.door.reserved_words:
                findings += reserved_words(example["messages"], self.door, self.door_label)
        else:
            findings = [Finding(key, message) for key, message in conversion] + check_example(example,
                                                                                                self.chat_checks)
            if self.door is not None:
                findings += check_for_door(example, self.door, self.door_label, self.chat_checks)
        for finding in findings:
            tally.report(line, finding.key, finding.message, finding.is_error)
        first = tally.seen.setdefault(fingerprint, line)
        if first != line:
            tally.n_duplicates += 1
            tally.report(line, "duplicate_example", f"Exact duplicate of line {first}.", is_error=False)
        valid = not any(finding.is_error for finding in findings)
        if plain is not None:
            chat = self.counter.tokenizer.chat
            strings = chat.strings(roles, texts, self.counter.count) if chat.templated else texts
            plan = plain_plan(strings, shape.fixed_tokens, shape.assistant_indexes)
            self.pending.append(_Pending(line, plan, valid, texts))
        elif isinstance(example, dict) and isinstance(example.get("messages"), list):
            kinds = {kind for message in messages_of(example) for kind in media_of(message.get("content"))}
            tally.media_examples += bool(kinds)
            tally.media_kinds |= kinds
            plan = plan_example(example, self.counter.tokenizer, self.counter.count)
            self.pending.append(_Pending(line, plan, valid, _content_texts(example)))
        else:
            return
        if len(self.pending) >= BATCH:
            self.flush()

    def _shape(self, roles: tuple[str, ...]) -> _Shape:
        """Checks and plan parts of a plain example with these roles, worked out once on a stand-in example."""
        stand_in = {"messages": [{"role": role, "content": "x"} for role in roles]}
        findings = check_example(stand_in)
        if self.door is not None:  # the stand-in's "x" holds no reserved word
            findings += check_for_door(stand_in, self.door, self.door_label)
        fixed = self.counter.tokenizer.chat.fixed(roles, self.counter.count)
        shape = _Shape(tuple(findings), fixed, [index for index, role in enumerate(roles) if role == "assistant"])
        if len(self._shapes) < MAX_SHAPES:
            self._shapes[roles] = shape
        return shape

    def _find_personal_data(self, items: list[_Pending]) -> None:
        texts = ["\n".join(item.texts) for item in items]
        for index in candidates(texts):
            found = find_in_text(texts[index])
            if found:
                self._record_pii(items[index].line, found)

    def _record_pii(self, line: int, found: list[tuple[str, str]]) -> None:
        for kind, samples in self.tally.pii.add(line, found).items():
            self.tally.report(line, f"pii_{kind}", f"Likely {LABELS[kind]} ({len(samples)}): "
                              f"{', '.join(samples[:2])}.", is_error=False, count=len(samples))

    def flush(self) -> None:
        if self.pending:
            self._find_personal_data(self.pending)
            plans = [item.plan for item in self.pending]
            self.in_flight.append((self.pending, self.worker.submit(self.counter.count_plans, plans)))
            self.pending = []
        waiting = self.MAX_IN_FLIGHT if isinstance(self.worker, ThreadPoolExecutor) else 0
        while len(self.in_flight) > waiting:
            self._collect_oldest()

    def _collect_oldest(self) -> None:
        items, future = self.in_flight.popleft()
        for item, tokens in zip(items, future.result(), strict=True):
            self.tally.examples.append(ExampleRow(item.line, tokens.total, tokens.assistant, tokens.n_messages,
                                                  item.valid))
            self.tally.estimated |= tokens.estimated
            if tokens.approximate:
                self.tally.report(item.line, "tokens_approximate",
                                  f"A run of over {LONG_RUN:,} blank characters was counted in pieces, so this "
                                  "example's token count may be off by up to 1%.", is_error=False)

    def finish(self) -> None:
        self.flush()
        while self.in_flight:
            self._collect_oldest()
        self.worker.shutdown()

    def abandon(self) -> None:
        self.worker.shutdown(cancel_futures=True)
