"""Every dataset format the app reads and writes, found from a file's content.

A record's format is the first in RECORD_FORMATS whose `matches` accepts it; they are listed most specific first,
so a Bedrock conversation (which also has `messages`) is never taken for chat, nor a preference pair (which holds
chat messages) for chat. Files whose layout is not one JSON object per line (JSON arrays, pretty-printed JSON,
CSV/TSV) are read record by record and can be downloaded converted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lib.dataset.formats.base import Chat, Format, Problem, RecordFormat, Written
from lib.dataset.formats.bedrock_conversation import BEDROCK_CONVERSATION
from lib.dataset.formats.openai_chat import OPENAI_CHAT
from lib.dataset.formats.preference import PREFERENCE
from lib.dataset.formats.prompt_completion import PROMPT_COMPLETION
from lib.dataset.formats.tables import (
    TableColumns,
    TableError,
    WrongColumns,
    looks_like_table,
    read_table,
    row_from_chat,
    table_columns,
    table_row_to_chat,
    write_table,
)
from lib.dataset.formats.text import TEXT
from lib.dataset.formats.vertex_gemini import VERTEX_GEMINI
from lib.dataset.formats.vertex_messages import VERTEX_MESSAGES

__all__ = [
    "DESCRIPTIONS", "RECORD_FORMATS", "WRITABLE", "Chat", "Conversion", "Fit", "Format", "Problem", "RecordFormat",
    "TableColumns", "TableError", "WrongColumns", "Writer", "Written", "convert", "detect_jsonl_kind", "kind_of_object",
    "looks_like_table", "read_table", "record_format", "table_columns", "table_row_to_chat", "to_chat",
]

RECORD_FORMATS: tuple[RecordFormat, ...] = (
    BEDROCK_CONVERSATION, VERTEX_GEMINI, PREFERENCE, VERTEX_MESSAGES, OPENAI_CHAT, PROMPT_COMPLETION, TEXT,
)
_BY_FORMAT = {record.format: record for record in RECORD_FORMATS}


@dataclass(frozen=True)
class Writer:
    extension: str  # of the file it writes
    write: Callable[[Chat], Written]


# Formats a file can be converted to: chat-shaped formats through their own module, tables a row at a time.
WRITABLE: dict[Format, Writer] = {
    **{record.format: Writer("jsonl", record.from_chat)
       for record in (OPENAI_CHAT, PREFERENCE, VERTEX_GEMINI, VERTEX_MESSAGES, BEDROCK_CONVERSATION,
                      PROMPT_COMPLETION)},
    Format.CSV: Writer("csv", row_from_chat), Format.TSV: Writer("tsv", row_from_chat),
}

LAYOUT_DESCRIPTIONS = {
    Format.CSV: "CSV with prompt and completion columns; each row is read as a user message and an assistant reply",
    Format.TSV: "TSV with prompt and completion columns; each row is read as a user message and an assistant reply",
    Format.JSON_ARRAY: "a JSON array; fine-tuning needs one JSON object per line (JSONL), so it was read element "
                       "by element and can be downloaded converted",
    Format.PRETTY_JSON: "pretty-printed JSON (objects spread over several lines); fine-tuning needs one JSON "
                        "object per line (JSONL), so it was read object by object and can be downloaded converted",
    Format.UNKNOWN_JSONL: "JSONL whose objects have none of the known fields (messages, contents, prompt/completion, "
                          "input/preferred_output, text); checked as chat examples",
}
DESCRIPTIONS: dict[Format, str] = {**{record.format: record.description for record in RECORD_FORMATS},
                                   **LAYOUT_DESCRIPTIONS}
LABELS: dict[Format, str] = {**{record.format: record.label for record in RECORD_FORMATS},
                             Format.CSV: "CSV table", Format.TSV: "TSV table"}


def record_format(kind: Format) -> RecordFormat | None:
    return _BY_FORMAT.get(kind)


def kind_of_object(record: object) -> Format | None:
    if not isinstance(record, dict):
        return None
    return next((candidate.format for candidate in RECORD_FORMATS if candidate.matches(record)), None)


def detect_jsonl_kind(first_records: Iterable[object]) -> Format:
    """The format most of the first parsed records have."""
    votes = Counter(kind for kind in map(kind_of_object, first_records) if kind)
    return votes.most_common(1)[0][0] if votes else Format.UNKNOWN_JSONL


def to_chat(record: object, kind: Format) -> tuple[object, list[Problem]]:
    """The record as a chat example, plus (key, message) problems found converting it."""
    reader = _BY_FORMAT.get(kind)
    if reader is None or not isinstance(record, dict):
        return record, []
    return reader.to_chat(record)


def convert(chat: Chat, target: Format) -> Written:
    """One chat example written in `target`."""
    writer = WRITABLE.get(target)
    return writer.write(chat) if writer else Written(None, (f"{target.value} cannot be written",))


# What a door does to an example before it is written for it: the example it can take, and what it left out.
Fit = Callable[[Chat], tuple[Chat, list[str]]]


@dataclass
class Conversion:
    """What a whole file's conversion produced: the records, and what could not be carried over.

    An example written with something left out is counted as not fully converted (`incomplete`), so a
    conversion that loses images never reads as "100 of 100 valid"."""

    target: Format
    keep: bool = True  # False: only count and say what is lost (the page's summary), holding no copy
    fit: Fit | None = None  # the target door's own limits (media, reasoning), when converting for a door
    records: list[dict] = field(default_factory=list)
    written: int = 0
    skipped_because: Counter[str] = field(default_factory=Counter)
    first_skipped: dict[str, int] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)  # what was left out of examples that were kept
    added: Counter[str] = field(default_factory=Counter)  # what the target required and was made up
    incomplete: list[int] = field(default_factory=list)  # positions (from 0) of examples written with losses
    first_incomplete: int = 0  # the source line of the first

    def add(self, line: int, chat: Chat) -> None:
        lost: list[str] = []
        if "non_preferred_output" in chat and self.target != Format.PREFERENCE:
            chat = {key: value for key, value in chat.items() if key != "non_preferred_output"}
            lost.append(f"the non-preferred (rejected) reply of each preference pair ({self.target_label} trains "
                        "on one reply per example)")
        if self.fit is not None:
            chat, refused = self.fit(chat)
            lost += refused
        written = convert(chat, self.target)
        if written.record is None:
            self.skipped_because.update(written.dropped)
            for reason in written.dropped:
                self.first_skipped.setdefault(reason, line)
            return
        lost += written.dropped
        if lost:
            self.first_incomplete = self.first_incomplete or line
            self.incomplete.append(self.written)
        self.written += 1
        if self.keep:
            self.records.append(written.record)
        self.dropped.update(dict.fromkeys(lost, 1))
        self.added.update(written.added)

    def text(self) -> str:
        if self.target in (Format.CSV, Format.TSV):
            return write_table(self.records, "\t" if self.target == Format.TSV else ",")
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in self.records)

    @property
    def target_label(self) -> str:
        return LABELS.get(self.target, self.target.value)

    @property
    def complete(self) -> int:
        """Examples written with nothing left out."""
        return self.written - len(self.incomplete)

    def summary(self) -> list[str]:
        """Sentences on what was not carried over, for the page and the CLI."""
        lines = [f"{count:,} example(s) could not be converted, because {self.target_label} cannot hold {reason}; "
                 f"the first is at line {self.first_skipped[reason]}."
                 for reason, count in self.skipped_because.items()]
        lines += [f"Left out of {count:,} example(s): {what}." for what, count in self.dropped.items()]
        lines += [f"Added to {count:,} example(s): {what}." for what, count in self.added.items()]
        if self.incomplete:
            lines.append(f"{len(self.incomplete):,} of {self.written:,} written example(s) are not fully converted "
                         f"(something above was left out of each; the first is from line {self.first_incomplete}).")
        return lines
