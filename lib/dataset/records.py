"""Records out of a dataset file: JSON lines parsed by one strict decoder, the layouts read whole (a JSON array,
pretty-printed objects), and the valid records read again for the cleaned download and for conversion."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lib.dataset.formats import (
    Conversion,
    Fit,
    Format,
    detect_jsonl_kind,
    read_table,
    table_columns,
    table_row_to_chat,
    to_chat,
)
from lib.dataset.reading import TextSource, UnreadableFile
from lib.dataset.report import DatasetReport

DETECT_RECORDS = 20
# Far above any model's training context; a longer line is reported, not parsed.
MAX_LINE_CHARS = 20_000_000


# A JSON escape of half a UTF-16 pair (\ud800-\udfff); a whole pair decodes to one character, a lone half does not.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]|\\u[dD][c-fC-F]")


def parse_line(line: str) -> tuple[object | None, str | None]:
    if len(line) > MAX_LINE_CHARS:
        return None, f"The line is {len(line):,} characters long, far more than any training example can hold."
    try:
        record = _DECODER.decode(line)
        if _SURROGATE_ESCAPE.search(line) and _holds_lone_surrogate(record):
            return None, ("It holds a lone surrogate (an escape like \\ud800 without its pair), half of a "
                          "character that no provider can read: remove it or write the whole character.")
        return record, None
    except json.JSONDecodeError as error:
        return None, f"Not valid JSON: {error.msg} (column {error.colno})."
    except _NonFiniteNumber as error:
        return None, f"Not valid JSON: {error} is not a JSON number, and fine-tuning APIs refuse it."
    except RecursionError:
        return None, "Not usable JSON: it is nested too deeply."
    except ValueError:
        # Python refuses integers of more than 4,300 digits (CVE-2020-10735); no real example has one
        return None, "Not usable JSON: it holds a number with thousands of digits."


def _holds_lone_surrogate(record: object) -> bool:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _NonFiniteNumber(name)


# One decoder for every line: json.loads with an option builds a new decoder on each call.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def first_line(source: TextSource) -> str:
    for _, line, _ in source.lines():
        if line.strip():
            return line
    raise UnreadableFile("The file holds only blank lines: it has no examples to check.")


def detect_jsonl(source: TextSource) -> Format:
    records = []
    for _, line, _ in source.lines():
        if line.strip():
            record, _problem = parse_line(line)
            if record is not None:
                records.append(record)
        if len(records) >= DETECT_RECORDS:
            break
    return detect_jsonl_kind(records)


def numbered_records(source: TextSource, layout: Format) -> list[tuple[int, object]] | None:
    """(number, record) of a file read whole: a JSON array's elements numbered from 1, or pretty-printed objects
    numbered by the line each starts on; None when the file is not laid out that way."""
    if layout == Format.JSON_ARRAY:
        record, problem = parse_line("\n".join(line for _, line, _ in source.lines()))
        return None if problem or not isinstance(record, list) else list(enumerate(record, start=1))
    return pretty_json_objects(source)


WHOLE_FILE_NOTES = {
    Format.JSON_ARRAY: "Line numbers for a JSON array are element numbers (the first element is 1).",
    Format.PRETTY_JSON: "The file holds {count:,} JSON objects spread over several lines each; line numbers are "
                        "where each object starts.",
}


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


def spread_over_lines(first: str) -> bool:
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
    for _, record in valid_lines_and_records(source, report):
        yield record


def valid_lines_and_records(source: TextSource, report: DatasetReport) -> Iterator[tuple[int, object]]:
    keep = report.valid_lines
    if report.format in WHOLE_FILE_NOTES:
        numbered = numbered_records(source, report.format) or []
        yield from ((number, record) for number, record in numbered if number in keep)
        return
    for number, line, _ in source.lines():
        if number in keep:
            yield number, parse_line(line)[0]


def convert_file(source: TextSource, report: DatasetReport, target: Format, keep: bool = True,
                 fit: Fit | None = None) -> Conversion:
    """The valid examples written in `target`, with what could not be carried over (without `keep`, only
    what would be: no converted copy is held); `fit` takes out what the target door does not train on."""
    conversion = Conversion(target, keep, fit)
    if report.format in (Format.CSV, Format.TSV):
        header, rows = read_table(source.lines(), "\t" if report.format == Format.TSV else ",")
        columns = table_columns(header)
        for line, row, _ in rows:
            if line in report.valid_lines:
                conversion.add(line, table_row_to_chat(row, columns))
        return conversion
    for line, record in valid_lines_and_records(source, report):
        chat, _ = to_chat(record, report.record_format)
        if isinstance(chat, dict):
            conversion.add(line, chat)
    return conversion
