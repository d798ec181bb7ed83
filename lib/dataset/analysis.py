"""One pass over a dataset file: parse, convert, validate, count tokens, find personal data and duplicates.

The file is streamed: lines are parsed one at a time and examples are counted in batches, so memory
grows with the number of examples (a few integers each), not with the file's text.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from lib.availability import rule_for
from lib.dataset.doors import DoorRules, check_file_for_door, check_for_door, door_rules, reserved_words
from lib.dataset.formats import (
    DESCRIPTIONS,
    Conversion,
    Format,
    TableError,
    WrongColumns,
    detect_jsonl_kind,
    looks_like_table,
    read_table,
    record_format,
    table_columns,
    table_row_to_chat,
    to_chat,
)
from lib.dataset.pii import LABELS, PiiTally, candidates, find_in_text
from lib.dataset.reading import TextSource, UnreadableFile
from lib.dataset.report import DatasetReport, ExampleRow, Problem
from lib.dataset.tokens import (
    ExamplePlan,
    ExampleTokens,
    TokenCounter,
    billed_tokens,
    default_epochs,
    plain_plan,
    plain_roles_and_texts,
    plan_example,
)
from lib.dataset.validation import Finding, check_example
from lib.decision import load_rules
from lib.models import model_facts
from lib.tokenizer import LONG_RUN, tokenizer_for

MAX_PROBLEMS_KEPT = 1000
PROGRESS_LINES = 2000
PROGRESS_BYTES = 4_000_000
BATCH = 2048
DETECT_RECORDS = 20
# Distinct role sequences whose checks are remembered; real files have a handful.
MAX_SHAPES = 1000
# Far above any model's training context; a longer line is reported, not parsed.
MAX_LINE_CHARS = 20_000_000

Progress = Callable[[float], None]


@dataclass
class _Tally:
    """What the pass accumulates; frozen into a DatasetReport at the end."""

    errors: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    examples: list[ExampleRow] = field(default_factory=list)
    n_examples: int = 0
    n_duplicates: int = 0
    pii: PiiTally = field(default_factory=PiiTally)
    notes: list[str] = field(default_factory=list)
    seen: dict[int, int] = field(default_factory=dict)
    estimated: bool = False
    kind: Format = Format.UNKNOWN_JSONL  # the format of each record, whatever the file's layout

    def report(self, line: int, key: str, message: str, is_error: bool, count: int = 1) -> None:
        (self.errors if is_error else self.warnings)[key] += count
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(Problem(line, key, message, "error" if is_error else "warning"))


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
    role_tokens: int
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


class _Pass:
    """Parses and checks on the calling thread while a worker thread encodes the previous batch.

    tiktoken releases the GIL while it encodes, so the two overlap on two cores. At most
    MAX_IN_FLIGHT batches wait for their counts, which bounds the examples held in memory.
    """

    MAX_IN_FLIGHT = 2

    def __init__(self, counter: TokenCounter, tally: _Tally, door: DoorRules | None = None,
                 door_label: str = "") -> None:
        self.counter = counter
        self.tally = tally
        self.door, self.door_label = door, door_label
        self.chat_checks = True
        self._shapes: dict[tuple[str, ...], _Shape] = {}
        self.pending: list[_Pending] = []
        self.in_flight: deque[tuple[list[_Pending], Future[list[ExampleTokens]]]] = deque()
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="token-counter")

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
            plan = plain_plan(texts, shape.role_tokens, shape.assistant_indexes)
            self.pending.append(_Pending(line, plan, valid, texts))
        elif isinstance(example, dict) and isinstance(example.get("messages"), list):
            plan = plan_example(example, self.counter.tokenizer.tools)
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
        role_tokens = sum(self.counter.count(role) for role in roles)
        shape = _Shape(tuple(findings), role_tokens, [index for index, role in enumerate(roles) if role == "assistant"])
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
        while len(self.in_flight) > self.MAX_IN_FLIGHT:
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


def _fingerprint(text: str) -> int:
    # Python's 64-bit string hash: two different examples share one with odds of about n^2 / 2^65 (3 in 100
    # million for a million lines), and it costs a fraction of a cryptographic digest of every line.
    return hash(text.strip())


def _parse(line: str) -> tuple[object | None, str | None]:
    if len(line) > MAX_LINE_CHARS:
        return None, f"The line is {len(line):,} characters long, far more than any training example can hold."
    try:
        return _DECODER.decode(line), None
    except json.JSONDecodeError as error:
        return None, f"Not valid JSON: {error.msg} (column {error.colno})."
    except _NonFiniteNumber as error:
        return None, f"Not valid JSON: {error} is not a JSON number, and fine-tuning APIs refuse it."
    except RecursionError:
        return None, "Not usable JSON: it is nested too deeply."
    except ValueError:
        # Python refuses integers of more than 4,300 digits (CVE-2020-10735); no real example has one
        return None, "Not usable JSON: it holds a number with thousands of digits."


class _NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NonFiniteNumber(name)


# One decoder for every line: json.loads with an option builds a new decoder on each call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _first_line(source: TextSource) -> str:
    for _, line, _ in source.lines():
        if line.strip():
            return line
    raise UnreadableFile("The file holds only blank lines: it has no examples to check.")


def _detect_jsonl(source: TextSource) -> Format:
    records = []
    for _, line, _ in source.lines():
        if line.strip():
            record, _problem = _parse(line)
            if record is not None:
                records.append(record)
        if len(records) >= DETECT_RECORDS:
            break
    return detect_jsonl_kind(records)


class _Reporter:
    """Progress every PROGRESS_LINES lines or PROGRESS_BYTES bytes, whichever comes first.

    Each report is also where a page stops a run whose session went away (Streamlit raises there), so a
    file of a few very long lines must report as often as one of many short ones.
    """

    def __init__(self, progress: Progress | None, size: int) -> None:
        self.progress, self.size, self.last = progress, max(size, 1), 0

    def __call__(self, count: int, position: int) -> None:
        if self.progress and (count % PROGRESS_LINES == 0 or position - self.last >= PROGRESS_BYTES):
            self.last = position
            self.progress(position / self.size)


def _jsonl(source: TextSource, kind: Format, step: _Pass, progress: Progress | None) -> None:
    report_progress = _Reporter(progress, source.size)
    for number, line, position in source.lines():
        report_progress(number, position)
        if not line.strip():
            step.tally.report(number, "empty_line", "Empty line (skipped).", is_error=False)
            continue
        record, problem = _parse(line)
        if problem:
            step.tally.n_examples += 1
            step.tally.report(number, "invalid_json", problem, is_error=True)
            continue
        example, conversion = to_chat(record, kind)
        step.example(number, example, _fingerprint(line), conversion)


def _set_kind(step: _Pass, kind: Format) -> None:
    step.tally.kind = kind
    reader = record_format(kind)
    step.chat_checks = reader.chat_checks if reader else True


def _numbered_records(source: TextSource, layout: Format) -> list[tuple[int, object]] | None:
    """(number, record) of a file read whole: a JSON array's elements numbered from 1, or pretty-printed objects
    numbered by the line each starts on; None when the file is not laid out that way."""
    if layout == Format.JSON_ARRAY:
        record, problem = _parse("\n".join(line for _, line, _ in source.lines()))
        return None if problem or not isinstance(record, list) else list(enumerate(record, start=1))
    return pretty_json_objects(source)


_WHOLE_FILE_NOTES = {
    Format.JSON_ARRAY: "Line numbers for a JSON array are element numbers (the first element is 1).",
    Format.PRETTY_JSON: "The file holds {count:,} JSON objects spread over several lines each; line numbers are "
                        "where each object starts.",
}


def _whole_file(source: TextSource, layout: Format, step: _Pass) -> bool:
    """Check the records of a file read whole (JSON array, pretty-printed JSON); False when it is not that layout."""
    numbered = _numbered_records(source, layout)
    if numbered is None:
        return False
    kind = detect_jsonl_kind([record for _, record in numbered[:DETECT_RECORDS]])
    _set_kind(step, kind)
    step.tally.notes.append(_WHOLE_FILE_NOTES[layout].format(count=len(numbered)))
    for number, record in numbered:
        example, conversion = to_chat(record, kind)
        step.example(number, example, _fingerprint(json.dumps(record, sort_keys=True)), conversion)
    return True


def pretty_json_objects(source: TextSource) -> list[tuple[int, object]] | None:
    """(line where it starts, object) for a file of JSON objects spread over several lines, else None."""
    text = "\n".join(line for _, line, _ in source.lines())
    objects, position, line, counted_to = [], 0, 1, 0
    try:
        while True:
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
            if position >= len(text):
                break
            record, end = _DECODER.raw_decode(text, position)
            if not isinstance(record, dict):
                return None
            # counted on from the previous object, so the file is scanned once, not once per object
            line += text.count("\n", counted_to, position)
            counted_to = position
            objects.append((line, record))
            position = end
    except (ValueError, RecursionError):
        return None
    return objects or None


def _spread_over_lines(first: str) -> bool:
    """Whether the first line opens a JSON object that does not close on it (the text ends mid-object)."""
    opening = first.strip()
    if not opening.startswith("{") or len(opening) > MAX_LINE_CHARS:
        return False
    try:
        json.loads(opening)
    except json.JSONDecodeError as error:
        return error.pos >= len(opening)
    except (ValueError, RecursionError):
        return False
    return False


def _table(source: TextSource, kind: Format, step: _Pass, progress: Progress | None) -> None:
    _set_kind(step, kind)
    header, rows = read_table(source.lines(), "\t" if kind == Format.TSV else ",")
    columns = table_columns(header)
    step.tally.notes.append(
        f"Columns used: '{columns.prompt}' as the user message, '{columns.completion}' as the assistant reply"
        + (f", '{columns.system}' as the system message." if columns.system else ".")
    )
    report_progress = _Reporter(progress, source.size)
    for count, (line, row, position) in enumerate(rows, start=1):
        report_progress(count, position)
        example = table_row_to_chat(row, columns)
        step.example(line, example, _fingerprint(json.dumps(row, sort_keys=True)), [])


def _read_any(source: TextSource, file_name: str, step: _Pass, progress: Progress | None) -> Format:
    first = _first_line(source)
    table = looks_like_table(first, file_name)
    if table:
        _table(source, table, step, progress)
        return table
    if first.lstrip().startswith("[") and _whole_file(source, Format.JSON_ARRAY, step):
        return Format.JSON_ARRAY
    if _spread_over_lines(first) and _whole_file(source, Format.PRETTY_JSON, step):
        return Format.PRETTY_JSON
    kind = _detect_jsonl(source)
    _set_kind(step, kind)
    _jsonl(source, kind, step, progress)
    return kind


@dataclass(frozen=True)
class _Door:
    provider: str
    label: str
    rules: DoorRules | None


def door_and_model(provider: str | None, model: str | None) -> tuple[str, str]:
    """The door and the model to count for: either may be left out, the other or the defaults fill it in."""
    if model is not None and provider is None:
        return model_facts(model).provider, model
    provider = provider or "openai"
    return provider, model or rule_for(provider).default_model


def analyze(
    source: TextSource,
    model: str | None = None,
    epochs: int | None = None,
    file_name: str = "",
    progress: Progress | None = None,
    provider: str | None = None,
    door_checks: bool = True,
) -> DatasetReport:
    """Everything a careful engineer checks before paying for a training job at one door.

    `provider` picks the door whose rules and tokenizer apply (default: the model's own provider); `model` the
    model whose tokenizer and training limit count (default: the door's default model). Without `door_checks`
    only the format's own rules apply (what a conversion starts from). Raises UnreadableFile
    (with a sentence for the user) only when the file cannot be analysed at all; an unknown provider or model
    raises KeyError.
    """
    provider, model = door_and_model(provider, model)
    door = _Door(provider, rule_for(provider).label, door_rules(provider) if door_checks else None)
    facts = model_facts(model)
    tokenizer = tokenizer_for(facts.id)
    counter = TokenCounter(tokenizer)
    tally = _Tally()
    step = _Pass(counter, tally, door.rules, door.label)
    try:
        found = _read_any(source, file_name, step, progress)
    except (WrongColumns, TableError) as error:
        step.abandon()
        raise UnreadableFile(str(error)) from None
    except BaseException:
        step.abandon()
        raise
    step.finish()
    if progress:
        progress(1.0)
    return _finish(tally, found, source, file_name, facts.id, door, tokenizer.name, tokenizer.exact,
                   tokenizer.basis, facts.training_context, epochs)


def _finish(tally: _Tally, found: Format, source: TextSource, file_name: str, model: str, door: _Door,
            encoding: str, tokens_exact: bool, tokens_basis: str, training_context: int,
            epochs: int | None) -> DatasetReport:
    valid = [row for row in tally.examples if row.valid]
    limit = training_context or max((row.total_tokens for row in tally.examples), default=0)
    over = [row for row in tally.examples if training_context and row.total_tokens > training_context]
    for row in over:
        tally.report(row.line, "over_training_context",
                     f"{row.total_tokens:,} tokens: {row.total_tokens - training_context:,} over the "
                     f"{training_context:,}-token training limit; the end will be truncated.", is_error=False)
    params = load_rules().params  # the same minimums the verdict uses
    minimum, recommended = params["provider_minimum_examples"], params["recommended_examples"]
    if door.rules is not None:
        minimum = door.rules.min_examples
        for finding in check_file_for_door(tally.kind, len(valid), door.rules, door.label):
            tally.report(0, finding.key, finding.message, finding.is_error)
    elif len(valid) < minimum:
        tally.report(0, "too_few_examples", f"{len(valid)} valid example(s); fine-tuning needs at least "
                     f"{minimum}.", is_error=True)
    if max(minimum, 1) <= len(valid) < recommended:
        tally.report(0, "few_examples", f"{len(valid)} valid examples; {recommended} or more is the recommended "
                     "start.", is_error=False)
    if tally.estimated:
        tally.notes.append("Some examples hold images, tools or tool calls; their token counts are estimates: "
                           "images at 85 tokens each, tool definitions as the OpenAI Cookbook counts them "
                           "(num_tokens_for_tools), tool calls as their function names and arguments.")
    if not tokens_exact:
        tally.notes.append(f"Token counts are an {tokens_basis}.")
    if source.decoding_note:
        tally.notes.insert(0, source.decoding_note)
    n_epochs = epochs if epochs else default_epochs(len(valid))
    return DatasetReport(
        file_name=file_name,
        format=found,
        format_note=DESCRIPTIONS[found],
        decoding_note=source.decoding_note,
        model=model,
        encoding=encoding,
        training_context=training_context,
        n_examples=tally.n_examples,
        n_valid=len(valid),
        errors=dict(tally.errors),
        warnings=dict(tally.warnings),
        problems=tuple(sorted(tally.problems, key=lambda p: (p.line, p.severity))),
        problems_total=tally.problems_total,
        examples=tuple(tally.examples),
        total_tokens=sum(row.total_tokens for row in tally.examples),
        assistant_tokens=sum(row.assistant_tokens for row in tally.examples),
        n_over_limit=len(over),
        over_limit_tokens=sum(row.total_tokens - training_context for row in over),
        n_epochs=n_epochs,
        epochs_chosen=bool(epochs),
        billed_tokens=billed_tokens((row.total_tokens for row in valid), limit, n_epochs),
        n_duplicates=tally.n_duplicates,
        pii=tally.pii,
        notes=tuple(tally.notes),
        provider=door.provider,
        door_label=door.label,
        record_format=tally.kind,
        tokens_exact=tokens_exact,
        tokens_basis=tokens_basis,
        door_source=door.rules.source if door.rules else "",
    )


def iter_valid_records(source: TextSource, report: DatasetReport) -> Iterator[object]:
    """The valid examples in file order, for the cleaned download.

    JSONL records are kept exactly as they were (a preference file stays a preference file);
    tables become chat examples, since no provider takes a CSV.
    """
    keep = report.valid_lines
    if report.format in (Format.CSV, Format.TSV):
        header, rows = read_table(source.lines(), "\t" if report.format == Format.TSV else ",")
        columns = table_columns(header)
        for line, row, _ in rows:
            if line in keep:
                yield table_row_to_chat(row, columns)
        return
    for _, record in _valid_lines_and_records(source, report):
        yield record


def _valid_lines_and_records(source: TextSource, report: DatasetReport) -> Iterator[tuple[int, object]]:
    keep = report.valid_lines
    if report.format in _WHOLE_FILE_NOTES:
        numbered = _numbered_records(source, report.format) or []
        yield from ((number, record) for number, record in numbered if number in keep)
        return
    for number, line, _ in source.lines():
        if number in keep:
            yield number, _parse(line)[0]


def convert_file(source: TextSource, report: DatasetReport, target: Format, keep: bool = True) -> Conversion:
    """The valid examples written in `target`, with what could not be carried over (without `keep`, only
    what would be: no converted copy is held)."""
    conversion = Conversion(target, keep)
    if report.format in (Format.CSV, Format.TSV):
        header, rows = read_table(source.lines(), "\t" if report.format == Format.TSV else ",")
        columns = table_columns(header)
        for line, row, _ in rows:
            if line in report.valid_lines:
                conversion.add(line, table_row_to_chat(row, columns))
        return conversion
    for line, record in _valid_lines_and_records(source, report):
        chat, _ = to_chat(record, report.record_format)
        if isinstance(chat, dict):
            conversion.add(line, chat)
    return conversion
