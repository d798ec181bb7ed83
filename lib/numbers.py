"""Numbers from outside (a URL, an answers file, a CSV cell, a form, the command line), read one way.

People write "20,000", "20_000", " 20000 ", "2e4" or "20000.0" and mean the same number; they do not
mean "²", "①", "--5", "NaN" or a 5,000-digit integer. `str.isdigit()` and `Decimal()` both accept
non-ASCII digits that `int()` then refuses, so the text is matched against ASCII digits first and
every value is bounded before it is turned into an int, so no caller ever sees an overflow.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

# Long enough for any real count or price written out with separators, short enough to echo back.
MAX_TEXT = 40
MAX_EXPONENT = 30
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?:[,_]\d{3})+(?:\.\d*)?", re.ASCII)


class NumberError(ValueError):
    """A value that is not the number asked for; the message is one sentence for the user."""


def shown(raw: object, limit: int = MAX_TEXT) -> str:
    """A value as it may be echoed in a message: quoted, one line, at most `limit` characters between the quotes.

    Control and unprintable characters are written as escapes (a lone ESC as \\x1b), so the cut is made on the
    escaped form: 40 such characters would otherwise echo as 400."""
    if isinstance(raw, int) and raw.bit_length() > 128:
        return "a number with more digits than any count"  # str() of a 4,300-digit int raises
    text = " ".join(str(raw).split())
    quoted = repr(text)
    if len(quoted) <= limit + 2:
        return quoted
    cut = min(len(text), limit - 1)
    while cut > 0 and len(repr(text[:cut] + "…")) > limit + 2:
        cut -= 1
    return repr(text[:cut] + "…")


def _decimal(raw: object, what: str, kind: str = "a number") -> Decimal:
    if isinstance(raw, bool):
        raise NumberError(f"{what} must be {kind}; got {shown(raw)}.")
    if isinstance(raw, int):
        if raw.bit_length() > 128:
            raise NumberError(f"{what} is far too large to be meant.")
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NumberError(f"{what} must be {kind}; got {shown(raw)}.")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberError(f"{what} must be {kind}; got {shown(raw)}.")
        return raw
    if not isinstance(raw, str):
        raise NumberError(f"{what} must be {kind}; got {shown(raw)}.")
    text = raw.strip()
    if len(text) > MAX_TEXT:
        raise NumberError(f"{what} must be {kind} of at most {MAX_TEXT} characters; got {shown(text)}.")
    unsigned = text.lstrip("+-")
    if len(text) - len(unsigned) <= 1 and _GROUPED.fullmatch(unsigned):
        text = text.replace(",", "").replace("_", "")
    if not _NUMBER.fullmatch(text):
        raise NumberError(f"{what} must be {kind} written with the digits 0-9; got {shown(raw)}.")
    try:
        value = Decimal(text)
    except InvalidOperation:  # the pattern above should make this unreachable
        raise NumberError(f"{what} must be {kind}; got {shown(raw)}.") from None
    exponent = value.adjusted()
    if abs(exponent) > MAX_EXPONENT and value != 0:
        raise NumberError(f"{what} is far too {'large' if exponent > 0 else 'small'} to be meant; "
                          f"got {shown(raw)}.")
    return value


def parse_amount(raw: object, what: str, minimum: Decimal | int = 0, maximum: Decimal | int | None = None
                 ) -> Decimal:
    """A quantity that may have decimals (a price, hours, a share), within [minimum, maximum]."""
    value = _decimal(raw, what)
    if value < 0 <= minimum:
        raise NumberError(f"{what} must be a non-negative number; got {shown(raw)}.")
    _check_range(value, raw, what, minimum, maximum)
    return value + 0  # normalises -0 to 0


def parse_whole(raw: object, what: str, minimum: int = 0, maximum: int | None = None) -> int:
    """A count (requests, tokens, examples, epochs): a whole number within [minimum, maximum]."""
    value = _decimal(raw, what, "a whole number")
    if value != value.to_integral_value():
        raise NumberError(f"{what} must be a whole number; got {shown(raw)}.")
    _check_range(value, raw, what, minimum, maximum)
    return int(value)


def _check_range(value: Decimal, raw: object, what: str, minimum: Decimal | int,
                 maximum: Decimal | int | None) -> None:
    if minimum <= value and (maximum is None or value <= maximum):
        return
    if maximum is None:
        raise NumberError(f"{what} must be at least {_plain(minimum)}; got {shown(raw)}.")
    if value > maximum and minimum == 0:
        raise NumberError(f"{what} must be at most {_plain(maximum)}; got {shown(raw)}.")
    raise NumberError(f"{what} must be between {_plain(minimum)} and {_plain(maximum)}; got {shown(raw)}.")


def _plain(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():,f}"
