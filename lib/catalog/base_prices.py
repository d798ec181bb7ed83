"""Base-model inference prices from the genai-prices package, as rows of our own price table.

genai-prices (pydantic/genai-prices) keeps per-1M-token prices for hundreds of models with the dates
they changed, bundled in the package. Only the bundled snapshot is used: its `UpdatePrices` downloader
is never started, so nothing leaves the machine. Our own table (data/prices.toml) wins where it has a
row in force, which is how the late-2023 prices of the client's guide stay reproducible.

A team's current model may be any model the snapshot prices, named three ways: an id of data/models.toml
(`gpt-4.1-mini`), a snapshot model id (`gpt-5-mini`, `gemini-3.5-flash`; first-party providers are searched
first), or `provider/model` (`aws/global.amazon.nova-2-lite-v1:0`); or `custom:IN:OUT`, a model the
snapshot does not know, priced by the team in USD per 1M input and output tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache

from lib.catalog.models import ModelFacts, load_models
from lib.catalog.prices import MAX_PRICE, Price

PACKAGE = "genai-prices"
CUSTOM = "custom"  # custom:IN:OUT, the team's own per-1M prices for a model the snapshot lacks
# Providers that sell their own models come first when a bare model id is looked up, so "claude-haiku-4-5"
# is Anthropic's price, not a reseller's; the rest follow in the snapshot's order.
FIRST_PARTY = ("openai", "anthropic", "google", "aws", "azure", "mistral", "deepseek", "x-ai", "meta", "cohere",
               "moonshotai", "zai", "minimax")
_CUSTOM = re.compile(r"custom:([0-9]{1,5}(?:\.[0-9]{1,6})?):([0-9]{1,5}(?:\.[0-9]{1,6})?)")


@cache
def package_version() -> str:
    from importlib.metadata import version

    return version("genai_prices")


@cache
def snapshot_date() -> date:
    """The date the bundled price snapshot was taken (genai-prices records it in the package)."""
    from genai_prices.data_snapshot import get_snapshot

    return get_snapshot().timestamp.date()


def _rate(value: object) -> Decimal | None:
    """A flat per-1M price; for tiered prices (long prompts cost more) the first tier, the one most requests pay."""
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return Decimal(str(value))
    base = getattr(value, "base", None)
    return Decimal(str(base)) if base is not None else None


def _providers() -> list:  # type: ignore[type-arg]
    from genai_prices.data_snapshot import get_snapshot

    providers = list(get_snapshot().providers)
    rank = {pid: number for number, pid in enumerate(FIRST_PARTY)}
    return sorted(providers, key=lambda provider: rank.get(provider.id, len(rank)))


@cache
def _exact_index() -> dict[str, tuple[str, str]]:
    """Every snapshot model, by `provider/model` and by its bare id (first-party providers first)."""
    index: dict[str, tuple[str, str]] = {}
    for provider in _providers():
        for model in provider.models:
            index.setdefault(f"{provider.id}/{model.id}".lower(), (provider.id, model.id))
    for provider in _providers():
        for model in provider.models:
            index.setdefault(model.id.lower(), (provider.id, model.id))
    return index


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


def custom_prices(model_id: str) -> tuple[Decimal, Decimal] | None:
    """The team's own (input, output) per-1M prices of a `custom:IN:OUT` model id, or None if it is not one."""
    found = _CUSTOM.fullmatch(model_id)
    if not found:
        return None
    try:
        amounts = Decimal(found[1]), Decimal(found[2])
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    return amounts if all(amount <= MAX_PRICE for amount in amounts) else None


def custom_id(input_per_1m: float | Decimal, output_per_1m: float | Decimal) -> str:
    """The model id that carries a team's own prices through answers files and links."""
    def text(amount: float | Decimal) -> str:
        return format(Decimal(str(amount)).quantize(Decimal("0.000001")).normalize(), "f")
    return f"{CUSTOM}:{text(input_per_1m)}:{text(output_per_1m)}"


def price_ref_of(model_id: str) -> str | None:
    """Where genai-prices holds this model's price ("provider/model"), or None when it is not in the snapshot."""
    facts = load_models().get(model_id)
    if facts is not None:
        return facts.price_ref or None
    if not isinstance(model_id, str) or len(model_id) > 200:
        return None
    found = _exact_index().get(model_id.lower())
    return f"{found[0]}/{found[1]}" if found else None


def knows(model_id: object) -> bool:
    """Whether the app can price `model_id` as a team's current model."""
    return isinstance(model_id, str) and (price_ref_of(model_id) is not None or custom_prices(model_id) is not None)


def base_price(model_id: str, on: date, facts: ModelFacts | None = None) -> Price | None:
    """The model's base inference price in force on `on`, from genai-prices (or the team's own), else None."""
    own = custom_prices(model_id)
    if own is not None:
        return Price(provider="custom", model=model_id, kind="base", effective=on, source="your own prices",
                     input_per_1m=own[0], output_per_1m=own[1], read_on=on, confidence="inferred",
                     note="Entered by your team: a model the bundled price snapshot does not know.")
    facts = facts or load_models().get(model_id)
    price_ref = facts.price_ref if facts is not None else price_ref_of(model_id)
    if not price_ref:
        return None
    found = _lookup(price_ref, on)
    if found is None or found[0] is None:
        return None
    input_price, cached, output, page = found
    provider = facts.provider if facts is not None else price_ref.partition("/")[0]
    return Price(provider=provider, model=model_id, kind="base", effective=on,
                 source=f"{PACKAGE} {package_version()} bundled price data (snapshot of "
                        f"{snapshot_date().isoformat()}) for {price_ref} (from {page})",
                 input_per_1m=input_price, cached_input_per_1m=cached, output_per_1m=output,
                 read_on=snapshot_date(), confidence="third_party",
                 note="genai-prices records when prices changed; the price shown is the one it holds for this date.")


@dataclass(frozen=True)
class CatalogModel:
    value: str  # what an answers file or a link carries
    provider: str  # the provider's name, for grouping
    label: str


def _newest_first(model_id: str) -> tuple[int, tuple[int, ...], str]:
    """The first version number in the id (gpt-5.6, claude-opus-4-5, gemini-3.5-flash), highest first, compared
    as numbers (5.10 after 5.9); ids without one last; then alphabetical."""
    found = re.search(r"(?<![\d.])\d+(?:[.-]\d+)?(?!\d*[bBkKxX])", model_id)  # not sizes: 20b, 8x7b
    if not found:
        return 1, (), model_id
    numbers = [-int(part) for part in re.split(r"[.-]", found[0])]
    return 0, (*numbers, 0)[:2], model_id


@cache
def catalog_models(on: date) -> tuple[CatalogModel, ...]:
    """Every model with an input and output price on `on`: grouped by provider (sellers of their own models
    first), newest first within each (version numbers in the id, highest first; the snapshot has no release
    dates); models of data/models.toml under their own ids."""
    ours = {facts.price_ref.lower(): facts for facts in load_models().values() if facts.price_ref}
    index = _exact_index()
    found: list[CatalogModel] = []
    for provider in _providers():
        rows = []
        for model in provider.models:
            prices = model.get_prices(datetime.combine(on, time()))
            if _rate(prices.input_mtok) is None or _rate(prices.output_mtok) is None:
                continue
            ref = f"{provider.id}/{model.id}"
            facts = ours.get(ref.lower())
            value = facts.id if facts else (model.id if index.get(model.id.lower()) == (provider.id, model.id)
                                            else ref)
            rows.append(CatalogModel(value, provider.name, f"{provider.name} · {model.name or model.id} ({value})"))
        found.extend(sorted(rows, key=lambda row: _newest_first(row.value)))
    return tuple(dict((row.value, row) for row in found).values())
