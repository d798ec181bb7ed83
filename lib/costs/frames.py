"""The comparison as data frames for charts and tables: which options are drawn, each option's cost at every traffic
volume and month, the break-even and crossover marks, and one summary row per option."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

from lib.catalog.prices import MILLION
from lib.costs.comparison import Comparison, Crossover
from lib.costs.money import HOURS_PER_MONTH, Traffic, blended_per_1m, months_text
from lib.costs.options import FINE_TUNED, PricedOption

CUMULATIVE_MONTHS = 24
MAX_STEPS_DRAWN = 60  # replica steps drawn exactly per option; past them the steps are small on a log scale


def volume_grid(current: int, options: Sequence[PricedOption] = ()) -> list[int]:
    """Monthly request counts on a log scale around the team's own volume, plus both sides of every replica step of
    the options billed by replicas, so their lines are drawn as the steps they are."""
    top = max(current * 100, 1_000_000)
    values, value = [], 100
    while value <= top:
        values += [value, value * 2, value * 5]
        value *= 10
    steps: set[int] = set()
    for option in options:
        capacity = option.monthly.option.capacity
        if capacity is None:
            continue
        for replicas in range(capacity.min_replicas, capacity.min_replicas + MAX_STEPS_DRAWN):
            edge = capacity.most_requests(replicas)
            if edge >= top:
                break
            steps |= {edge, edge + 1}
    return sorted({v for v in values if v <= top} | {v for v in steps if 100 <= v <= top}
                  | ({current} if current else set()))


def shown(comparison: Comparison, chosen: Sequence[str] | None = None) -> tuple[PricedOption, ...]:
    """The options to draw: the chosen ids, else every option the team can use plus its current model."""
    if chosen is not None:
        return tuple(option for option in comparison.options if option.id in chosen)
    return tuple(option for option in comparison.options if option.role != FINE_TUNED or option.usable)


def decision_options(comparison: Comparison) -> tuple[PricedOption, ...]:
    """What the verdict weighs: the model run today (as it is, and the cheapest way to run it without training), the
    larger model and the chosen door; every usable option when there is no door. Drawn alone, the lines a meeting
    talks about are not squeezed by the dearest services."""
    best = comparison.best
    if best is None:
        return shown(comparison)
    weighed = {id(option) for option in (comparison.current, comparison.baseline, comparison.larger, best) if option}
    return tuple(option for option in comparison.options if id(option) in weighed)


def amortised_monthly(option: PricedOption, traffic: Traffic, horizon: int) -> Decimal:
    """The monthly cost at `traffic` with the one-off costs spread over the horizon, as the break-even volume counts
    it; priced by the same function as the table, so options billed by replicas step up with traffic."""
    return option.monthly_at(traffic).total_usd + (option.one_off_usd or Decimal(0)) / horizon


def volume_curve(comparison: Comparison, options: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    rows = []
    horizon = comparison.settings.horizon_months
    drawn = options if options is not None else shown(comparison)
    for option in drawn:  # each line on its own grid: a per-token line needs none of the others' replica steps
        for requests in volume_grid(comparison.traffic.requests_per_month, [option]):
            at = comparison.traffic.with_requests_per_month(requests)
            rows.append({"option": option.label, "requests_per_month": requests,
                         "monthly_usd": float(amortised_monthly(option, at, horizon))})
    return pd.DataFrame(rows, columns=["option", "requests_per_month", "monthly_usd"])


def volume_marks(comparison: Comparison, best: PricedOption | None = None) -> pd.DataFrame:
    rows = []
    best = best or comparison.best
    volume = best.volume if best else None
    if best and volume and volume.value is not None and volume.value > 0:
        requests = int(volume.value)
        at = comparison.traffic.with_requests_per_month(requests)
        rows.append({"requests_per_month": requests,
                     "monthly_usd": float(amortised_monthly(best, at, comparison.settings.horizon_months)),
                     "label": f"break-even: {requests:,} requests/month"})
    if comparison.traffic.requests_per_month:
        rows.append({"requests_per_month": comparison.traffic.requests_per_month, "monthly_usd": None,
                     "label": f"your traffic: {comparison.traffic.requests_per_month:,}/month"})
    return pd.DataFrame(rows, columns=["requests_per_month", "monthly_usd", "label"])


def cumulative_curve(comparison: Comparison, options: Sequence[PricedOption] | None = None,
                     months: int = CUMULATIVE_MONTHS) -> pd.DataFrame:
    rows = []
    for option in options if options is not None else shown(comparison):
        start = option.one_off_usd or Decimal(0)
        last = months if option.serving_months is None else min(months, int(option.serving_months))
        for month in range(0, last + 1):  # no month is drawn past the end of serving
            rows.append({"option": option.label, "month": month,
                         "cumulative_usd": float(start + option.monthly.total_usd * month)})
    return pd.DataFrame(rows, columns=["option", "month", "cumulative_usd"])


def payback_marks(comparison: Comparison, best: PricedOption | None = None) -> pd.DataFrame:
    best = best or comparison.best
    payback = best.payback if best else None
    if not best or not payback or payback.value is None or payback.value > CUMULATIVE_MONTHS:
        return pd.DataFrame(columns=["month", "cumulative_usd", "label"])
    month = float(payback.value)
    usd = (best.one_off_usd or Decimal(0)) + best.monthly.total_usd * payback.value
    return pd.DataFrame([{"month": month, "cumulative_usd": float(usd),
                          "label": f"{best.repaid_words} paid back in {months_text(payback.value)}"}])


def tokens_per_hour(traffic: Traffic) -> Decimal:
    return Decimal(traffic.requests_per_month) * (traffic.input_tokens + traffic.output_tokens) / HOURS_PER_MONTH


def drawn_crossovers(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> tuple[Crossover, ...]:
    """The crossovers between two options that are drawn (by default those the team can use): a crossover with a
    door closed to the team is advice it cannot follow, unless it asked to see that door."""
    drawn = shown(comparison) if drawn is None else drawn
    return tuple(crossover for crossover in comparison.crossovers
                 if crossover.per_token in drawn and crossover.hourly in drawn)


def crossover_options(crossovers: Sequence[Crossover]) -> tuple[PricedOption, ...]:
    return tuple(dict.fromkeys(option for crossover in crossovers
                               for option in (crossover.per_token, crossover.hourly)))


def crossover_curve(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    """Monthly cost against tokens per hour for each option in a drawn crossover: fixed fee plus tokens."""
    crossovers = drawn_crossovers(comparison, drawn)
    options = crossover_options(crossovers)
    if not options:
        return pd.DataFrame(columns=["option", "tokens_per_hour", "monthly_usd"])
    found = [crossover.break_even.value for crossover in crossovers if crossover.break_even.value]
    top = max(Decimal(10_000_000), max(found, default=Decimal(0)) * 4, tokens_per_hour(comparison.traffic) * 4)
    rows = []
    for step in range(0, 41):
        per_hour = top * step / 40
        for option in options:
            rate = blended_per_1m(option.price, comparison.input_share)
            rows.append({"option": option.label, "tokens_per_hour": float(per_hour),
                         "monthly_usd": float(option.monthly.fixed_usd + per_hour * HOURS_PER_MONTH * rate / MILLION)})
    return pd.DataFrame(rows, columns=["option", "tokens_per_hour", "monthly_usd"])


def crossover_marks(comparison: Comparison, drawn: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    rows = []
    for crossover in drawn_crossovers(comparison, drawn):
        value = crossover.break_even.value
        if value:
            rate = blended_per_1m(crossover.per_token.price, comparison.input_share)
            rows.append({"tokens_per_hour": float(value),
                         "monthly_usd": float(crossover.per_token.monthly.fixed_usd
                                              + value * HOURS_PER_MONTH * rate / MILLION),
                         "label": f"crossover: {value:,.0f} tokens/hour"})
    yours = tokens_per_hour(comparison.traffic)
    if yours and rows:
        rows.append({"tokens_per_hour": float(yours), "monthly_usd": None,
                     "label": f"your traffic: {yours:,.0f} tokens/hour"})
    return pd.DataFrame(rows, columns=["tokens_per_hour", "monthly_usd", "label"])


def summary_rows(comparison: Comparison, options: Sequence[PricedOption] | None = None) -> pd.DataFrame:
    """One row per option, dollars first, for tables and the CSV export."""
    rows = []
    horizon = comparison.settings.horizon_months
    for option in options if options is not None else comparison.options:
        price = option.price
        horizon_usd = option.horizon_usd(horizon)
        rows.append({
            "option": option.label,
            "monthly_usd": float(option.monthly.total_usd),
            "training_usd": None if option.training_usd is None else float(option.training_usd),
            "project_usd": float(option.project_usd),
            "horizon_usd": None if horizon_usd is None else float(horizon_usd),
            "payback_months": (None if not option.payback or option.payback.value is None
                               else float(option.payback.value)),
            "break_even_requests_per_month": (None if not option.volume or option.volume.value is None
                                              else int(option.volume.value)),
            "availability": option.availability,
            "fits": option.fits,
            "replicas": option.replicas,
            "serving_until": option.serving_until.isoformat() if option.serving_until else None,
            "other_one_off_usd": float(sum((usd for _, usd in option.extra_one_off), Decimal(0))),
            "inference_usd_per_month": float(option.monthly.inference_usd),
            "fixed_usd_per_month": float(option.monthly.fixed_usd),
            "prompt_tokens_per_request": option.monthly.prompt_tokens,
            "requests_per_month": option.monthly.requests,
            "price": price.label,
            "price_in_force_from": price.effective.isoformat(),
            "confidence": price.confidence,
            "source": price.source,
        })
    return pd.DataFrame(rows)
