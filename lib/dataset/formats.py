"""Which shape a dataset has, found from its content, and how each shape becomes chat examples.

Every shape is turned into OpenAI chat examples (`{"messages": [...]}`), so validation and token
counting have one path; the report says which shape was found and what was converted.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Format(StrEnum):
    CHAT = "chat_jsonl"
    COMPLETION = "completion_jsonl"
    PREFERENCE = "preference_jsonl"
    CSV = "csv"
    TSV = "tsv"
    JSON_ARRAY = "json_array"
    UNKNOWN_JSONL = "unknown_jsonl"


DESCRIPTIONS = {
    Format.CHAT: "OpenAI chat JSONL ({\"messages\": [...]} per line)",
    Format.COMPLETION: "legacy prompt/completion JSONL; each line is read as a user message and an assistant reply",
    Format.PREFERENCE: "preference (DPO) JSONL with input, preferred_output and non_preferred_output",
    Format.CSV: "CSV with prompt and completion columns; each row is read as a user message and an assistant reply",
    Format.TSV: "TSV with prompt and completion columns; each row is read as a user message and an assistant reply",
    Format.JSON_ARRAY: "a JSON array; fine-tuning needs one JSON object per line (JSONL), so it was read element "
                       "by element and can be downloaded converted",
    Format.UNKNOWN_JSONL: "JSONL whose objects have none of the known fields (messages, prompt/completion, "
                          "input/preferred_output); checked as chat examples",
}

# Column names accepted for CSV/TSV, in order of preference.
PROMPT_COLUMNS = ("prompt", "input", "question", "user")
COMPLETION_COLUMNS = ("completion", "output", "response", "answer", "assistant")
SYSTEM_COLUMNS = ("system", "system_prompt")


class WrongColumns(ValueError):
    """A table without usable columns; the message is meant for the user."""


def kind_of_object(record: object) -> Format | None:
    if not isinstance(record, dict):
        return None
    if "messages" in record:
        return Format.CHAT
    if "prompt" in record and "completion" in record:
        return Format.COMPLETION
    if "input" in record and ("preferred_output" in record or "non_preferred_output" in record):
        return Format.PREFERENCE
    return None


def detect_jsonl_kind(first_records: list[object]) -> Format:
    """The shape most of the first parsed records have."""
    votes: dict[Format, int] = {}
    for record in first_records:
        kind = kind_of_object(record)
        if kind:
            votes[kind] = votes.get(kind, 0) + 1
    return max(votes, key=lambda kind: votes[kind]) if votes else Format.UNKNOWN_JSONL


def looks_like_table(first_line: str, file_name: str = "") -> Format | None:
    """CSV or TSV by content first: a first line that is a JSON object or array is never a table row,
    whatever the file is called or however many commas its text holds."""
    if _is_json_container(first_line):
        return None
    lowered = file_name.lower()
    if lowered.endswith(".tsv") or ("\t" in first_line and not first_line.lstrip().startswith(("{", "["))):
        return Format.TSV
    if lowered.endswith(".csv") or (not first_line.lstrip().startswith(("{", "[")) and "," in first_line):
        return Format.CSV
    return None


def _is_json_container(line: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(stripped), dict | list)
    except (ValueError, RecursionError):
        return False


def _message(role: str, content: object) -> dict[str, Any]:
    return {"role": role, "content": content}


def to_chat(record: object, kind: Format) -> tuple[object, list[tuple[str, str]]]:
    """The record as a chat example, plus (key, message) problems found converting it."""
    if kind in (Format.CHAT, Format.UNKNOWN_JSONL, Format.JSON_ARRAY) or not isinstance(record, dict):
        return record, []
    if kind == Format.COMPLETION:
        problems = [("missing_field", f"The '{name}' field is missing or not text.")
                    for name in ("prompt", "completion") if not isinstance(record.get(name), str)]
        return {"messages": [_message("user", record.get("prompt")),
                             _message("assistant", record.get("completion"))]}, problems
    # preference: input.messages, then the preferred reply (what the model is pushed towards)
    problems = []
    source = record.get("input")
    messages = source.get("messages") if isinstance(source, dict) else None
    if not isinstance(messages, list):
        problems.append(("missing_field", "'input' must be an object with a 'messages' list."))
        messages = []
    preferred = record.get("preferred_output")
    rejected = record.get("non_preferred_output")
    for name, value in (("preferred_output", preferred), ("non_preferred_output", rejected)):
        if not isinstance(value, list) or not value:
            problems.append(("missing_field", f"'{name}' must be a non-empty list of assistant messages."))
    replies = preferred if isinstance(preferred, list) else []
    return {"messages": [*messages, *replies], "tools": record.get("tools")} if record.get("tools") else {
        "messages": [*messages, *replies]}, problems


@dataclass(frozen=True)
class TableColumns:
    prompt: str
    completion: str
    system: str | None


def table_columns(header: list[str]) -> TableColumns:
    names = {name.strip().lower(): name for name in header}

    def pick(options: tuple[str, ...]) -> str | None:
        return next((names[option] for option in options if option in names), None)

    prompt, completion = pick(PROMPT_COLUMNS), pick(COMPLETION_COLUMNS)
    if prompt is None or completion is None:
        shown = ", ".join(repr(name) for name in header[:8]) or "none"
        raise WrongColumns(
            f"The table needs a prompt column ({' or '.join(PROMPT_COLUMNS)}) and a completion column "
            f"({' or '.join(COMPLETION_COLUMNS)}); its header has {shown}."
        )
    return TableColumns(prompt, completion, pick(SYSTEM_COLUMNS))


class TableError(ValueError):
    """A row the CSV reader could not read; the message is meant for the user."""


def read_table(
    lines: Iterator[tuple[int, str, int]], delimiter: str
) -> tuple[list[str], Iterator[tuple[int, dict[str, str], int]]]:
    """The header, and (line where the row starts, row by column name, bytes read) for each row.

    csv handles quoted cells that span lines itself; we only keep track of line numbers.
    """
    # Long answers are normal in training data; csv's default 128 KB cell limit is not.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    position = [0]

    def text() -> Iterator[str]:
        for _, line, read in lines:
            position[0] = read
            yield line + "\n"

    reader = csv.reader(text(), delimiter=delimiter, strict=True)
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise TableError(f"The header line could not be read as {_name(delimiter)}: {error}.") from None

    def rows() -> Iterator[tuple[int, dict[str, str], int]]:
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise TableError(f"Line {reader.line_num}: the row could not be read as {_name(delimiter)}: "
                                 f"{error}.") from None
            if any(cell.strip() for cell in row):
                yield start, dict(zip(header, row, strict=False)), position[0]
            start = reader.line_num + 1

    return header, rows()


def _name(delimiter: str) -> str:
    return "TSV" if delimiter == "\t" else "CSV"


def table_row_to_chat(row: dict[str, str], columns: TableColumns) -> dict[str, Any]:
    messages = []
    if columns.system and row.get(columns.system, "").strip():
        messages.append(_message("system", row[columns.system]))
    messages.append(_message("user", row.get(columns.prompt, "")))
    messages.append(_message("assistant", row.get(columns.completion, "")))
    return {"messages": messages}
