"""The fine-tuned options: for every provider in data/availability.toml, the model it would train, priced from
data/prices.toml (self-hosting from the GPU estimator), with serving billed by time sized to the traffic, the
team's constraints, and the end of serving where a date is published."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from lib.advice.team import TeamAnswers
from lib.catalog.availability import load_availability, path_status, serving_until
from lib.catalog.prices import Price, price_on
from lib.costs.capacity import Capacity, ServingAssumptions, load_serving_assumptions
from lib.costs.money import DAYS_PER_MONTH, Option, Traffic, monthly_cost
from lib.costs.options import FINE_TUNED, PricedOption, TrainingData
from lib.costs.settings import CostSettings, engineer_usd_per_hour
from lib.selfhost.plan import PROVIDER as SELF_HOSTED
from lib.selfhost.plan import plan as self_hosted_plan
from lib.selfhost.plan import serving_capacity
from lib.selfhost.shapes import MemoryInputError, load_gpus, open_model, params_billions
from lib.selfhost.throughput import Shape

CLOUD_NAMES = {"azure": "Microsoft Azure", "gcp": "Google Cloud", "aws": "AWS"}


def _fit(rule_in_house: bool, rule_cloud: str, team: TeamAnswers) -> tuple[bool, tuple[str, ...]]:
    notes: list[str] = []
    fits = True
    if team.data_may_leave == "no" and not rule_in_house:
        fits = False
        notes.append("your examples must stay in-house, and this service needs them uploaded")
    cloud = team.cloud
    if rule_cloud != "none" and cloud and cloud != rule_cloud:
        notes.append(f"needs a {CLOUD_NAMES[rule_cloud]} account, which you said you do not use yet")
    return fits, tuple(notes)


def model_at(provider: str, default_model: str, settings: CostSettings, prices: Sequence[Price]) -> str:
    """The model a door is priced for: the team's pick, else the dataset's model if priced there, else the
    door's default."""
    chosen = settings.models.get(provider)
    if chosen:
        return chosen
    priced = price_on(prices, provider, settings.small_model, "fine_tuned", settings.as_of)
    return settings.small_model if priced else default_model


def models_fine_tuned(settings: CostSettings, prices: Sequence[Price]) -> set[str]:
    """Every model the comparison prices fine-tuning for, so a dataset can be counted with each one's tokenizer."""
    return {model_at(rule.provider, rule.default_model, settings, prices) for rule in load_availability()[0]}


def serving_assumptions(settings: CostSettings, team: TeamAnswers) -> ServingAssumptions:
    """data/serving.toml's assumptions with the team's edits; an internal tool needs one replica, not two."""
    shipped = load_serving_assumptions()
    minimum = settings.min_replicas or (1 if team.audience == "internal" else shipped.min_replicas)
    return replace(shipped, peak_to_average=settings.peak_to_average or shipped.peak_to_average,
                   min_replicas=minimum,
                   ops_hours_per_month=shipped.ops_hours_per_month if settings.ops_hours is None
                   else settings.ops_hours)


def _dedicated_capacity(price: Price, model: str, traffic: Traffic, serving: ServingAssumptions) -> Capacity | None:
    """A provider's dedicated endpoint: replicas of the GPU its hourly price is for, sized like our own."""
    gpu = next((gpu for gpu in load_gpus() if gpu.id == price.gpu), None)
    if gpu is None or not price.hosting_per_hour:
        return None
    try:
        shape = Shape.of(open_model(model).architecture)
    except MemoryInputError:
        return None
    found = serving_capacity(shape, (gpu,), traffic.input_tokens, traffic.output_tokens, traffic.requests_per_month,
                             serving, prices={gpu.id: price.hosting_per_hour})
    return found[1] if found else None


def _end_of_serving(provider: str, model: str, today: date, horizon: int) -> tuple[date | None, Decimal | None, str]:
    """(the day serving ends, months of serving left within the horizon, the sentence) where it ends inside it."""
    rule = serving_until(provider, model)
    if rule is None:
        return None, None, ""
    months = max(Decimal((rule.serving_until - today).days) / DAYS_PER_MONTH, Decimal(0))
    if months >= horizon:
        return rule.serving_until, None, ""
    return rule.serving_until, months, (
        f"fine-tuned {model} stops serving on {rule.serving_until.isoformat()}, {months:,.1f} months into your "
        f"{horizon}-month horizon, and no successor can be trained there")


def fine_tuned_options(answers: Mapping[str, object], all_data: TrainingData, traffic: Traffic,
                       settings: CostSettings, prices: Sequence[Price],
                       gaps: list[str]) -> list[tuple[PricedOption, Decimal | None]]:
    """Each door's fine-tuned option at the team's traffic, with the training hours where training is billed by
    the hour (None: unknown)."""
    on = settings.as_of
    team = TeamAnswers.from_answers(answers)
    serving = serving_assumptions(settings, team)
    ops_usd = serving.ops_hours_per_month * engineer_usd_per_hour()
    found = []
    for rule in load_availability()[0]:
        provider = rule.provider
        model = model_at(provider, rule.default_model, settings, prices)
        data = all_data.for_model(model)
        hours: Decimal | None = None
        note = ""
        capacity: Capacity | None = None
        if provider == SELF_HOSTED:
            plan = self_hosted_plan(model, data.total_tokens, traffic.input_tokens, traffic.output_tokens,
                                    traffic.requests_per_month, on, data.longest_example, serving=serving,
                                    ops_usd_per_month=ops_usd)
            price = plan.price if plan else None
            hours, note = (plan.training_hours, plan.sentence) if plan else (None, "")
            capacity = plan.capacity if plan else None
            if not data.tokens_per_epoch:
                hours = None  # nothing to train on: no estimate of the hours either
        else:
            tier = settings.tiers.get(provider) or rule.default_tier or None
            price = price_on(prices, provider, model, "fine_tuned", on, tier,
                             settings.methods.get(provider), params_billions(model) if rule.open_weight else None)
            if price is None and tier and not settings.tiers.get(provider):
                price = price_on(prices, provider, model, "fine_tuned", on, None, settings.methods.get(provider))
            if price is not None and price.serving == "dedicated":
                capacity = _dedicated_capacity(price, model, traffic, serving)
        status = path_status(provider, settings.today, team.openai_access or None, model)
        if price is None:
            if status.usable:
                gaps.append(f"{rule.label}: no price for fine-tuning {model} in force on {on.isoformat()}, so it "
                            "is left out.")
            continue
        option_id = "/".join(filter(None, (provider, model, price.method, price.tier)))
        hosted = settings.hosting_hours if price.hosting_per_hour and capacity is None else 0
        label = f"{model} fine-tuned, {rule.label.split(' (')[0]}" + (f" ({price.tier})" if price.tier else "")
        fits, notes = _fit(rule.in_house, rule.cloud, team)
        until, months, ends = _end_of_serving(provider, model, settings.today, settings.horizon_months)
        cost = monthly_cost(Option(option_id, label, price, False, hosted, capacity), traffic)
        found.append((PricedOption(option_id, FINE_TUNED, provider, rule.label, model, label, cost, status, fits,
                                   notes, plan_note=note, serving_until=until, serving_months=months, ends=ends),
                      settings.training_hours.get(option_id, hours)))
    return found
