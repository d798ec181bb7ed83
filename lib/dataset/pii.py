"""Likely personal data in training text: email addresses, phone numbers and payment card numbers.

Patterns are deliberately plain; a card number must also pass the Luhn checksum, which removes most
long numbers that are not cards. Matches are only ever shown masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# One cheap pass finds runs of digits and separators; each run is then classified in Python.
# (Separate card and phone patterns with optional groups backtracked at every digit: 20x slower.)
# Starting on a plain character class lets the regex engine skip ahead quickly; a leading "+" or "("
# is picked up by looking back from the match.
NUMBER_RUN = re.compile(r"[0-9][0-9 ().-]{7,}[0-9]")
CARD_SEPARATORS = re.compile(r"^\d[\d -]*$")
DATE_LIKE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")
GROUPS = re.compile(r"\d+")

KINDS = ("email", "phone", "card")
LABELS = {"email": "email addresses", "phone": "phone numbers", "card": "payment card numbers"}
SAMPLE_LINES = 5


def has_digit(text: str) -> bool:
    # ten substring scans run at memchr speed; a regex or a per-character loop is many times slower
    return any(digit in text for digit in "0123456789")


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    name, _, top = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***.{top}"


def mask_digits(text: str, keep: int) -> str:
    """Every digit but the last `keep` replaced, separators kept so the shape stays recognisable."""
    total = sum(char.isdigit() for char in text)
    seen = 0
    out = []
    for char in text:
        if char.isdigit():
            seen += 1
            out.append(char if seen > total - keep else "•")
        else:
            out.append(char)
    return "".join(out)


def classify_number(run: str) -> str | None:
    """'card', 'phone' or None for a run of digits and separators."""
    digits = "".join(GROUPS.findall(run))
    if 13 <= len(digits) <= 19 and CARD_SEPARATORS.match(run) and luhn_valid(digits):
        return "card"
    if not 9 <= len(digits) <= 15 or DATE_LIKE.match(run):
        return None
    groups = GROUPS.findall(run)
    # phone numbers are written in groups of 2 or more digits, except a leading country code after "+"
    short = [group for group in groups[1 if run.startswith("+") else 0:] if len(group) < 2]
    return "phone" if not short and len(groups) <= 6 else None


def find_in_text(text: str) -> list[tuple[str, str]]:
    """(kind, masked match) for each likely piece of personal data in the text."""
    found: list[tuple[str, str]] = []
    if "@" in text:
        found += [("email", mask_email(match)) for match in EMAIL.findall(text)]
    if not has_digit(text):
        return found
    for match in NUMBER_RUN.finditer(text):
        start, end = match.span()
        if start and text[start - 1] == "(":
            start -= 1
        if start and text[start - 1] == "+":
            start -= 1
        if (start and (text[start - 1].isalnum() or text[start - 1] in "+-")) or (
                end < len(text) and text[end].isalnum()):
            continue  # part of a word, an id or a longer code
        run = text[start:end].strip(" .-()") if text[start] != "+" else text[start:end].rstrip(" .-()")
        kind = classify_number(run)
        if kind:
            found.append((kind, mask_digits(run, 4 if kind == "card" else 2)))
    return found


# Every finding holds at least MIN_DIGITS digits with only NUMBER_RUN's separators between them (a phone number 9, a
# card 13). A batch's bytes with those separators deleted and each digit turned into "1", every other byte but the
# texts' NUL separator into "0", are searched for MIN_DIGITS ones at memchr speed: far faster than the regex over
# every text, and far fewer texts are left for it than a search for any run of digits and separators leaves (a
# row of spaces, "1. 2 - 3" and the like).
MIN_DIGITS = 9
_DIGIT_CLASS = bytes(ord("1") if chr(byte) in "0123456789" else byte if byte == 0 else ord("0") for byte in range(256))
_RUN_SEPARATORS = b" ().-"
_SEPARATOR = "\x00"


def candidates(texts: list[str]) -> list[int]:
    """Indexes of the texts that may hold personal data: every text find_in_text finds anything in, and a few more.

    Most training texts hold none, so one pass over the whole batch at C speed leaves find_in_text only the few
    candidates: a text with an "@", or with MIN_DIGITS digits in a row once the separators a number may hold are
    taken out (all a card or phone number needs).
    """
    hits = {index for index, text in enumerate(texts) if "@" in text}
    if any(_SEPARATOR in text for text in texts):  # a text holds the separator: look text by text
        return sorted(hits | {index for index, text in enumerate(texts) if NUMBER_RUN.search(text)})
    classes = _SEPARATOR.join(texts).encode("utf-8", "surrogatepass").translate(_DIGIT_CLASS, _RUN_SEPARATORS)
    digits = b"1" * MIN_DIGITS
    position = classes.find(digits)
    index, counted = 0, 0
    while position >= 0:
        index += classes.count(b"\x00", counted, position)
        counted = position
        hits.add(index)
        end = classes.find(b"\x00", position)  # this text is in: go on from the next one
        position = -1 if end < 0 else classes.find(digits, end)
    return sorted(hits)


@dataclass
class PiiTally:
    """Counts, first line numbers and masked samples of each kind, across a whole file."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    lines: dict[str, list[int]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    samples: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def add(self, line: int, found: list[tuple[str, str]]) -> dict[str, list[str]]:
        """Record one line's findings (from find_in_text); return them grouped by kind."""
        by_kind: dict[str, list[str]] = {}
        for kind, masked in found:
            by_kind.setdefault(kind, []).append(masked)
        for kind, samples in by_kind.items():
            self.counts[kind] += len(samples)
            if len(self.lines[kind]) < SAMPLE_LINES and line not in self.lines[kind]:
                self.lines[kind].append(line)
            for sample in samples:
                if len(self.samples[kind]) < SAMPLE_LINES and sample not in self.samples[kind]:
                    self.samples[kind].append(sample)
        return by_kind

    @property
    def any_found(self) -> bool:
        return any(self.counts.values())
