"""Opening a file named by a user, with one sentence for each way it can fail."""

from __future__ import annotations

from pathlib import Path


class FileProblem(ValueError):
    """The path cannot be read; the message is meant for the user."""


def checked_path(path: str | Path, what: str = "file") -> Path:
    file = Path(path)
    if not file.exists():
        raise FileProblem(f"No such {what}: {path}")
    if file.is_dir():
        raise FileProblem(f"{path} is a folder, not a {what}.")
    if not file.is_file():
        # a FIFO would block for ever and a terminal waits for typing: neither is a saved file
        raise FileProblem(f"{path} is a pipe, device or socket, not a saved {what}; save the data to a file "
                          "and give that file's name.")
    return file


def read_checked(path: str | Path, what: str = "file", limit: int | None = None) -> bytes:
    """The file's bytes, or at most `limit` of them (enough to tell that a file is too large)."""
    file = checked_path(path, what)
    try:
        with file.open("rb") as stream:
            return stream.read() if limit is None else stream.read(limit)
    except OSError as error:
        raise FileProblem(f"Cannot read {path}: {error.strerror}.") from None
