"""What an analysis found: the report of one dataset file, and its JSON form for the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lib.dataset.formats import Format
from lib.dataset.pii import PiiTally
from lib.dataset.stats import Distribution, summarise


@dataclass(frozen=True)
class Problem:
    line: int  # 0 for the file as a whole
    key: str
    message: str
    severity: str  # "error" or "warning"


@dataclass(frozen=True)
class ExampleRow:
    line: int
    total_tokens: int
    assistant_tokens: int
    n_messages: int
    valid: bool


@dataclass(frozen=True)
class ValidTokens:
    """The valid examples' token counts in the few totals a bill needs."""

    examples: int
    total: int  # as counted
    capped_total: int  # each example capped at the training limit: what one epoch bills
    longest: int  # the longest example, capped

    @classmethod
    def of(cls, tokens: Sequence[int], training_context: int | None) -> ValidTokens:
        capped = [min(count, training_context) if training_context else count for count in tokens]
        return cls(len(capped), sum(tokens), sum(capped), max(capped, default=0))


@dataclass(frozen=True)
class DatasetReport:
    file_name: str
    format: Format
    format_note: str
    decoding_note: str
    model: str
    encoding: str
    training_context: int
    n_examples: int
    n_valid: int
    errors: dict[str, int]
    warnings: dict[str, int]
    problems: tuple[Problem, ...]
    problems_total: int
    examples: tuple[ExampleRow, ...]
    total_tokens: int
    assistant_tokens: int
    n_over_limit: int
    over_limit_tokens: int
    n_epochs: int
    epochs_chosen: bool
    billed_tokens: int
    n_duplicates: int
    pii: PiiTally
    notes: tuple[str, ...]
    provider: str = "openai"
    door_label: str = ""
    record_format: Format = Format.CHAT  # each example's format, whatever the file's layout
    tokens_exact: bool = True
    tokens_basis: str = ""
    door_source: str = ""

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def warning_count(self) -> int:
        return sum(self.warnings.values())

    @property
    def tokens_per_epoch(self) -> int:
        """Billed tokens of one pass: each valid example capped at the training limit."""
        return self.billed_tokens // self.n_epochs if self.n_epochs else 0

    @property
    def valid_lines(self) -> frozenset[int]:
        return frozenset(row.line for row in self.examples if row.valid)

    @property
    def valid_example_tokens(self) -> list[int]:
        return [row.total_tokens for row in self.examples if row.valid]

    @cached_property
    def valid_tokens(self) -> ValidTokens:
        """Totalled once per report: links and prices ask on every rerun, and a file can hold a million examples."""
        return ValidTokens.of(self.valid_example_tokens, self.training_context)

    @cached_property
    def _distributions(self) -> dict[str, Distribution | None]:
        return {
            "total_tokens_per_example": summarise([row.total_tokens for row in self.examples]),
            "assistant_tokens_per_example": summarise([row.assistant_tokens for row in self.examples]),
            "messages_per_example": summarise([row.n_messages for row in self.examples]),
        }

    def distributions(self) -> dict[str, Distribution | None]:
        """Summaries of tokens and messages per example, sorted once per report however often asked."""
        return self._distributions

    def to_dict(self, max_problems: int = 100) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "format": self.format.value,
            "record_format": self.record_format.value,
            "format_description": self.format_note,
            "provider": self.provider,
            "door": self.door_label,
            "door_rules_source": self.door_source or None,
            "decoding_note": self.decoding_note or None,
            "model": self.model,
            "encoding": self.encoding,
            "tokens_exact": self.tokens_exact,
            "tokens_basis": self.tokens_basis,
            "training_context": self.training_context,
            "n_examples": self.n_examples,
            "n_valid": self.n_valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [
                {"line": p.line, "key": p.key, "message": p.message, "severity": p.severity}
                for p in self.problems[:max_problems]
            ],
            "problems_total": self.problems_total,
            "total_tokens": self.total_tokens,
            "assistant_tokens": self.assistant_tokens,
            "n_over_limit": self.n_over_limit,
            "over_limit_tokens": self.over_limit_tokens,
            "n_epochs": self.n_epochs,
            "epochs_source": "chosen" if self.epochs_chosen else "default rule",
            "billed_tokens": self.billed_tokens,
            "n_duplicates": self.n_duplicates,
            "personal_data": {
                kind: {"count": self.pii.counts[kind], "first_lines": self.pii.lines[kind],
                       "masked_samples": self.pii.samples[kind]}
                for kind in self.pii.counts
            },
            "distributions": {
                name: (summary.to_dict() if summary else None) for name, summary in self.distributions().items()
            },
            "notes": list(self.notes),
        }
