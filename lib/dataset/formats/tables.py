"""CSV and TSV with prompt and completion columns: each row is a user message and an assistant reply, with an
optional system column. No provider takes a table for training; they are read, checked and converted.
A table is text read line by line, so a carriage return at the end of a line inside a quoted cell reads as a
plain line break.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lib.dataset.formats.base import FORMULA_STARTS, Chat, Format, Written, safe_cell
from lib.dataset.formats.prompt_completion import one_exchange

# Column names accepted for CSV/TSV, in order of preference.
PROMPT_COLUMNS = ("prompt", "input", "question", "user")
COMPLETION_COLUMNS = ("completion", "output", "response", "answer", "assistant")
SYSTEM_COLUMNS = ("system", "system_prompt")


class WrongColumns(ValueError):
    """A table without usable columns; the message is meant for the user."""


def looks_like_table(first_line: str, file_name: str = "") -> Format | None:
    """CSV or TSV by content first: a first line that is a JSON object or array is never a table row,
    whatever the file is called or however many commas its text holds."""
    if _is_json_container(first_line):
        return None
    lowered = file_name.lower()
    if not lowered.endswith((".csv", ".tsv")) and _is_json(first_line):
        return None  # a JSON value (a line like "," of a JSONL file) is a record, never a header
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


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


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


def unquoted(cell: str) -> str:
    """A cell's text without the quote a spreadsheet (and safe_cell) puts before text that would run as a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def table_row_to_chat(row: dict[str, str], columns: TableColumns) -> dict[str, Any]:
    messages = []
    if columns.system and row.get(columns.system, "").strip():
        messages.append({"role": "system", "content": unquoted(row[columns.system])})
    messages.append({"role": "user", "content": unquoted(row.get(columns.prompt, ""))})
    messages.append({"role": "assistant", "content": unquoted(row.get(columns.completion, ""))})
    return {"messages": messages}


def row_from_chat(chat: Chat) -> Written:
    """One example as a {"system", "prompt", "completion"} row, when it is a single plain-text exchange; cells that
    a spreadsheet would run as a formula are neutralised (as in every CSV the app writes)."""
    written = one_exchange(chat, "a table row")
    if written.record is None:
        return written
    if any("\x00" in text for text in written.record.values()):
        return Written(None, ("text holding a NUL character, which a CSV or TSV file cannot hold",))
    return Written({key: safe_cell(text) for key, text in written.record.items()}, written.dropped)


def write_table(rows: Iterable[dict[str, str]], delimiter: str) -> str:
    buffer = io.StringIO()
    # every cell quoted, so a carriage return or tab inside a cell never reads as the end of a row or cell
    writer = csv.DictWriter(buffer, fieldnames=["system", "prompt", "completion"], delimiter=delimiter,
                            lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
