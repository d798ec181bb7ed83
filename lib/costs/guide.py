"""The client's guide's figures, recomputed from the price table so anyone can check them.

The guide (shared/seed/llm-fine-tuning-guide.md) prices models by the average of their input and output
price and runs them at 1,000,000 tokens an hour for a 720-hour month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lib.catalog.prices import MILLION, Price, price_on
from lib.costs.money import HOURS_PER_MONTH

GUIDE_DATE = date(2023, 11, 6)
GUIDE_TOKENS_PER_HOUR = 1_000_000
GUIDE_PROVIDERS = ("openai", "azure")  # the two fine-tuning services the guide compared
GUIDE_MODELS = (("gpt-3.5-turbo", "base"), ("gpt-3.5-turbo", "fine_tuned"), ("gpt-4-turbo", "base"))


@dataclass(frozen=True)
class GuideRow:
    label: str
    average_per_1k: Decimal
    monthly_usd: Decimal
    price: Price


def average_price_per_1k(price: Price) -> Decimal:
    return ((price.input_per_1m or Decimal(0)) + (price.output_per_1m or Decimal(0))) / 2 / 1000


def monthly_at_tokens_per_hour(price: Price, tokens_per_hour: int = GUIDE_TOKENS_PER_HOUR) -> Decimal:
    """The guide's method: hours x tokens per hour x the average of input and output price."""
    return Decimal(tokens_per_hour) * HOURS_PER_MONTH * average_price_per_1k(price) * 1000 / MILLION


def monthly_table(prices: Sequence[Price], on: date = GUIDE_DATE,
                  tokens_per_hour: int = GUIDE_TOKENS_PER_HOUR) -> list[GuideRow]:
    rows = []
    for model, kind in GUIDE_MODELS:
        price = price_on(prices, "openai", model, kind, on)
        if price is not None:
            label = f"{model}, {'fine-tuned' if kind == 'fine_tuned' else 'base'}"
            rows.append(GuideRow(label, average_price_per_1k(price), monthly_at_tokens_per_hour(price, tokens_per_hour),
                                 price))
    return rows
