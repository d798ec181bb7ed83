"""The price table: dated, sourced rows read from data/prices.toml, checked on load, looked up by date.

Money is Decimal so published prices stay exact ($0.008 x 300,000 is $2.40, not 2.4000000000000004);
charts convert to float at the edge.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lib.numbers import NumberError, parse_amount, shown
from lib.paths import data_file

KINDS = ("base", "fine_tuned")
METHODS = ("", "lora", "full")
SERVING = ("per_token", "hosted", "dedicated")
CONFIDENCE = ("own_page", "third_party", "inferred")
_TIER = re.compile(r"[a-z0-9_]{0,40}")
MONEY_FIELDS = ("training_per_1m", "training_per_hour", "training_minimum", "input_per_1m", "cached_input_per_1m",
                "output_per_1m", "hosting_per_hour", "storage_per_month")
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
    method: str = ""
    training_per_1m: Decimal | None = None
    training_per_hour: Decimal | None = None
    training_minimum: Decimal = Decimal(0)
    input_per_1m: Decimal | None = None
    cached_input_per_1m: Decimal | None = None
    output_per_1m: Decimal | None = None
    hosting_per_hour: Decimal = Decimal(0)
    storage_per_month: Decimal = Decimal(0)
    serving: str = "per_token"
    gpu: str = ""  # for a dedicated endpoint: the GPU (data/gpus.toml id) its hourly price is for, per GPU
    params_min_b: float | None = None  # open-weight size band, in billions: (min, max]
    params_max_b: float | None = None
    read_on: date | None = None
    confidence: str = "own_page"
    note: str = ""

    @property
    def label(self) -> str:
        kind = "fine-tuned" if self.kind == "fine_tuned" else "base"
        details = ", ".join(filter(None, (self.method if self.method == "lora" else "", self.tier)))
        return f"{self.provider} {self.model}, {kind}" + (f" ({details})" if details else "")

    @property
    def training_billing(self) -> str:
        if self.training_per_1m is not None:
            return "per_token"
        if self.training_per_hour is not None:
            return "per_hour"
        return "unknown"

    @property
    def citation(self) -> str:
        read = f", read {self.read_on.isoformat()}" if self.read_on else ""
        return (f"{self.source} (in force from {self.effective.isoformat()}{read}; "
                f"{CONFIDENCE_WORDS[self.confidence]})")

    def key(self) -> tuple[str, str, str, str, str]:
        return self.provider, self.model, self.kind, self.method, self.tier

    def covers(self, params_b: float) -> bool:
        """Whether this size-band row prices a model of `params_b` billion parameters."""
        return (self.params_min_b is not None and self.params_max_b is not None
                and self.params_min_b < params_b <= self.params_max_b)


CONFIDENCE_WORDS = {"own_page": "the provider's own page", "third_party": "a third-party copy of the provider's page",
                    "inferred": "inferred from other figures"}


# Far above any published price (the dearest output token is about $600 per 1M; an 8-GPU machine
# about $100 an hour), so a real contract price always fits and a slip of the finger does not.
MAX_PRICE = Decimal(10_000)


def _money(value: object, field: str, where: str) -> Decimal:
    try:
        return parse_amount(value, f"{where}: {field}", 0, MAX_PRICE)
    except NumberError as problem:
        raise PriceError(str(problem)) from None


def _date(value: object, field: str, where: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, date):
        return value
    raise PriceError(f"{where}: {field} must be a date (YYYY-MM-DD); got {shown(value)}.")


def _choice(row: Mapping[str, Any], field: str, allowed: Sequence[str], where: str, default: str = "") -> str:
    value = row.get(field, default)
    if value not in allowed:
        raise PriceError(f"{where}: {field} must be one of {', '.join(v or '(blank)' for v in allowed)}; "
                         f"got {shown(value)}.")
    return str(value)


def parse_price(row: Mapping[str, Any], where: str = "price row", providers: Sequence[str] | None = None) -> Price:
    known = {f.name for f in fields(Price)}
    unknown = [key for key in row if key not in known]
    if unknown:
        raise PriceError(f"{where}: unknown column {shown(unknown[0])}.")
    for required in ("provider", "model", "kind", "effective", "source"):
        if not row.get(required) and row.get(required) != 0:
            raise PriceError(f"{where}: {required} is required.")
    providers = providers if providers is not None else provider_ids()
    if row["provider"] not in providers:
        raise PriceError(f"{where}: provider must be one of {', '.join(providers)} (availability.toml); "
                         f"got {shown(row['provider'])}.")
    kind = _choice(row, "kind", KINDS, where)
    method = _choice(row, "method", METHODS, where)
    serving = _choice(row, "serving", SERVING, where, "per_token")
    confidence = _choice(row, "confidence", CONFIDENCE, where, "own_page")
    tier = row.get("tier", "")
    if not isinstance(tier, str) or not _TIER.fullmatch(tier):
        raise PriceError(f"{where}: tier must be a short lowercase name such as global or standard; "
                         f"got {shown(tier)}.")
    money = {name: _money(row[name], name, where) for name in MONEY_FIELDS
             if name in row and row[name] is not None and row[name] != ""}
    if "training_per_1m" in money and "training_per_hour" in money:
        raise PriceError(f"{where}: give training per 1M tokens or per hour, not both.")
    if kind == "base" and ("training_per_1m" in money or "training_per_hour" in money
                           or money.get("training_minimum")):
        raise PriceError(f"{where}: a base model row has no training price.")
    band = [row.get("params_min_b"), row.get("params_max_b")]
    if (band[0] is None) != (band[1] is None) or (band[0] is not None and not 0 <= band[0] < band[1]):
        raise PriceError(f"{where}: a size band needs params_min_b below params_max_b.")
    return Price(
        provider=row["provider"], model=str(row["model"]), kind=kind, method=method, tier=tier, serving=serving,
        effective=_date(row["effective"], "effective", where),
        read_on=_date(row["read_on"], "read_on", where) if row.get("read_on") else None,
        confidence=confidence, source=str(row["source"]), note=str(row.get("note", "")), gpu=_gpu(row, where),
        params_min_b=band[0], params_max_b=band[1],
        **{name: value for name, value in money.items()
           if name not in ("hosting_per_hour", "storage_per_month", "training_minimum")},
        hosting_per_hour=money.get("hosting_per_hour", Decimal(0)),
        storage_per_month=money.get("storage_per_month", Decimal(0)),
        training_minimum=money.get("training_minimum", Decimal(0)),
    )


def _gpu(row: Mapping[str, Any], where: str) -> str:
    gpu = row.get("gpu", "")
    if not isinstance(gpu, str) or not _TIER.fullmatch(gpu.replace("-", "_")):
        raise PriceError(f"{where}: gpu must be a GPU id from gpus.toml, such as h100-80gb; got {shown(gpu)}.")
    return gpu


def parse_prices(rows: Iterable[Mapping[str, Any]], providers: Sequence[str] | None = None) -> tuple[Price, ...]:
    prices = tuple(parse_price(row, f"price row {number}", providers) for number, row in enumerate(rows, start=1))
    seen: set[tuple[str, str, str, str, str, date]] = set()
    for price in prices:
        identity = (*price.key(), price.effective)
        if identity in seen:
            raise PriceError(f"Two rows for {price.label} from {price.effective}.")
        seen.add(identity)
    return prices


def provider_ids() -> tuple[str, ...]:
    from lib.catalog.availability import load_availability  # the doors are defined there, once

    return tuple(rule.provider for rule in load_availability()[0])


@cache
def load_prices(path: Path | None = None) -> tuple[Price, ...]:
    path = path or data_file("prices.toml")
    with path.open("rb") as file:
        return parse_prices(tomllib.load(file)["prices"])


def price_on(prices: Iterable[Price], provider: str, model: str, kind: str, on: date, tier: str | None = None,
             method: str | None = None, params_b: float | None = None) -> Price | None:
    """The row in force on a date: the newest one that took effect on or before it.

    `model` matches a row's model id, or, for size-band rows, `params_b` falls in its band. With no tier
    (or method) given, any tier (or method) may answer: the newest row wins, ties going to the first in
    file order; callers that mean the provider's default tier pass it (availability.toml names it).
    """
    candidates = [p for p in prices if p.provider == provider and p.kind == kind and p.effective <= on
                  and (p.model == model or (params_b is not None and p.covers(params_b)))
                  and (tier is None or p.tier == tier) and (method is None or p.method == method)]
    if not candidates:
        return None
    newest = max(price.effective for price in candidates)
    return next(price for price in candidates if price.effective == newest)


def price_dates(prices: Iterable[Price], today: date, chosen: date | None = None) -> list[date]:
    """The dates worth choosing for "prices in force on": today, each date a price took effect, and the date
    already chosen (from a link, say), newest first."""
    dates = {today, *(price.effective for price in prices if price.effective <= today)}
    if chosen is not None:
        dates.add(chosen)
    return sorted(dates, reverse=True)


def tiers_of(prices: Iterable[Price], provider: str) -> list[str]:
    """The provider's tiers in file order (the first is its default)."""
    return list(dict.fromkeys(price.tier for price in prices if price.provider == provider and price.tier))


def current_rows(prices: Iterable[Price], on: date) -> list[Price]:
    """One row per provider x model x kind x method x tier: the one in force on the date."""
    latest: dict[tuple[str, str, str, str, str], Price] = {}
    for price in prices:
        if price.effective <= on and (price.key() not in latest or price.effective > latest[price.key()].effective):
            latest[price.key()] = price
    return sorted(latest.values(), key=lambda p: (p.provider, p.model, p.kind, p.method, p.tier))


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
    row: dict[str, Any] = {"provider": price.provider, "model": price.model, "kind": price.kind,
                           "method": price.method, "tier": price.tier}
    for name in MONEY_FIELDS:
        value = getattr(price, name)
        row[name] = float(value) if value is not None else None
    row.update(serving=price.serving, gpu=price.gpu, params_min_b=price.params_min_b, params_max_b=price.params_max_b,
               effective=price.effective.isoformat(), read_on=price.read_on.isoformat() if price.read_on else None,
               confidence=price.confidence, source=price.source, note=price.note)
    return row


def _row_key(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(name) or "") for name in ("provider", "model", "kind", "method", "tier", "effective"))


def apply_edits(prices: Iterable[Price], edited_rows: Iterable[Mapping[str, Any]]) -> tuple[Price, ...]:
    """The table with edited rows in place of the rows they edit; every edited amount is checked like a table value."""
    prices = tuple(prices)
    originals = {_row_key(to_row(price)): price for price in prices}
    changed: dict[tuple[str, ...], Price] = {}
    for number, row in enumerate(edited_rows, start=1):
        clean = {key: (None if _blank(value) else value) for key, value in row.items()}
        key = _row_key(clean)
        original = originals.get(key)
        if original is None:
            raise PriceError(f"Edited row {number}: provider, model, kind, method, tier and date cannot be "
                             "changed here.")
        before = to_row(original)
        where = f"Edited row {number} ({original.label})"
        amounts = {name: None if clean.get(name) is None else _money(clean.get(name), name, where)
                   for name in MONEY_FIELDS if clean.get(name) != before[name]}
        for name in ("hosting_per_hour", "storage_per_month", "training_minimum"):
            if name in amounts and amounts[name] is None:
                amounts[name] = Decimal(0)
        # an amount equal to the published one ("2.50" for 2.5, blank for a zero fee) is not an edit
        amounts = {name: value for name, value in amounts.items() if value != getattr(original, name)}
        edits = list(amounts)
        if not edits:
            continue
        edited = replace(original, **amounts, source=f"{original.source}; edited in the app: {', '.join(edits)}")
        if edited.training_per_1m is not None and edited.training_per_hour is not None:
            raise PriceError(f"{where}: give training per 1M tokens or per hour, not both.")
        changed[key] = edited
    return tuple(changed.get(key, price) for key, price in originals.items())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value == ""


# --- Edited prices in a shared link ---------------------------------------------------------------------------
EDIT_PARAM = "edit."  # edit.1, edit.2, ...: "provider|model|kind|method|tier|effective|field|amount"
MAX_LINKED_EDITS = 50


def edits_to_query(prices: Iterable[Price], published: Iterable[Price]) -> dict[str, str]:
    """The amounts that differ from the published table, one query parameter each."""
    shipped = {_row_key(to_row(price)): to_row(price) for price in published}
    query: dict[str, str] = {}
    for price in prices:
        row = to_row(price)
        before = shipped.get(_row_key(row))
        if before is None:
            continue
        for name in MONEY_FIELDS:
            if row[name] != before[name]:
                amount = "" if row[name] is None else format(getattr(price, name), "f")
                query[f"{EDIT_PARAM}{len(query) + 1}"] = "|".join((*_row_key(row), name, amount))
    return query


def edits_from_query(params: Mapping[str, str | list[str]],
                     published: tuple[Price, ...]) -> tuple[tuple[Price, ...] | None, list[str]]:
    """The published table with a link's edits applied (None when it carries none), and a sentence for each edit
    that could not be used."""
    originals = {_row_key(to_row(price)): to_row(price) for price in published}
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    dropped: list[str] = []
    edits = [(key, raw[-1] if isinstance(raw, list) else raw) for key, raw in params.items()
             if key.startswith(EDIT_PARAM)]
    if len(edits) > MAX_LINKED_EDITS:
        dropped.append(f"The link carries {len(edits):,} edited prices; only the first {MAX_LINKED_EDITS} were used.")
    for key, text in edits[:MAX_LINKED_EDITS]:
        parts = str(text).split("|")
        row_key, (name, amount) = tuple(parts[:6]), (parts[6:8] if len(parts) == 8 else ("", ""))
        if len(parts) != 8 or row_key not in originals or name not in MONEY_FIELDS:
            dropped.append(f"{shown(key)} does not name a price row and amount of the table; it was ignored.")
            continue
        rows.setdefault(row_key, dict(originals[row_key]))[name] = amount or None
    if not rows:
        return None, dropped
    try:
        applied = apply_edits(published, rows.values())
        # amounts equal to the published ones change nothing, so the table is not "edited"
        return (None if applied == published else applied), dropped
    except PriceError as problem:
        return None, [*dropped, f"The link's edited prices were not used: {problem}"]
