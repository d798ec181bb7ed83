"""Base-model inference prices from the genai-prices package, as rows of our own price table.

genai-prices (pydantic/genai-prices) keeps per-1M-token prices for hundreds of models with the dates
they changed, bundled in the package. Only the bundled snapshot is used: its `UpdatePrices` downloader
is never started, so nothing leaves the machine. Our own table (data/prices.toml) wins where it has a
row in force, which is how the late-2023 prices of the client's guide stay reproducible.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from lib.catalog.models import ModelFacts, load_models
from lib.catalog.prices import Price

PACKAGE = "genai-prices"


@cache
def package_version() -> str:
    from importlib.metadata import version

    return version("genai_prices")


def _rate(value: object) -> Decimal | None:
    """A flat per-1M price; for tiered prices (long prompts cost more) the first tier, the one most requests pay."""
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return Decimal(str(value))
    base = getattr(value, "base", None)
    return Decimal(str(base)) if base is not None else None


@cache
def _lookup(price_ref: str, on: date) -> tuple[Decimal | None, Decimal | None, Decimal | None, str] | None:
    from genai_prices.data_snapshot import get_snapshot

    provider_id, _, model_ref = price_ref.partition("/")
    try:
        provider, model = get_snapshot().find_provider_model(model_ref, None, provider_id, None)
    except LookupError:
        return None
    prices = model.get_prices(datetime.combine(on, time()))
    urls = getattr(provider, "pricing_urls", None) or []
    return (_rate(prices.input_mtok), _rate(prices.cache_read_mtok), _rate(prices.output_mtok),
            urls[0] if urls else provider.name)


def base_price(model_id: str, on: date, facts: ModelFacts | None = None) -> Price | None:
    """The model's base inference price in force on `on`, from genai-prices, or None when it has none."""
    facts = facts or load_models().get(model_id)
    if facts is None or not facts.price_ref:
        return None
    found = _lookup(facts.price_ref, on)
    if found is None or found[0] is None:
        return None
    input_price, cached, output, page = found
    return Price(provider=facts.provider, model=model_id, kind="base", effective=on,
                 source=f"{PACKAGE} {package_version()} bundled price data for {facts.price_ref} (from {page})",
                 input_per_1m=input_price, cached_input_per_1m=cached, output_per_1m=output, read_on=on,
                 confidence="third_party",
                 note="genai-prices records when prices changed; the price shown is the one it holds for this date.")
