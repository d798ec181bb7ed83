"""One pass over a dataset file: parse, convert, validate, count tokens, find personal data and duplicates.

The file is streamed: lines are parsed one at a time and examples are counted in batches, so memory
grows with the number of examples (a few integers each), not with the file's text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from lib.advice.rules import load_rules
from lib.catalog.availability import rule_for
from lib.catalog.models import model_facts
from lib.dataset.checking import ExamplePass, Tally
from lib.dataset.doors import DoorRules, check_file_for_door, door_rules
from lib.dataset.formats import (
    DESCRIPTIONS,
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
from lib.dataset.reading import TextSource, UnreadableFile
from lib.dataset.records import (
    DETECT_RECORDS,
    WHOLE_FILE_NOTES,
    detect_jsonl,
    first_line,
    numbered_records,
    parse_line,
    spread_over_lines,
)
from lib.dataset.report import DatasetReport
from lib.dataset.tokenizer import tokenizer_for
from lib.dataset.tokens import (
    TokenCounter,
    billed_tokens,
    default_epochs,
)

PROGRESS_LINES = 2000
PROGRESS_BYTES = 4_000_000
Progress = Callable[[float], None]


def _fingerprint(text: str) -> int:
    # Python's 64-bit string hash: two different examples share one with odds of about n^2 / 2^65 (3 in 100
    # million for a million lines), and it costs a fraction of a cryptographic digest of every line.
    return hash(text.strip())


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


def _jsonl(source: TextSource, kind: Format, step: ExamplePass, progress: Progress | None) -> None:
    report_progress = _Reporter(progress, source.size)
    for number, line, position in source.lines():
        report_progress(number, position)
        if not line.strip():
            step.tally.report(number, "empty_line", "Empty line (skipped).", is_error=False)
            continue
        record, problem = parse_line(line)
        if problem:
            step.tally.n_examples += 1
            step.tally.report(number, "invalid_json", problem, is_error=True)
            continue
        example, conversion = to_chat(record, kind)
        step.example(number, example, _fingerprint(line), conversion)


def _set_kind(step: ExamplePass, kind: Format) -> None:
    step.tally.kind = kind
    reader = record_format(kind)
    step.chat_checks = reader.chat_checks if reader else True


def _whole_file(source: TextSource, layout: Format, step: ExamplePass) -> bool:
    """Check the records of a file read whole (JSON array, pretty-printed JSON); False when it is not that layout."""
    numbered = numbered_records(source, layout)
    if numbered is None:
        return False
    kind = detect_jsonl_kind([record for _, record in numbered[:DETECT_RECORDS]])
    _set_kind(step, kind)
    step.tally.notes.append(WHOLE_FILE_NOTES[layout].format(count=len(numbered)))
    for number, record in numbered:
        example, conversion = to_chat(record, kind)
        step.example(number, example, _fingerprint(json.dumps(record, sort_keys=True)), conversion)
    return True


def _table(source: TextSource, kind: Format, step: ExamplePass, progress: Progress | None) -> None:
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


def _read_any(source: TextSource, file_name: str, step: ExamplePass, progress: Progress | None) -> Format:
    first = first_line(source)
    table = looks_like_table(first, file_name)
    if table:
        _table(source, table, step, progress)
        return table
    if first.lstrip().startswith("[") and _whole_file(source, Format.JSON_ARRAY, step):
        return Format.JSON_ARRAY
    if spread_over_lines(first) and _whole_file(source, Format.PRETTY_JSON, step):
        return Format.PRETTY_JSON
    kind = detect_jsonl(source)
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
    fast: bool = False,
) -> DatasetReport:
    """Everything a careful engineer checks before paying for a training job at one door.

    `provider` picks the door whose rules and tokenizer apply (default: the model's own provider); `model` the
    model whose tokenizer and training limit count (default: the door's default model). Without `door_checks`
    only the format's own rules apply (what a conversion starts from); `fast` counts with fastokens (the same counts,
faster, at more memory: lib/dataset/tokenizer.py). Raises UnreadableFile
    (with a sentence for the user) only when the file cannot be analysed at all; an unknown provider or model
    raises KeyError.
    """
    provider, model = door_and_model(provider, model)
    facts = model_facts(model)
    rules = door_rules(provider)
    door = _Door(provider, rule_for(provider).label, rules.for_model(facts.id) if rules and door_checks else None)
    tokenizer = tokenizer_for(facts.id, fast)
    counter = TokenCounter(tokenizer)
    tally = Tally()
    step = ExamplePass(counter, tally, door.rules, door.label)
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


def _check_record_tokens(tally: Tally, door: _Door, model: str) -> None:
    """Each record against the door's own limit on one record's tokens for this model (Nova's context)."""
    facts = door.rules.models.get(model) if door.rules else None
    limit = facts.record_tokens if facts else 0
    if not limit:
        return
    documented = facts is not None and facts.confidence == "own_page"  # an assumed limit only warns
    for index, row in enumerate(tally.examples):
        if row.total_tokens > limit:
            if documented:
                tally.examples[index] = replace(row, valid=False)
            said = "takes at most" if documented else "is assumed to take at most (no page states it)"
            tally.report(row.line, "door_record_tokens", f"{row.total_tokens:,} tokens; {door.label} {said} "
                         f"{limit:,} in one record for {model}.", is_error=documented)


def _finish(tally: Tally, found: Format, source: TextSource, file_name: str, model: str, door: _Door,
            encoding: str, tokens_exact: bool, tokens_basis: str, training_context: int,
            epochs: int | None) -> DatasetReport:
    _check_record_tokens(tally, door, model)
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
        for finding in check_file_for_door(tally.kind, len(valid), door.rules, door.label, tally.media_examples,
                                           frozenset(tally.media_kinds)):
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
        problems=tuple(tally.problems()),
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
