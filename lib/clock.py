"""What "today" is, from one place, so availability and prices are judged on a date tests can pin.

Set FINE_TUNE_ADVISOR_TODAY=YYYY-MM-DD (the tests do, for the app they start) or call `pin()`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

ENVIRONMENT_VARIABLE = "FINE_TUNE_ADVISOR_TODAY"
_pinned: date | None = None


def today() -> date:
    if _pinned is not None:
        return _pinned
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        try:
            return date.fromisoformat(configured)
        except ValueError:
            raise ValueError(f"{ENVIRONMENT_VARIABLE} must be a date (YYYY-MM-DD); got {configured!r}.") from None
    return date.today()


def pin(day: date | None) -> None:
    """Make `today()` return `day` (None: the real date again)."""
    global _pinned
    _pinned = day


@contextmanager
def pinned(day: date) -> Iterator[None]:
    previous = _pinned
    pin(day)
    try:
        yield
    finally:
        pin(previous)
