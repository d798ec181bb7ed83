"""What every command shares: the one-sentence error, the argument parser that raises it, and bounded readers
for numbers and dates."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from lib.numbers import NumberError, parse_amount, parse_whole

if TYPE_CHECKING:  # the parser stays light: modules a command needs are imported when it runs
    from lib.catalog.prices import Price

USAGE_ERROR = 2
MAX_JSON_PROBLEMS = 1000


class CliError(Exception):
    """A user mistake; its message is printed as is."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("python -m lib").strip()
        hint = f"python -m lib {command} --help" if command else "python -m lib --help"
        raise CliError(f"{message[0].upper()}{message[1:]}. Run '{hint}' for usage.")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


# Bounds for what a person can mean on the command line; anything outside is a slip, said in one sentence.
MAX_TOKENS = 10**15
MAX_HOURS = Decimal(87_600)  # ten years


def bounded(parse: Callable[..., object], *bounds: object) -> Callable[[str], object]:
    def read(text: str) -> object:
        try:
            return parse(text, "the value", *bounds)
        except NumberError as problem:
            raise argparse.ArgumentTypeError(str(problem).removeprefix("the value ").rstrip(".")) from None
    return read


count_arg = bounded(parse_whole, 0, MAX_TOKENS)


def epochs_arg(text: str) -> object:
    from lib.dataset.tokens import MAX_CHOSEN_EPOCHS

    return bounded(parse_whole, 1, MAX_CHOSEN_EPOCHS)(text)


def price_arg(text: str) -> object:
    from lib.catalog.prices import MAX_PRICE

    return bounded(parse_amount, 0, MAX_PRICE)(text)


hours_arg = bounded(parse_amount, 0, MAX_HOURS)
share_arg = bounded(parse_amount, 0, 1)


def number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount.quantize(Decimal("0.000001")))


def price_json(price: Price) -> dict[str, object]:
    return {
        "provider": price.provider, "model": price.model, "kind": price.kind, "method": price.method or None,
        "tier": price.tier or None,
        "training_per_1m": number(price.training_per_1m), "training_per_hour": number(price.training_per_hour),
        "training_minimum": number(price.training_minimum),
        "input_per_1m": number(price.input_per_1m), "cached_input_per_1m": number(price.cached_input_per_1m),
        "output_per_1m": number(price.output_per_1m), "hosting_per_hour": number(price.hosting_per_hour),
        "storage_per_month": number(price.storage_per_month), "serving": price.serving,
        "source": price.source, "as_of": price.effective.isoformat(),
        "read_on": price.read_on.isoformat() if price.read_on else None, "confidence": price.confidence,
    }
