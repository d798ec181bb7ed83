"""Turning uploaded bytes into numbered text lines, or one clear sentence on why that is impossible.

UTF-8 files are streamed line by line so a large file is never held twice; files with a UTF-16 byte
order mark are decoded whole (they are rare and small). Anything else that is not UTF-8 is refused.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lib.files import FileProblem, checked_path, read_checked


class UnreadableFile(ValueError):
    """The file cannot be read as text at all; the message is meant for the user."""


_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook or a .zip file, for example)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"PAR1", "a Parquet file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.xls or .doc)"),
)

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class TextSource:
    """Where the text comes from and how it was decoded; `lines()` can be called more than once."""

    size: int
    decoding_note: str
    _data: bytes | None = None
    _path: Path | None = None
    _utf16: bool = False
    _cr_only: bool = False

    def _stream(self) -> BinaryIO:
        if self._path is not None:
            return self._path.open("rb")
        return io.BytesIO(self._data or b"")

    def lines(self) -> Iterator[tuple[int, str, int]]:
        """(line number from 1, text without its line ending, bytes read so far)."""
        if self._utf16 or self._cr_only:
            with self._stream() as stream:
                data = stream.read()
            text = data.decode("utf-16") if self._utf16 else _decode_utf8(data.removeprefix(codecs.BOM_UTF8))
            # only "\n" ends a line (str.splitlines would also split on U+2028, U+0085 and others,
            # which are ordinary characters inside a JSON string); "\r" alone where the file uses it
            separator = "\r" if self._cr_only else "\n"
            width = 2 if self._utf16 else 1
            position = 0
            for number, line in enumerate(text.removesuffix(separator).split(separator), start=1):
                position += (len(line) + 1) * width
                yield number, line.removesuffix("\r"), min(position, self.size)
            return
        position = 0
        with self._stream() as stream:
            for number, raw in enumerate(stream, start=1):
                position += len(raw)
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                yield number, _decode_utf8(raw, number).removesuffix("\n").removesuffix("\r"), position


def _decode_utf8(raw: bytes, number: int | None = None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = f"line {number} has an invalid byte at column {error.start + 1}" if number else (
            f"byte {error.start + 1} is invalid")
        raise UnreadableFile(f"This file is not UTF-8 text: {where}. Save it as UTF-8 (in Excel: 'CSV UTF-8') "
                             "and upload it again.") from None


CR_ONLY_NOTE = ("The file's lines end with a carriage return only (an old Mac convention); each was read as "
                "one line.")


def _cr_only(head: bytes) -> bool:
    return b"\r" in head and b"\n" not in head


def _describe_binary(head: bytes) -> str | None:
    for magic, description in _MAGIC:
        if head.startswith(magic):
            return description
    if b"\x00" in head:
        return "a binary file"
    return None


def _check_head(head: bytes, size: int) -> tuple[str, bool]:
    """The decoding note and whether the file is UTF-16, or UnreadableFile."""
    if size == 0:
        raise UnreadableFile("The file is empty: it has no examples to check.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "The file was UTF-16 with a byte order mark; it was decoded as such.", True
    binary = _describe_binary(head)
    if binary:
        raise UnreadableFile(
            f"This looks like {binary}, not a text file. Fine-tuning data must be JSONL (one JSON object "
            "per line) or CSV text."
        )
    note = "The file starts with a UTF-8 byte order mark; it was decoded as UTF-8." if head.startswith(
        codecs.BOM_UTF8) else ""
    stripped = head.removeprefix(codecs.BOM_UTF8)
    if size <= len(head) and not stripped.strip():
        raise UnreadableFile("The file holds only blank space: it has no examples to check.")
    return note, False


def _with_line_endings(note: str, head: bytes, utf16: bool) -> tuple[str, bool]:
    cr_only = not utf16 and _cr_only(head)
    return (" ".join(filter(None, (note, CR_ONLY_NOTE))) if cr_only else note), cr_only


def from_bytes(data: bytes) -> TextSource:
    head = data[:SNIFF_BYTES]
    note, utf16 = _check_head(head, len(data))
    if utf16:
        _decode_utf16_or_refuse(data)
    note, cr_only = _with_line_endings(note, head, utf16)
    return TextSource(len(data), note, _data=data, _utf16=utf16, _cr_only=cr_only)


# Files such as those under /proc report a size of 0 yet have content; they are read whole, up to this.
MAX_UNSIZED_BYTES = 256 * 1024 * 1024


def from_path(path: str | Path) -> TextSource:
    try:
        file = checked_path(path)
        head = read_checked(file, limit=SNIFF_BYTES)
        size = file.stat().st_size
        if size == 0 and head:
            return from_bytes(read_checked(file, limit=MAX_UNSIZED_BYTES))
    except FileProblem as error:
        raise UnreadableFile(str(error)) from None
    note, utf16 = _check_head(head, size)
    if utf16:
        _decode_utf16_or_refuse(file.read_bytes())
    note, cr_only = _with_line_endings(note, head, utf16)
    return TextSource(size, note, _path=file, _utf16=utf16, _cr_only=cr_only)


def _decode_utf16_or_refuse(data: bytes) -> None:
    try:
        data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"This file starts like UTF-16 text but has invalid bytes at offset {error.start}. "
            "Save it as UTF-8 and upload it again."
        ) from None
