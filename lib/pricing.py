"""The price table: dated, sourced rows read from data/prices.toml, checked on load, looked up by date.

Money is Decimal so published prices stay exact ($0.008 x 300,000 is $2.40, not 2.4000000000000004);
charts convert to float at the edge.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lib.numbers import NumberError, parse_amount
from lib.paths import DATA_DIR

PROVIDERS = ("openai", "azure", "fireworks")
KINDS = ("base", "fine_tuned")
TIERS = ("", "standard", "global", "developer")
MONEY_FIELDS = ("training_per_1m", "training_per_hour", "input_per_1m", "cached_input_per_1m", "output_per_1m",
                "hosting_per_hour")
MILLION = Decimal(1_000_000)


class PriceError(ValueError):
    """A price row or an edited price that cannot be used; the message is meant for the user."""


@dataclass(frozen=True)
class Price:
    provider: str
    model: str
    kind: str
    effective: date
    source: str
    tier: str = ""
    training_per_1m: Decimal | None = None
    training_per_hour: Decimal | None = None
    input_per_1m: Decimal | None = None
    cached_input_per_1m: Decimal | None = None
    output_per_1m: Decimal | None = None
    hosting_per_hour: Decimal = Decimal(0)
    note: str = ""

    @property
    def label(self) -> str:
        kind = "fine-tuned" if self.kind == "fine_tuned" else "base"
        tier = f" ({self.tier})" if self.tier else ""
        return f"{self.provider} {self.model}, {kind}{tier}"

    @property
    def training_billing(self) -> str:
        if self.training_per_1m is not None:
            return "per_token"
        if self.training_per_hour is not None:
            return "per_hour"
        return "unknown"

    @property
    def citation(self) -> str:
        return f"{self.source} (in force from {self.effective.isoformat()})"

    def key(self) -> tuple[str, str, str, str]:
        return self.provider, self.model, self.kind, self.tier


# Far above any published price (the dearest output token is about $600 per 1M; an 8-GPU machine
# about $100 an hour), so a real contract price always fits and a slip of the finger does not.
MAX_PRICE = Decimal(10_000)


def _money(value: object, field: str, where: str) -> Decimal:
    try:
        return parse_amount(value, f"{where}: {field}", 0, MAX_PRICE)
    except NumberError as problem:
        raise PriceError(str(problem)) from None


def parse_price(row: Mapping[str, Any], where: str = "price row") -> Price:
    known = {f.name for f in fields(Price)}
    unknown = [key for key in row if key not in known]
    if unknown:
        raise PriceError(f"{where}: unknown column {unknown[0]!r}.")
    for required in ("provider", "model", "kind", "effective", "source"):
        if not row.get(required) and row.get(required) != 0:
            raise PriceError(f"{where}: {required} is required.")
    if row["provider"] not in PROVIDERS:
        raise PriceError(f"{where}: provider must be one of {', '.join(PROVIDERS)}; got {row['provider']!r}.")
    if row["kind"] not in KINDS:
        raise PriceError(f"{where}: kind must be base or fine_tuned; got {row['kind']!r}.")
    tier = row.get("tier", "")
    if tier not in TIERS:
        raise PriceError(f"{where}: tier must be one of standard, global, developer; got {tier!r}.")
    effective = row["effective"]
    if isinstance(effective, str):
        try:
            effective = date.fromisoformat(effective)
        except ValueError:
            raise PriceError(f"{where}: effective must be a date (YYYY-MM-DD); got {effective!r}.") from None
    if not isinstance(effective, date):
        raise PriceError(f"{where}: effective must be a date (YYYY-MM-DD); got {effective!r}.")
    money = {name: _money(row[name], name, where) for name in MONEY_FIELDS
             if name in row and row[name] is not None and row[name] != ""}
    if "training_per_1m" in money and "training_per_hour" in money:
        raise PriceError(f"{where}: give training per 1M tokens or per hour, not both.")
    if row["kind"] == "base" and ("training_per_1m" in money or "training_per_hour" in money):
        raise PriceError(f"{where}: a base model row has no training price.")
    return Price(
        provider=row["provider"], model=str(row["model"]), kind=row["kind"], effective=effective,
        source=str(row["source"]), tier=tier, note=str(row.get("note", "")),
        **{name: value for name, value in money.items() if name != "hosting_per_hour"},
        hosting_per_hour=money.get("hosting_per_hour", Decimal(0)),
    )


def parse_prices(rows: Iterable[Mapping[str, Any]]) -> tuple[Price, ...]:
    prices = tuple(parse_price(row, f"price row {number}") for number, row in enumerate(rows, start=1))
    seen: set[tuple[str, str, str, str, date]] = set()
    for price in prices:
        identity = (*price.key(), price.effective)
        if identity in seen:
            raise PriceError(f"Two rows for {price.label} from {price.effective}.")
        seen.add(identity)
    return prices


@cache
def load_prices(path: Path = DATA_DIR / "prices.toml") -> tuple[Price, ...]:
    with path.open("rb") as file:
        return parse_prices(tomllib.load(file)["prices"])


def price_on(
    prices: Iterable[Price], provider: str, model: str, kind: str, on: date, tier: str | None = None
) -> Price | None:
    """The row in force on a date: the newest one that took effect on or before it.

    With no tier given, Azure prefers its standard tier, then global, then developer.
    """
    candidates = [p for p in prices if p.provider == provider and p.model == model and p.kind == kind
                  and p.effective <= on and (tier is None or p.tier == tier)]
    if not candidates:
        return None
    order = {"": 0, "standard": 0, "global": 1, "developer": 2}
    return max(candidates, key=lambda p: (p.effective, -order[p.tier]))


def current_rows(prices: Iterable[Price], on: date) -> list[Price]:
    """One row per provider x model x kind x tier: the one in force on the date."""
    latest: dict[tuple[str, str, str, str], Price] = {}
    for price in prices:
        if price.effective <= on and (price.key() not in latest or price.effective > latest[price.key()].effective):
            latest[price.key()] = price
    return sorted(latest.values(), key=lambda p: (p.provider, p.model, p.kind, p.tier))


def models_priced(prices: Iterable[Price], provider: str, kind: str, on: date) -> list[str]:
    return sorted({p.model for p in prices if p.provider == provider and p.kind == kind and p.effective <= on})


def with_overrides(price: Price, **overrides: object) -> Price:
    """The row with some prices replaced (a CLI flag, a private contract); each checked like a table value."""
    changes: dict[str, Any] = {}
    for name, value in overrides.items():
        if value is None:
            continue
        if name not in MONEY_FIELDS:
            raise PriceError(f"Unknown price field {name!r}.")
        changes[name] = _money(value, name, "your price")
    if not changes:
        return price
    edited = ", ".join(sorted(changes))
    if changes.get("training_per_1m") is not None:
        changes["training_per_hour"] = None  # a per-token price replaces hourly billing
    return replace(price, **changes, source=f"{price.source}; edited: {edited}")


def to_row(price: Price) -> dict[str, Any]:
    """A flat dict (for tables, CSV and the price editor); money as float for display widgets."""
    row: dict[str, Any] = {"provider": price.provider, "model": price.model, "kind": price.kind, "tier": price.tier}
    for name in MONEY_FIELDS:
        value = getattr(price, name)
        row[name] = float(value) if value is not None else None
    row.update(effective=price.effective.isoformat(), source=price.source, note=price.note)
    return row


def apply_edits(prices: Iterable[Price], edited_rows: Iterable[Mapping[str, Any]]) -> tuple[Price, ...]:
    """The table with edited rows in place of the rows they edit; every edited row is checked like a table row."""
    originals = {(*price.key(), price.effective.isoformat()): price for price in prices}
    changed: dict[tuple[str, str, str, str, str], Price] = {}
    for number, row in enumerate(edited_rows, start=1):
        clean = {key: (None if _blank(value) else value) for key, value in row.items()}
        key = (clean.get("provider"), clean.get("model"), clean.get("kind"), clean.get("tier") or "",
               str(clean.get("effective")))
        original = originals.get(key)  # type: ignore[arg-type]
        if original is None:
            raise PriceError(f"Edited row {number}: provider, model, kind, tier and date cannot be changed here.")
        money = {name: clean.get(name) for name in MONEY_FIELDS}
        if money == {name: (float(v) if (v := getattr(original, name)) is not None else None) for name in MONEY_FIELDS}:
            continue
        values = {name: money[name] for name in MONEY_FIELDS if money[name] is not None}
        checked = parse_price({"provider": original.provider, "model": original.model, "kind": original.kind,
                               "tier": original.tier, "effective": original.effective,
                               "source": f"{original.source}; edited in the app", "note": original.note, **values},
                              f"Edited row {number} ({original.label})")
        changed[key] = checked  # type: ignore[index]
    return tuple(changed.get(key, price) for key, price in originals.items())  # type: ignore[arg-type]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value == ""
