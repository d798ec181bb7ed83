"""Likely personal data in training text: email addresses, phone numbers and payment card numbers.

Patterns are deliberately plain; a card number must also pass the Luhn checksum, which removes most
long numbers that are not cards. Matches are only ever shown masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?!\w)"
                   r"|(?<![\w+])\+\d{8,14}(?!\w)")
DATE_LIKE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$")

KINDS = ("email", "phone", "card")
LABELS = {"email": "email addresses", "phone": "phone numbers", "card": "payment card numbers"}
SAMPLE_LINES = 5


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


def find_in_text(text: str) -> list[tuple[str, str]]:
    """(kind, masked match) for each likely piece of personal data in the text."""
    found: list[tuple[str, str]] = []
    if "@" in text:
        found += [("email", mask_email(match)) for match in EMAIL.findall(text)]
    if not any(char.isdigit() for char in text):
        return found
    card_spans = []
    for match in CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(("card", mask_digits(match.group(), 4)))
            card_spans.append(match.span())
    for match in PHONE.finditer(text):
        start, end = match.span()
        if any(start < card_end and card_start < end for card_start, card_end in card_spans):
            continue
        candidate = match.group()
        digits = re.sub(r"\D", "", candidate)
        if not 9 <= len(digits) <= 15 or DATE_LIKE.match(candidate):
            continue
        found.append(("phone", mask_digits(candidate, 2)))
    return found


@dataclass
class PiiTally:
    """Counts, first line numbers and masked samples of each kind, across a whole file."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    lines: dict[str, list[int]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    samples: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})

    def add(self, line: int, texts: list[str]) -> None:
        for text in texts:
            for kind, masked in find_in_text(text):
                self.counts[kind] += 1
                if len(self.lines[kind]) < SAMPLE_LINES and line not in self.lines[kind]:
                    self.lines[kind].append(line)
                if len(self.samples[kind]) < SAMPLE_LINES and masked not in self.samples[kind]:
                    self.samples[kind].append(masked)

    @property
    def any_found(self) -> bool:
        return any(self.counts.values())
