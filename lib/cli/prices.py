"""`cost` and `breakeven`: one job's training, inference and hosting bill at dated prices, and the hourly-fee
crossover between OpenAI and Azure."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from lib import clock
from lib.catalog.availability import rule_for
from lib.catalog.base_prices import base_price
from lib.catalog.freshness import STALE_AFTER_DAYS, load_price_file, stale_rows, with_team_prices
from lib.catalog.models import DEFAULT_MODEL
from lib.catalog.prices import Price, PriceError, load_prices, models_priced, price_on, provider_ids, with_overrides
from lib.cli.common import (
    CliError,
    count_arg,
    epochs_arg,
    hours_arg,
    number,
    parse_date,
    price_arg,
    price_json,
    share_arg,
)
from lib.costs.money import HOURS_PER_MONTH, TrainingCost, azure_crossover, dollars, inference_usd, rate, training_cost
from lib.dataset.tokens import MAX_CHOSEN_EPOCHS
from lib.selfhost.plan import PROVIDER as SELF_HOSTED
from lib.selfhost.plan import plan as self_hosted_plan
from lib.selfhost.shapes import load_open_models, params_billions


def table(path: str | None) -> tuple[Price, ...]:
    """The catalog, with the team's own price file beside it when one is given."""
    if not path:
        return load_prices()
    try:
        return with_team_prices(load_prices(), load_price_file(path))
    except PriceError as error:
        raise CliError(f"{path}: {error}") from None


def _find_price(provider: str, model: str, kind: str, on: date, tier: str | None, overrides: dict,
                method: str | None = None, prices: tuple[Price, ...] | None = None) -> Price:
    prices = prices if prices is not None else load_prices()
    rule = rule_for(provider)
    tier = tier or rule.default_tier or None
    params_b = params_billions(model) if rule.open_weight else None
    if rule.open_weight and params_b is None and kind == "fine_tuned":
        known = ", ".join(entry.id for entry in load_open_models())
        raise CliError(f"{provider} prices open-weight models by size; give --model as one of {known}.")
    found = price_on(prices, provider, model, kind, on, tier, method, params_b)
    if found is None and tier and tier == rule.default_tier:
        found = price_on(prices, provider, model, kind, on, None, method, params_b)
    if found is None and kind == "base":
        found = base_price(model, on)
    if found is None and rule.status == "closed" and kind == "fine_tuned":
        raise CliError(f"{rule.label} is closed: {rule.note or rule.source}")
    if found is None:
        if not any(value is not None for value in overrides.values()):
            known = ", ".join(models_priced(prices, provider, kind, on)) or "none"
            raise CliError(f"No {kind.replace('_', '-')} price for {provider} {model} on {on.isoformat()}"
                           f"{f' ({tier} tier)' if tier else ''}; priced then: {known}. Give prices with "
                           "--training-price, --input-price, --output-price and --hosting-price.")
        found = Price(provider, model, kind, on, "prices given on the command line", tier=tier or "")
    try:
        return with_overrides(found, **overrides)
    except PriceError as error:
        raise CliError(str(error)) from None


def _self_hosted_price(args: argparse.Namespace) -> tuple[Price, Decimal | None]:
    """The self-hosted plan for the period's traffic: its hourly price is that of every replica the busiest hour
    needs (data/serving.toml), so hours x price is the period's hosting."""
    hours_hosted = args.hours or Decimal(HOURS_PER_MONTH)
    requests = args.requests or 0
    if (args.input_tokens or args.output_tokens) and not requests:
        raise CliError("Give --requests (the requests in the period) with --input-tokens and --output-tokens: the "
                       "replicas self-hosting needs depend on requests a second and their size.")
    per_month = int(Decimal(requests) * HOURS_PER_MONTH / hours_hosted) if requests else 0
    plan = self_hosted_plan(args.model, args.training_tokens * args.epochs,
                            int(args.input_tokens / requests) if requests else 0,
                            int(args.output_tokens / requests) if requests else 0, per_month, args.as_of)
    if plan is None:
        known = ", ".join(entry.id for entry in load_open_models())
        raise CliError(f"No priced GPU can train {args.model} yourself; give --model as one of {known}, or add a "
                       "GPU price to data/gpus.toml.")
    replicas = plan.capacity.replicas(per_month)
    return replace(plan.price, hosting_per_hour=plan.price.hosting_per_hour * replicas), plan.training_hours


def cost(args: argparse.Namespace) -> int:
    args.as_of = args.as_of or clock.today()
    overrides = {"training_per_1m": args.training_price, "input_per_1m": args.input_price,
                 "output_per_1m": args.output_price, "hosting_per_hour": args.hosting_price}
    if args.provider == SELF_HOSTED:
        price, estimated_hours = _self_hosted_price(args)
        price = with_overrides(price, **overrides)
    else:
        price = _find_price(args.provider, args.model, args.kind, args.as_of, args.tier, overrides, args.method,
                            table(args.prices))
        estimated_hours = None
    training = training_cost(price, args.training_tokens, args.epochs, args.training_hours or estimated_hours)
    if args.training_tokens == 0 and args.training_hours is None:
        training_usd: Decimal | None = Decimal(0)
        training = TrainingCost(training_usd, "no training asked for (give --training-tokens)")
    else:
        training_usd = training.usd
    inference = inference_usd(price, args.input_tokens, args.output_tokens)
    hosting = args.hours * price.hosting_per_hour
    total = None if training_usd is None else training_usd + inference + hosting
    result = {
        "training_usd": number(training_usd), "inference_usd": number(inference), "hosting_usd": number(hosting),
        "total_usd": number(total), "training_formula": training.formula, "price": price_json(price),
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"Prices: {price.label}, in force from {price.effective.isoformat()}")
    print(f"  Source: {price.source}")
    print(f"Training:  {dollars(training_usd)}  ({training.formula})")
    print(f"Inference: {dollars(inference)}  ({args.input_tokens:,} input + {args.output_tokens:,} output tokens)")
    print(f"Hosting:   {dollars(hosting)}  ({args.hours} hours x {rate(price.hosting_per_hour)})")
    print(f"Total:     {dollars(total)}")
    return 0


def breakeven(args: argparse.Namespace) -> int:
    args.as_of = args.as_of or clock.today()
    openai = _find_price("openai", args.model, "fine_tuned", args.as_of, None, {})
    azure = _find_price("azure", args.model, "fine_tuned", args.as_of, args.tier, {})
    crossover = azure_crossover(openai, azure, args.input_share)
    if args.json:
        print(json.dumps({"tokens_per_hour": number(crossover.value), "reason": crossover.sentence,
                          "input_share": float(args.input_share), "openai_price": price_json(openai),
                          "azure_price": price_json(azure)}, indent=2, ensure_ascii=False))
        return 0
    print(crossover.sentence)
    print(f"  OpenAI: {openai.label}, from {openai.effective.isoformat()}: {openai.source}")
    print(f"  Azure:  {azure.label}, from {azure.effective.isoformat()}: {azure.source}")
    return 0


def listing(args: argparse.Namespace) -> int:
    today = args.today or clock.today()
    rows = table(args.prices)
    shown_rows = stale_rows(rows, today) if args.stale else sorted(rows, key=lambda p: (p.provider, p.model))
    if args.json:
        print(json.dumps({"today": today.isoformat(), "stale_after_days": STALE_AFTER_DAYS if args.stale else None,
                          "rows": [price_json(price) for price in shown_rows]}, indent=2, ensure_ascii=False))
        return 0
    if args.stale:
        print(f"{len(shown_rows)} of {len(rows)} price rows were read more than {STALE_AFTER_DAYS} days before "
              f"{today.isoformat()}; check them again:" if shown_rows else
              f"Every price row was read within {STALE_AFTER_DAYS} days of {today.isoformat()}.")
    for price in shown_rows:
        read = price.read_on.isoformat() if price.read_on else "never"
        print(f"  {price.label}, in force from {price.effective.isoformat()}, read {read}: {price.source}")
    return 0


def add_cost(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"model id (default {DEFAULT_MODEL})")
    parser.add_argument("--provider", choices=provider_ids(), default="openai")
    parser.add_argument("--kind", choices=("fine_tuned", "base"), default="fine_tuned")
    parser.add_argument("--tier", help="the provider's tier, as in data/prices.toml (Azure: global, standard, "
                      "data_zone, developer; default: the provider's default tier)")
    parser.add_argument("--method", choices=("lora", "full"), help="how the weights are trained (default: the "
                      "cheaper the provider offers)")
    parser.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default today)")
    parser.add_argument("--training-tokens", type=count_arg, default=0, help="tokens per epoch")
    parser.add_argument("--epochs", type=epochs_arg, default=1, help=f"passes over the data, 1 to {MAX_CHOSEN_EPOCHS}")
    parser.add_argument("--training-hours", type=hours_arg, help="compute hours, for hourly training billing")
    parser.add_argument("--input-tokens", type=count_arg, default=0, help="input tokens in the period")
    parser.add_argument("--output-tokens", type=count_arg, default=0, help="output tokens in the period")
    parser.add_argument("--hours", type=hours_arg, default=Decimal(0), help="hours the deployment is hosted")
    parser.add_argument("--requests", type=count_arg, help="requests in the period (self_hosted: sizes the replicas)")
    parser.add_argument("--training-price", type=price_arg, help="USD per 1M training tokens (overrides the table)")
    parser.add_argument("--input-price", type=price_arg, help="USD per 1M input tokens")
    parser.add_argument("--output-price", type=price_arg, help="USD per 1M output tokens")
    parser.add_argument("--hosting-price", type=price_arg, help="USD per hosting hour")
    parser.add_argument("--prices", help="your own price file (CSV or TOML with the catalog's columns), used "
                      "beside data/prices.toml")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=cost)


def add_breakeven(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--as-of", type=parse_date, help="use prices in force on this date (default today)")
    parser.add_argument("--tier", help="Azure tier (default: its default tier)")
    parser.add_argument("--input-share", type=share_arg, default=Decimal("0.5"),
                           help="share of tokens that are input (default 0.5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=breakeven)


def add_listing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stale", action="store_true", help="only rows read more than 90 days before today")
    parser.add_argument("--today", type=parse_date, help="judge age on this date (default today)")
    parser.add_argument("--prices", help="your own price file, listed with the catalog")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=listing)
