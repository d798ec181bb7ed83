"""How old the catalog's prices are, and a team's own price file (CSV or TOML) loaded beside them.

A price row is stale when it was read more than STALE_AFTER_DAYS before today (lib/clock.py). A team's own
file uses the catalog's columns, one billed amount per CSV line:

    provider,model,kind,tier,billed,amount,source,date
    azure,gpt-4.1-mini,fine_tuned,global,training_per_1m,4.50,our contract,2026-12-01

`billed` is one of the catalog's money columns (training_per_1m, input_per_1m, hosting_per_hour, ...); `method`
and `serving` columns are optional. Lines of one provider, model, kind, tier, method and date make one price
row. A TOML file holds [[prices]] rows exactly as data/prices.toml does. Every bad line is refused in one
sentence naming it; nothing is guessed.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from lib.catalog.prices import MONEY_FIELDS, Price, PriceError, parse_price, parse_prices

STALE_AFTER_DAYS = 90
MAX_FILE_BYTES = 1_000_000
REQUIRED = ("provider", "model", "kind", "billed", "amount", "source", "date")
OPTIONAL = ("tier", "method", "serving")


def stale_rows(prices: Iterable[Price], today: date, days: int = STALE_AFTER_DAYS) -> list[Price]:
    """Rows read more than `days` before `today` (rows with no read date count as stale), oldest first."""
    limit = today - timedelta(days=days)
    old = [price for price in prices if price.read_on is None or price.read_on < limit]
    return sorted(old, key=lambda price: (price.read_on or date.min, price.provider, price.model))


def _csv_rows(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise PriceError(f"Line 1: the header needs the columns {', '.join(REQUIRED)}; {missing[0]} is missing.")
    unknown = [name for name in columns if name not in (*REQUIRED, *OPTIONAL)]
    if unknown:
        raise PriceError(f"Line 1: unknown column {unknown[0]!r}; use {', '.join((*REQUIRED, *OPTIONAL))}.")
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for line in reader:
        number = reader.line_num
        row = {key.strip(): (value or "").strip() for key, value in line.items() if key is not None}
        if None in line:
            raise PriceError(f"Line {number}: more values than columns.")
        if row["billed"] not in MONEY_FIELDS:
            raise PriceError(f"Line {number}: billed must be one of {', '.join(MONEY_FIELDS)}; got {row['billed']!r}.")
        key = tuple(row.get(name, "") for name in ("provider", "model", "kind", "tier", "method", "date"))
        group = groups.setdefault(key, {"_line": number, "provider": row["provider"], "model": row["model"],
                                        "kind": row["kind"], "tier": row.get("tier", ""),
                                        "method": row.get("method", ""), "effective": row["date"],
                                        "read_on": row["date"], "source": row["source"],
                                        "confidence": "own_page"})
        if row.get("serving"):
            group["serving"] = row["serving"]
        if row["billed"] in group:
            raise PriceError(f"Line {number}: {row['billed']} is given twice for {row['provider']} {row['model']}.")
        try:
            parse_price({**{k: v for k, v in group.items() if k != "_line"}, row["billed"]: row["amount"]},
                        f"Line {number}")
        except PriceError as problem:
            raise PriceError(str(problem)) from None
        group[row["billed"]] = row["amount"]
    return list(groups.values())


def parse_price_file(text: str, name: str = "price file") -> tuple[Price, ...]:
    """A team's price rows from CSV or TOML text; PriceError (one sentence, with its line) on the first bad one."""
    if name.lower().endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as problem:
            raise PriceError(f"{name} is not valid TOML: {problem}.") from None
        rows = data.get("prices")
        if not isinstance(rows, list) or not rows or not all(isinstance(row, dict) for row in rows):
            raise PriceError(f"{name} needs [[prices]] rows as in data/prices.toml.")
        return parse_prices(rows)
    rows = _csv_rows(text)
    if not rows:
        raise PriceError(f"{name} has a header but no price lines.")
    prices = []
    for row in rows:
        line = row.pop("_line")
        prices.append(parse_price(row, f"Line {line}"))
    return tuple(prices)  # one row per provider, model, kind, tier, method and date, by construction


def load_price_file(path: str | Path) -> tuple[Price, ...]:
    """Read a team's price file from disk (at most 1 MB), for the CLI and the page."""
    from lib.files import FileProblem, read_checked

    try:
        raw = read_checked(str(path), "price file", limit=MAX_FILE_BYTES + 1)
    except FileProblem as problem:
        raise PriceError(str(problem)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise PriceError(f"{path} is over 1 MB; a price file is a few hundred lines at most.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PriceError(f"{path} is not UTF-8 text; save it as CSV (UTF-8) or TOML.") from None
    return parse_price_file(text, Path(path).name)


def with_team_prices(catalog: Iterable[Price], team: Iterable[Price]) -> tuple[Price, ...]:
    """The catalog with the team's rows added; a team row replaces a catalog row of the same key and date."""
    team = tuple(team)
    replaced = {(*price.key(), price.effective) for price in team}
    return tuple(price for price in catalog if (*price.key(), price.effective) not in replaced) + team
