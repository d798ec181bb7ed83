"""The options that need no fine-tuning: today's model with its few-shot prompt, the same with prompt caching and
through a batch API where answers may wait, a smaller sibling model with the same prompt, and a larger model.

Today's model and its cheaper ways to run (caching, batch) are the baseline fine-tuning must beat: same model,
same quality. The smaller model is priced too, but its quality is unproven, so it never becomes the baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from lib.advice.team import TeamAnswers
from lib.catalog.base_prices import base_price
from lib.catalog.models import load_models
from lib.catalog.prices import Price, price_on
from lib.costs.alternatives import batch_discount, cached_prefix, load_alternatives, smaller_model
from lib.costs.money import Option, Traffic, monthly_cost
from lib.costs.options import ALTERNATIVE, CURRENT, LARGER, SMALLER, PricedOption
from lib.costs.settings import DEFAULT_CURRENT_MODEL, CostSettings


def base_row(prices: Sequence[Price], model: str, on: date) -> Price | None:
    """Our own dated row when one is in force (the guide's 2023 prices), else genai-prices."""
    facts = load_models().get(model)
    provider = facts.provider if facts else "openai"
    return price_on(prices, provider, model, "base", on) or base_price(model, on, facts)


def current_model(answers: Mapping[str, object], settings: CostSettings) -> str:
    return settings.current_model or TeamAnswers.from_answers(answers).current_model or DEFAULT_CURRENT_MODEL


def _option(option_id: str, role: str, model: str, label: str, price: Price, traffic: Traffic,
            **ways: object) -> PricedOption:
    option = Option(option_id, label, price, True, **ways)  # type: ignore[arg-type]
    return PricedOption(option_id, role, price.provider, price.provider, model, label, monthly_cost(option, traffic))


def base_options(answers: Mapping[str, object], traffic: Traffic, settings: CostSettings, prices: Sequence[Price],
                 gaps: list[str]) -> list[PricedOption]:
    """Today's model first, then its alternatives, the smaller and the larger model, each where it is priced."""
    on = settings.as_of
    team = TeamAnswers.from_answers(answers)
    today = current_model(answers, settings)
    options: list[PricedOption] = []
    price = base_row(prices, today, on)
    if price is None:
        gaps.append(f"No base price for {today} in force on {on.isoformat()}; it is left out.")
    else:
        options.append(_option(f"{CURRENT}/{today}", CURRENT, today, f"{today}, your current model, few-shot prompt",
                               price, traffic))
        options += _alternatives(today, price, team, traffic, settings, gaps)
    smaller = smaller_model(today)
    smaller_price = base_row(prices, smaller, on) if smaller else None
    if smaller and smaller_price is not None and smaller != settings.larger_model:
        options.append(_option(f"{SMALLER}/{smaller}", SMALLER, smaller,
                               f"{smaller}, a smaller model, same few-shot prompt", smaller_price, traffic))
    if settings.larger_model != today:
        larger = base_row(prices, settings.larger_model, on)
        if larger is None:
            gaps.append(f"No base price for {settings.larger_model} in force on {on.isoformat()}; it is left out.")
        else:
            options.append(_option(f"{LARGER}/{settings.larger_model}", LARGER, settings.larger_model,
                                   f"{settings.larger_model}, a larger model, few-shot prompt", larger, traffic))
    return options


def _alternatives(model: str, price: Price, team: TeamAnswers, traffic: Traffic, settings: CostSettings,
                  gaps: list[str]) -> list[PricedOption]:
    found = []
    prefix = traffic.few_shot_examples * traffic.example_tokens
    if settings.caching and prefix:
        hit_rate = settings.cache_hit_rate if settings.cache_hit_rate is not None \
            else load_alternatives().default_hit_rate
        cached, why_not = cached_prefix(model, price, prefix, hit_rate)
        if cached is None:
            gaps.append(f"Prompt caching is not priced for {model}: {why_not}.")
        else:
            found.append(_option(f"{CURRENT}/{model}/cached", ALTERNATIVE, model,
                                 f"{model}, your current model, few-shot prompt cached", price, traffic,
                                 cached_prefix=cached))
    batch = batch_discount(model)
    if team.answers_can_wait == "yes" and batch is not None:
        found.append(_option(f"{CURRENT}/{model}/batch", ALTERNATIVE, model,
                             f"{model}, your current model, through the batch API", replace(
                                 price, note=f"{price.note} Batch: {batch.source}".strip()), traffic,
                             batch_discount=batch.discount))
    return found


def baseline(options: Sequence[PricedOption]) -> PricedOption | None:
    """The cheapest way to run today's model as it is: plain, cached or batched, whichever costs least a month."""
    same_model = [option for option in options if option.role in (CURRENT, ALTERNATIVE)]
    return min(same_model, key=lambda option: (option.monthly.total_usd, option.role != CURRENT), default=None)

