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

    def _stream(self) -> BinaryIO:
        if self._path is not None:
            return self._path.open("rb")
        return io.BytesIO(self._data or b"")

    def lines(self) -> Iterator[tuple[int, str, int]]:
        """(line number from 1, text without its line ending, bytes read so far)."""
        if self._utf16:
            with self._stream() as stream:
                text = stream.read().decode("utf-16")
            position = 0
            for number, line in enumerate(text.splitlines(), start=1):
                position += len(line) * 2 + 2
                yield number, line, min(position, self.size)
            return
        position = 0
        with self._stream() as stream:
            for number, raw in enumerate(stream, start=1):
                position += len(raw)
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise UnreadableFile(
                        f"This file is not UTF-8 text: line {number} has an invalid byte at column "
                        f"{error.start + 1}. Save it as UTF-8 (in Excel: 'CSV UTF-8') and upload it again."
                    ) from None
                yield number, line.rstrip("\r\n"), position


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


def from_bytes(data: bytes) -> TextSource:
    note, utf16 = _check_head(data[:SNIFF_BYTES], len(data))
    if utf16:
        _decode_utf16_or_refuse(data)
    return TextSource(len(data), note, _data=data, _utf16=utf16)


def from_path(path: str | Path) -> TextSource:
    try:
        file = checked_path(path)
        head = read_checked(file, limit=SNIFF_BYTES)
        size = file.stat().st_size
    except FileProblem as error:
        raise UnreadableFile(str(error)) from None
    note, utf16 = _check_head(head, size)
    if utf16:
        _decode_utf16_or_refuse(file.read_bytes())
    return TextSource(size, note, _path=file, _utf16=utf16)


def _decode_utf16_or_refuse(data: bytes) -> None:
    try:
        data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"This file starts like UTF-16 text but has invalid bytes at offset {error.start}. "
            "Save it as UTF-8 and upload it again."
        ) from None
