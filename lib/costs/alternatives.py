"""The ways to run today's model more cheaply without fine-tuning, read from data/alternatives.toml: prompt caching
of the static prefix (the few-shot examples), a batch API where answers may wait, and a smaller sibling model with
the same prompt. Each becomes an option of the comparison, priced by the same monthly function as the rest."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lib.catalog.base_prices import price_ref_of
from lib.catalog.prices import Price
from lib.costs.money import CachedPrefix
from lib.paths import data_file


@dataclass(frozen=True)
class CachingRule:
    how: str
    min_prefix_tokens: int
    write_multiplier: Decimal
    lifetime: str
    source: str
    read_on: date
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class BatchRule:
    discount: Decimal
    source: str
    read_on: date
    confidence: str


@dataclass(frozen=True)
class Alternatives:
    caching: dict[str, CachingRule]
    batch: dict[str, BatchRule]
    smaller: dict[str, str]
    default_hit_rate: Decimal
    hit_rate_basis: str


def _decimal(value: object) -> Decimal:
    return Decimal(str(value))


@cache
def load_alternatives(path: Path | None = None) -> Alternatives:
    with (path or data_file("alternatives.toml")).open("rb") as file:
        data = tomllib.load(file)
    caching = {key: CachingRule(**{**row, "write_multiplier": _decimal(row["write_multiplier"])})
               for key, row in data["caching"].items()}
    batch = {key: BatchRule(**{**row, "discount": _decimal(row["discount"])}) for key, row in data["batch"].items()}
    return Alternatives(caching, batch, dict(data["smaller"]), _decimal(data["default_hit_rate"]),
                        data["hit_rate_basis"])


def price_family(model: str) -> str:
    """The provider part of the model's genai-prices reference: whose caching and batch rules apply."""
    ref = price_ref_of(model)
    return ref.partition("/")[0] if ref else ""


def cached_prefix(model: str, price: Price, prefix_tokens: int, hit_rate: Decimal) -> tuple[CachedPrefix | None, str]:
    """The cached prefix for this model's prompt, or None with the reason it cannot be cached."""
    rule = load_alternatives().caching.get(price_family(model))
    if rule is None:
        return None, f"no prompt caching rule is recorded for {model}'s provider"
    if price.cached_input_per_1m is None or price.input_per_1m is None:
        return None, f"no cached-input price is published for {model}"
    if prefix_tokens < rule.min_prefix_tokens:
        return None, (f"the few-shot prefix ({prefix_tokens:,} tokens) is shorter than the {rule.min_prefix_tokens:,} "
                      "tokens the provider caches")
    return CachedPrefix(prefix_tokens, hit_rate, price.cached_input_per_1m,
                        price.input_per_1m * rule.write_multiplier), ""


def batch_discount(model: str) -> BatchRule | None:
    return load_alternatives().batch.get(price_family(model))


def smaller_model(model: str) -> str | None:
    return load_alternatives().smaller.get(model)


def larger_model(model: str, default: str) -> str | None:
    """A model larger than today's to compare with: the one whose smaller sibling it is, else `default` unless that
    is today's model itself; None when the catalog knows none larger."""
    found = next((larger for larger, smaller in load_alternatives().smaller.items() if smaller == model), None)
    if found:
        return found
    return None if model == default else default
